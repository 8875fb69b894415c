/**
 * `misskey-codegen diff OLD NEW`: what changed in the API between two specs, servers or generated
 * packages. Each side is a spec file, a server URL, or a package generated earlier — its output
 * folder, or the package installed from a tarball (`node_modules/<name>`) — through its model.json.
 * Every failure is one line naming the file and, for a bad model.json, the JSON pointer.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { ApiDiff } from '../diff/index.js';
import { GeneratorError, oneLine } from '../errors.js';
import type { LoadOptions } from '../load/index.js';
import { readModelFile } from '../model/model-file.js';
import type { ApiModel } from '../model/types.js';
import { handler, milliseconds, type Io } from './options.js';

export interface DiffArgs {
  old: string;
  new: string;
  json?: boolean;
  failOnBreaking?: boolean;
  markdown?: string;
  breakingOnly?: boolean;
  internal?: boolean;
  timeout?: number;
}

export interface DiffIo extends Io {
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
      .option('markdown', { type: 'string', describe: 'Also write the changes as Markdown to this file (a pull-request body)' })
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
  handler: handler(runDiff),
};

/** Loads both sides, prints the diff, and returns the exit status. Load failures throw (one-line messages). */
export async function runDiff(args: DiffArgs, io: DiffIo): Promise<number> {
  const options: ModelSourceOptions = { ...io.load, timeoutMs: milliseconds('--timeout', args.timeout, 30), excludeInternal: args.internal === false };
  const [older, newer] = await Promise.all([loadModelFrom(args.old, options), loadModelFrom(args.new, options)]);
  const { diffModels, renderJson, renderMarkdown, renderText } = await diffSteps();
  const diff: ApiDiff = diffModels(older.model, newer.model);
  if (args.markdown !== undefined) await writeMarkdown(resolve(io.cwd ?? process.cwd(), args.markdown), renderMarkdown(diff));
  if (args.json) io.stdout(renderJson(diff, { sources: { old: { kind: older.kind, location: older.location }, new: { kind: newer.kind, location: newer.location } } }));
  else io.stdout(renderText(diff, { breakingOnly: args.breakingOnly ?? false }));
  return args.failOnBreaking && diff.summary.breaking > 0 ? EXIT_BREAKING : 0;
}

/** Writes a Markdown report, making its folder (a CI step writes it where the next step reads it). */
export async function writeMarkdown(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

export interface ModelFrom {
  model: ApiModel;
  kind: 'spec' | 'url' | 'package';
  /** The file, folder or URL as shown to people (a URL without userinfo or query). */
  location: string;
}

export interface ModelSourceOptions extends Pick<LoadOptions, 'timeoutMs' | 'maxBytes' | 'dispatcher' | 'onProgress' | 'identity'> {
  excludeInternal?: boolean;
}

/** `source` is an http(s) URL, a folder holding a generated package (installed or not), a package's model.json, or a spec file. */
export async function loadModelFrom(source: string, options: ModelSourceOptions = {}): Promise<ModelFrom> {
  const { excludeInternal, ...load } = options;
  if (/^https?:\/\//i.test(source)) {
    const { loadSpec, modelFromSpec } = await specSteps();
    const loaded = await loadSpec({ ...load, url: source });
    return { model: modelFromSpec(loaded, { excludeInternal }), kind: 'url', location: loaded.source.location };
  }
  const isFolder = existsSync(source) && statSync(source).isDirectory();
  if (isFolder || basename(source) === 'model.json') {
    const file = isFolder ? join(source, 'model.json') : source;
    if (!existsSync(file)) throw new GeneratorError('NOT_A_PACKAGE', oneLine(isFolder && existsSync(join(source, 'manifest.json')) ? packedWithoutModel(source) : `${source} is a folder without a model.json: not a package generated by misskey-codegen`));
    return { model: await readModelFile(file), kind: 'package', location: source };
  }
  const { loadSpec, modelFromSpec } = await specSteps();
  const loaded = await loadSpec({ ...load, spec: source });
  return { model: modelFromSpec(loaded, { excludeInternal }), kind: 'spec', location: source };
}

/** A folder with a manifest.json but no model.json: most likely a JavaScript package packed by a version that left the model out of its tarball. */
function packedWithoutModel(folder: string): string {
  return `${folder} has a manifest.json but no model.json: a package packed without its model (JavaScript packages from earlier versions of misskey-codegen left it out); regenerate it, or diff the spec it was generated from`;
}

/** Comparing and rendering, imported when there is something to compare: every CLI run loads this module (generate too). */
export async function diffSteps(): Promise<typeof import('../diff/index.js')> {
  return import('../diff/index.js');
}

/** Loading and normalizing, imported when a side is a spec: every CLI run loads this module, and they pull in the TypeScript compiler. */
async function specSteps() {
  const [{ loadSpec }, { modelFromSpec }] = await Promise.all([import('../load/index.js'), import('../normalize/from-spec.js')]);
  return { loadSpec, modelFromSpec };
}
