/**
 * `misskey-codegen usage`: what the app uses of the API, read from its own TypeScript project (with
 * the generator's compiler): every use with file:line, the smallest permission set, credential and
 * internal endpoints; `--write`/`--check` keep that set in a typed constant; `--against` judges each
 * use on other servers (specs, URLs or packages).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { terminalLine } from '../emit/safe.js';
import { GeneratorError, oneLine } from '../errors.js';
import type { Matrix, Target } from '../usage/compat.js';
import { permissionsModule, relativeSpecifier } from '../usage/constant.js';
import type { AppAnalysis } from '../usage/index.js';
import { loadModelFrom, writeMarkdown, type DiffIo, type ModelSourceOptions } from './diff.js';
import { handler, milliseconds } from './options.js';

export interface UsageArgs {
  project?: string;
  package?: string;
  write?: string;
  check?: boolean;
  against?: string[];
  json?: boolean;
  markdown?: string;
  failOnIncompatible?: boolean;
  timeout?: number;
}

/** Exit status when `--fail-on-incompatible` finds a use that is not fine on a target (as `diff --fail-on-breaking`). */
export const EXIT_INCOMPATIBLE = 2;

export const usageCommand: CommandModule<object, UsageArgs> = {
  command: 'usage',
  describe: "What your app uses of the API: each call with file:line, the permissions it needs, and whether other servers support it",
  builder: (y: Argv) =>
    y
      .option('project', { type: 'string', default: 'tsconfig.json', describe: "The app's tsconfig.json" })
      .option('package', { type: 'string', describe: 'The generated package folder (default: the one the app imports)' })
      .option('write', { type: 'string', describe: 'Write the permission set to this file as a typed constant (appPermissions)' })
      .option('check', { type: 'boolean', default: false, describe: 'With --write: write nothing, exit 1 when the file is stale' })
      .option('against', { type: 'string', array: true, describe: 'A server to check the uses against: an api.json, a URL or a generated package (repeatable)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON on stdout' })
      .option('markdown', { type: 'string', describe: 'Also write the report as Markdown to this file (a pull-request comment)' })
      .option('fail-on-incompatible', { type: 'boolean', default: false, describe: `Exit ${EXIT_INCOMPATIBLE} when a use is missing, broken or needs a new permission on an --against server` })
      .option('timeout', { type: 'number', default: 30, describe: 'Seconds to wait for a server given by URL' })
      .check((argv) => {
        if (argv['check'] && argv['write'] === undefined) throw new Error('--check needs --write FILE: the file to compare');
        return true;
      })
      .epilogue(
        [
          'Examples:',
          '  # Every use of the API in the app, and the permissions to ask for',
          '  $0 usage --project tsconfig.json',
          '',
          '  # Keep the set in src/permissions.ts; in CI, exit 1 when it is stale',
          '  $0 usage --write src/permissions.ts --check',
          '',
          `  # Which uses work on other servers; exit ${EXIT_INCOMPATIBLE} when one does not`,
          '  $0 usage --against https://misskey.example --fail-on-incompatible',
        ].join('\n'),
      ) as unknown as Argv<UsageArgs>,
  handler: handler(runUsage),
};

export async function runUsage(args: UsageArgs, io: DiffIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  // Loaded here, not at the top: the analysis brings the TypeScript compiler, which other commands never need,
  // and every CLI run (generate too) loads this module.
  const [{ analyzeApp }, { compatibility }, { renderUsageJson, renderUsageMarkdown, renderUsageText }] = await Promise.all([
    import('../usage/index.js'),
    import('../usage/compat.js'),
    import('../usage/render.js'),
  ]);
  const analysis = await analyzeApp({ project: resolve(cwd, args.project ?? 'tsconfig.json'), package: args.package === undefined ? undefined : resolve(cwd, args.package) });
  const options: ModelSourceOptions = { ...io.load, timeoutMs: milliseconds('--timeout', args.timeout, 30) };
  const targets = await Promise.all((args.against ?? []).map((source) => targetFrom(resolveSource(source, cwd), options, source)));
  // Two targets of one version (a server and a saved spec of it) would make two columns of the same name.
  const repeated = new Set(targets.filter((t, i) => targets.findIndex((u) => u.label === t.label) !== i).map((t) => t.label));
  for (const target of targets) if (repeated.has(target.label)) target.label = `${target.label} (${basename(target.location)})`;
  const matrix: Matrix | undefined = targets.length > 0 ? compatibility(analysis.usage.uses, analysis.model, targets) : undefined;

  let status = 0;
  if (args.write !== undefined) status = await writeOrCheck(analysis, resolve(cwd, args.write), args.write, args.check ?? false, io);
  if (args.markdown !== undefined) {
    await writeMarkdown(resolve(cwd, args.markdown), renderUsageMarkdown(analysis, matrix));
  }
  io.stdout(args.json ? renderUsageJson(analysis, matrix) : renderUsageText(analysis, matrix));
  if (status !== 0) return status;
  return args.failOnIncompatible && matrix && matrix.incompatible > 0 ? EXIT_INCOMPATIBLE : 0;
}

/** A path relative to the command's folder; a URL as given. */
function resolveSource(source: string, cwd: string): string {
  return /^https?:\/\//i.test(source) ? source : resolve(cwd, source);
}

async function targetFrom(source: string, options: ModelSourceOptions, given: string): Promise<Target> {
  const { model, location } = await loadModelFrom(source, options);
  return { label: `${model.source.software} ${model.source.version}`, location: /^https?:/i.test(location) ? location : given, model };
}

async function writeOrCheck(analysis: AppAnalysis, file: string, given: string, check: boolean, io: DiffIo): Promise<number> {
  const specifier = installedName(analysis.packageDir, analysis.root) ?? relativeSpecifier(file, analysis.packageDir);
  const text = permissionsModule(analysis.needs.permissions, specifier, `misskey-codegen usage --write ${relative(analysis.root, file).split('\\').join('/')}`);
  if (check) {
    const current = existsSync(file) ? await readFile(file, 'utf8') : undefined;
    if (current === text) return 0;
    // The permissions come from the spec: made safe for the terminal like every line of the report.
    io.stderr(`${terminalLine(oneLine(`${given} is ${current === undefined ? 'missing' : 'stale'}: the app's calls need ${analysis.needs.permissions.join(',') || 'no permission'}; run usage --write ${given}`))}\n`);
    return 1;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return 0;
}

/** An installed package (`node_modules/<name>`) is imported by its name; undefined for a folder of the app's. */
function installedName(packageDir: string, root: string): string | undefined {
  const manifest = join(packageDir, 'package.json');
  if (!/[\\/]node_modules[\\/]/.test(packageDir) || !existsSync(manifest)) return undefined;
  const shown = relative(root, manifest).split('\\').join('/');
  let name: unknown;
  try {
    name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
  } catch (error) {
    throw new GeneratorError('NOT_A_PACKAGE', oneLine(`${shown} cannot be read: ${(error as Error).message}`));
  }
  if (typeof name !== 'string') throw new GeneratorError('NOT_A_PACKAGE', oneLine(`${shown} has no name`));
  return name;
}
