/** `misskey-codegen generate`: spec (file, URL or the embedded default) → typed package on disk. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { ApiDiff } from '../diff/index.js';
import { diffSteps, writeMarkdown } from './diff.js';
import { generatorVersion } from '../assets.js';
import { compileCacheFor } from '../compile-cache.js';
import { recordedOptions } from '../emit/manifest.js';
import { validatePackageName, validatePackageVersion } from '../emit/package-json.js';
import { jsonLine, terminalLine, terminalLines } from '../emit/safe.js';
import { EMBEDDED_DEFAULT } from '../load/embedded.js';
import { readPackageModel } from '../model/model-file.js';
import type { EmitKind } from '../model/types.js';
import { specFileSha256, unchanged, type Unchanged } from '../output/fingerprint.js';
import { checkOutputFolder } from '../output/output-folder.js';
import { handler, milliseconds, type Io } from './options.js';

export interface GenerateArgs {
  spec?: string;
  url?: string;
  out: string;
  check: boolean;
  internal: boolean;
  quiet: boolean;
  json: boolean;
  timeout?: number;
  emit?: EmitKind;
  packageName?: string;
  packageVersion?: string;
  markdown?: string;
  prettier?: boolean;
  force?: boolean;
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe: 'Generate a typed client package for one Misskey server',
  builder: (y: Argv) =>
    y
      .option('spec', { type: 'string', describe: 'Path of an api.json file', conflicts: 'url' })
      .option('url', { type: 'string', describe: 'The server: its origin, its /api-doc page or its /api.json' })
      .option('out', { type: 'string', demandOption: true, describe: 'Folder to write the package to' })
      .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 and list the files that would change' })
      .option('internal', { type: 'boolean', default: true, describe: 'Include internal endpoints (meant for the official web client); --no-internal leaves them out' })
      .option('quiet', { type: 'boolean', default: false, alias: 'q', describe: 'Print nothing but errors' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON summary on stdout (for CI)' })
      .option('timeout', { type: 'number', default: 30, describe: 'Seconds to wait for the server when using --url' })
      .option('emit', {
        choices: ['ts', 'js'] as const,
        default: 'ts' as const,
        describe: 'ts: TypeScript sources to keep in your project; js: a publishable ESM package (JavaScript, .d.ts, package.json)',
      })
      .option('package-name', { type: 'string', describe: 'package.json name (default: <software>-api[-<host>]); with --emit ts, asks for a package.json' })
      .option('markdown', { type: 'string', describe: 'Also write what changed in the API as Markdown to this file (a pull-request body)' })
      .option('package-version', { type: 'string', describe: "package.json version (default: the server's version)" })
      .option('force', { type: 'boolean', default: false, describe: 'Regenerate even when the spec, the options, the generator version and every file are unchanged' })
      .option('prettier', {
        type: 'boolean',
        default: false,
        describe: 'Format the TypeScript files with the prettier config found from --out (default: the files written from the spec are already in prettier\'s default style)',
      })
      .check((argv) => {
        // Before the spec is loaded, so a typo costs nothing; throws the one-line reason.
        if (argv['packageName'] !== undefined) validatePackageName(String(argv['packageName']));
        if (argv['packageVersion'] !== undefined) validatePackageVersion(String(argv['packageVersion']));
        return true;
      })
      // Examples in an epilogue: yargs' two-column examples split these long commands mid-argument.
      .epilogue(
        [
          'Examples:',
          `  # Upstream Misskey ${EMBEDDED_DEFAULT.version}, from the reference spec shipped with the tool (offline)`,
          '  $0 generate --out src/misskey',
          '',
          '  # Exactly the API of your server (its origin, its /api-doc page or its /api.json)',
          '  $0 generate --url https://misskey.example --out src/misskey',
          '',
          '  # In CI: write nothing, exit 1 and list the files when the committed package is stale',
          '  $0 generate --url https://misskey.example --out src/misskey --check --json',
          '',
          '  # A saved spec, without the endpoints meant only for the official web client',
          '  $0 generate --spec ./api.json --out src/misskey --no-internal',
          '',
          '  # A package to publish or share in a workspace',
          '  $0 generate --url https://misskey.example --emit js --package-name @me/misskey \\',
          '    --out packages/misskey',
          '',
          'Progress goes to stderr. When --out already holds a generated package, what changed in the API',
          'since then is printed before anything is written.',
        ].join('\n'),
      ) as unknown as Argv<GenerateArgs>,
  handler: handler(runGenerate),
};

export async function runGenerate(args: GenerateArgs, io: Io): Promise<number> {
  // Lines carry spec text (pointers, names, the server's version): nothing in them may reach the terminal raw.
  const say = (line: string) => {
    if (!args.quiet && !args.json) io.stderr(terminalLines(line) + '\n');
  };
  // Before the spec is loaded: options and a path that cannot take the package fail now, not after the work.
  const timeoutMs = milliseconds('--timeout', args.timeout, 30);
  await checkOutputFolder(args.out, { write: !args.check });
  if (args.spec === undefined && args.url === undefined) {
    say(`No --url or --spec: generating for upstream Misskey ${EMBEDDED_DEFAULT.version} from the reference spec shipped with misskey-codegen.`);
  }
  const started = performance.now();
  const same = await noOp(args);
  if (same) {
    const { counts } = same;
    if (args.json) {
      const summary = { ok: true, server: { software: same.software, version: same.version }, ...counts, warnings: [], added: [], changed: [], removed: [], apiChanges: null };
      io.stdout(jsonLine(JSON.stringify({ ...summary, unchanged: true, ms: Math.round(performance.now() - started) })) + '\n');
    } else {
      say(`${args.out} is up to date: same spec, options and generator version, and its ${same.files} files are as generated (nothing built; --force rebuilds).`);
    }
    return 0;
  }
  // The emitters (TypeScript, openapi-typescript, prettier) load only when something is built.
  compileCacheFor(`generate-${args.emit ?? 'ts'}`);
  const { generate } = await import('../generate.js');
  // Read before anything is written: the package already in --out, to say what changed since.
  const previous = await readPackageModel(args.out).catch((error: unknown) => {
    say(`warning: cannot tell what changed since the package in ${args.out}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  // The diff modules only when there is something to compare with, or a report to write.
  const diff = previous !== undefined || args.markdown !== undefined ? await diffSteps() : undefined;
  let apiChanges: ApiDiff | null = null;
  const { model, write } = await generate({
    ...(args.spec !== undefined ? { spec: args.spec } : {}),
    ...(args.url !== undefined ? { url: args.url } : {}),
    out: args.out,
    check: args.check,
    excludeInternal: !args.internal,
    timeoutMs,
    emit: args.emit,
    packageName: args.packageName,
    packageVersion: args.packageVersion,
    prettierFrom: args.prettier ? args.out : undefined,
    onProgress: say,
    // As soon as the model is built: a later step that fails (compiling --emit js) still shows them.
    onModel: (model) => {
      for (const w of model.warnings) say(`warning: ${terminalLine(w.pointer)}: ${terminalLine(w.message)}`);
    },
    // What changed comes before the files move, so a user watching (or a CI log cut short) sees it first.
    beforeWrite: ({ model }) => {
      apiChanges = previous === undefined || diff === undefined ? null : diff.diffModels(previous, model);
      if (apiChanges && diff) say(diff.renderSummary(apiChanges).trimEnd());
    },
  });
  if (args.markdown !== undefined && diff) await writeMarkdown(resolve(io.cwd ?? process.cwd(), args.markdown), apiChanges ? diff.renderMarkdown(apiChanges) : diff.renderFirstGeneration(model.source, model.endpoints.length));
  const changes = [...write.added.map((p) => `+ ${p}`), ...write.changed.map((p) => `~ ${p}`), ...write.removed.map((p) => `- ${p}`)];
  const stale = args.check && changes.length > 0;
  if (args.json) {
    io.stdout(
      jsonLine(JSON.stringify({
        ok: !stale,
        server: { software: model.source.software, version: model.source.version },
        endpoints: model.endpoints.length,
        schemas: model.schemas.length,
        permissions: model.permissions.length,
        warnings: model.warnings,
        ...write,
        apiChanges,
        ms: Math.round(performance.now() - started),
      })) + '\n',
    );
  } else if (args.check) {
    if (stale) io.stderr(`${args.out} is stale; these files would change:\n${changes.join('\n')}\n`);
    else say(`${args.out} is up to date.`);
  } else {
    say(
      `${model.source.software} ${model.source.version}: ${model.endpoints.length} endpoints, ${model.schemas.length} schemas, ` +
        `${model.permissions.length} permissions → ${args.out} (${changes.length} files changed, ${Math.round(performance.now() - started)} ms)`,
    );
  }
  return stale ? 1 : 0;
}

/**
 * The package in --out when this run would write it again unchanged (see ../output/fingerprint.ts),
 * known without loading the spec's model. A spec from a URL must be downloaded first: the full run
 * decides then. `--prettier` (its config may have changed) and `--force` always rebuild.
 */
async function noOp(args: GenerateArgs): Promise<Unchanged | undefined> {
  if (args.force || args.prettier || args.url !== undefined) return undefined;
  // Nothing generated there yet (the first run): no need to read and hash the spec for the comparison.
  if (!existsSync(join(args.out, 'manifest.json'))) return undefined;
  const specSha256 = await specFileSha256(args.spec ?? EMBEDDED_DEFAULT.path);
  if (specSha256 === undefined) return undefined;
  const options = recordedOptions({ excludeInternal: !args.internal, emit: args.emit ?? 'ts', packageName: args.packageName, packageVersion: args.packageVersion });
  return unchanged(args.out, { generatorVersion: generatorVersion(), specSha256, options });
}
