#!/usr/bin/env node
/** The `misskey-codegen` command. Subcommands live in ./commands; this file only assembles them and reports failures in one line. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { authCommand } from './commands/auth.js';
import { diffCommand } from './commands/diff.js';
import { generateCommand } from './commands/generate.js';
import { probeCommand } from './commands/probe.js';

await yargs(hideBin(process.argv))
  .scriptName('misskey-codegen')
  .usage('$0 <command> [options]\n\nA typed TypeScript client for the exact Misskey server (or fork) you target, from its own /api.json.')
  .command(generateCommand)
  .command(authCommand)
  .command(probeCommand)
  .command(diffCommand)
  .demandCommand(1, 'Name a command: generate or auth')
  .strict()
  .help()
  .alias('h', 'help')
  .version()
  .wrap(Math.min(110, process.stdout.columns || 100))
  .fail((message, error) => {
    // One line, never a stack trace: the message names what was wrong and where.
    process.stderr.write(`misskey-codegen: ${error ? error.message : message}\n`);
    // Usage mistakes (no error object) exit 2; failures of the work itself (bad spec, server down) exit 1.
    process.exit(error ? 1 : 2);
  })
  .parseAsync();
