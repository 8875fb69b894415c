/** `misskey-codegen diff OLD NEW`: what changed in the API between two specs, servers or generated packages. */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { diffModels, renderJson, renderText, type ApiDiff } from '../diff/index.js';
import { loadModelFrom, type ModelSourceOptions } from '../diff/source.js';

export interface DiffArgs {
  old: string;
  new: string;
  json?: boolean;
  failOnBreaking?: boolean;
  breakingOnly?: boolean;
  internal?: boolean;
  timeout?: number;
}

export interface DiffIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** For tests: passed to the loader (e.g. an undici dispatcher). */
  load?: Omit<ModelSourceOptions, 'excludeInternal' | 'timeoutMs'>;
}

/** Exit status of a diff: 2 when asked to fail on breaking changes and there are some. */
export const EXIT_BREAKING = 2;

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <old> <new>',
  describe: 'Show what changed in the API between two specs, servers or generated packages',
  builder: (y: Argv) =>
    y
      .positional('old', { type: 'string', demandOption: true, describe: 'The older side: an api.json file, a server URL, or a generated package folder (also installed: node_modules/<name>)' })
      .positional('new', { type: 'string', demandOption: true, describe: 'The newer side, in any of the same forms' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the changes as JSON on stdout (for tools)' })
      .option('fail-on-breaking', { type: 'boolean', default: false, describe: `Exit ${EXIT_BREAKING} when any change is breaking for a client (refinements and compatible changes are not)` })
      .option('breaking-only', { type: 'boolean', default: false, describe: 'List only breaking changes (the counts still cover all)' })
      .option('internal', { type: 'boolean', default: true, describe: 'Include internal endpoints; --no-internal compares as `generate --no-internal` does' })
      .option('timeout', { type: 'number', default: 30, describe: 'Seconds to wait for a server given by URL' })
      // Examples in an epilogue: yargs' two-column examples split these long commands mid-argument.
      .epilogue(
        [
          'Examples:',
          '  # Before deploying against an upgraded server: what changed since your package was generated',
          '  $0 diff ./src/misskey https://misskey.example',
          '',
          `  # In CI: exit ${EXIT_BREAKING} when the new spec breaks clients`,
          '  $0 diff old/api.json new/api.json --fail-on-breaking',
          '',
          '  # A package installed from its tarball against the server it talks to',
          '  $0 diff node_modules/misskey-api https://misskey.example',
          '',
          '  # Two servers (e.g. upstream and a fork), as JSON',
          '  $0 diff https://a.example https://b.example --json',
        ].join('\n'),
      ) as unknown as Argv<DiffArgs>,
  handler: async (args: ArgumentsCamelCase<DiffArgs>) => {
    process.exitCode = await runDiff(args, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
  },
};

/** Loads both sides, prints the diff, and returns the exit status. Load failures throw (one-line messages). */
export async function runDiff(args: DiffArgs, io: DiffIo): Promise<number> {
  const timeout = args.timeout ?? 30;
  if (!(timeout > 0)) throw new Error(`--timeout must be a positive number of seconds, got ${args.timeout}`);
  const options: ModelSourceOptions = { ...io.load, timeoutMs: timeout * 1000, excludeInternal: args.internal === false };
  const [older, newer] = await Promise.all([loadModelFrom(args.old, options), loadModelFrom(args.new, options)]);
  const diff: ApiDiff = diffModels(older.model, newer.model);
  if (args.json) io.stdout(renderJson(diff, { sources: { old: { kind: older.kind, location: older.location }, new: { kind: newer.kind, location: newer.location } } }));
  else io.stdout(renderText(diff, { breakingOnly: args.breakingOnly ?? false }));
  return args.failOnBreaking && diff.summary.breaking > 0 ? EXIT_BREAKING : 0;
}
