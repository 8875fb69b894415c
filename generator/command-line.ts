/** The command line: the subcommands of ./commands assembled with yargs, and failures reported in one line. Started by ./cli.ts. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { authCommand } from './commands/auth.js';
import { diffCommand } from './commands/diff.js';
import { generateCommand } from './commands/generate.js';
import { mockCommand } from './commands/mock.js';
import { probeCommand } from './commands/probe.js';
import { usageCommand } from './commands/usage.js';
import { jsonLine, terminalLine } from './emit/safe.js';
import { errorCode } from './errors.js';

const args = hideBin(process.argv);

const commands = [generateCommand, diffCommand, usageCommand, probeCommand, authCommand, mockCommand];
// Derived from the list, so a new command cannot be missing from the hint.
const names = commands.map((c) => String(c.command).split(' ')[0]);
const nameHint = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;

// A CI script that asked for JSON parses stdout; a failure must be JSON there too, not just a stderr line.
const beforeDashDash = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
const jsonMode = beforeDashDash.some((a) => a === '--json' || a === '--json=true');

/**
 * yargs expands an unknown `--bogus-flag` to `bogusFlag` as well and reports both names
 * ("Unknown arguments: bogus-flag, bogusFlag"): keep the one the user typed.
 */
function oneNamePerArgument(message: string): string {
  const listed = /^Unknown arguments?: (.+)$/.exec(message);
  if (!listed) return message;
  const names = listed[1]!.split(', ');
  const squash = (name: string) => name.replace(/-/g, '').toLowerCase();
  const expansions = new Set(names.filter((n) => n.includes('-')).map(squash));
  const typed = names.filter((n) => n.includes('-') || !expansions.has(squash(n)));
  return `Unknown argument${typed.length === 1 ? '' : 's'}: ${typed.join(', ')}`;
}

let cli = yargs(args)
  .scriptName('misskey-codegen')
  // Every message of ours is English; yargs' own (usage, unknown arguments) should not switch with $LANG.
  .locale('en')
  .usage('$0 <command> [options]\n\nA typed TypeScript client for the exact Misskey server (or fork) you target, from its own /api.json.');
for (const command of commands) cli = cli.command(command as never);
await cli
  .demandCommand(1, `Name a command: ${nameHint}`)
  .strict()
  .help()
  .alias('h', 'help')
  .version()
  // Examples live in epilogues (one comment line, then the command): yargs' two-column examples split long commands mid-word.
  .epilogue(
    [
      'Examples:',
      '  # A client for your server (its origin, its /api-doc page or its /api.json)',
      '  $0 generate --url https://misskey.example --out src/misskey',
      '',
      '  # In CI: exit 1 when the committed package no longer matches the server',
      '  $0 generate --url https://misskey.example --out src/misskey --check',
      '',
      '  # What changed on the server since your package was generated',
      '  $0 diff src/misskey https://misskey.example',
      '',
      '  # What your app uses of the API, the permissions it needs, and whether another server has it all',
      '  $0 usage --project tsconfig.json --against https://misskey.example',
      '',
      '  # Get an access token through MiAuth (written to misskey-token.txt, mode 600)',
      '  $0 auth --url https://misskey.example --permission read:account,write:notes',
      '',
      '  # A stand-in server for testing a bot offline (prints its origin; runs until Ctrl-C)',
      '  $0 mock --user alice:test-token',
      '',
      'Run `$0 <command> --help` for the options of one command.',
    ].join('\n'),
  )
  .wrap(Math.min(110, process.stdout.columns || 100))
  // Middleware runs only when a command is about to run, never when help is shown. yargs then renders
  // the whole help text once more (kept in case a handler asks for it; ours never do): unwrapped, that
  // costs a third of wrapping it word by word to the display width, some 30 ms of every generation.
  .middleware(() => void cli.wrap(null))
  .fail((message, error) => {
    const text = error ? error.message : oneNamePerArgument(message);
    // One line, never a stack trace: the message names what was wrong and where. Spec text in it is
    // escaped, line breaks included.
    process.stderr.write(`misskey-codegen: ${terminalLine(text)}\n`);
    if (jsonMode) {
      // A GeneratorError's own code (SpecLoadError's NOT_MISSKEY, OptionError's BAD_OPTION, …); USAGE for a mistake yargs found.
      const code = error ? errorCode(error) : 'USAGE';
      process.stdout.write(jsonLine(JSON.stringify({ ok: false, error: { code, message: text } })) + '\n');
    }
    // Usage mistakes (no error object) exit 2; failures of the work itself (bad spec, server down) exit 1.
    process.exit(error ? 1 : 2);
  })
  .parseAsync();
