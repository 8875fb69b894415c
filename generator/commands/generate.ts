/** `misskey-codegen generate`: spec (file, URL or the embedded default) → typed package on disk. */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { generate } from '../generate.js';
import { EMBEDDED_DEFAULT } from '../load/index.js';

interface GenerateArgs {
  spec?: string;
  url?: string;
  out: string;
  check: boolean;
  internal: boolean;
  quiet: boolean;
  json: boolean;
  timeout: number;
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
      .example('$0 generate --out src/misskey', 'Upstream Misskey ' + EMBEDDED_DEFAULT.version + ' (the reference spec shipped with the tool, offline)')
      .example('$0 generate --url https://misskey.example --out src/misskey', 'Exactly the API of your server')
      .example('$0 generate --spec ./api.json --out src/misskey --check', 'In CI: fail when the committed package is stale') as unknown as Argv<GenerateArgs>,
  handler: async (args: ArgumentsCamelCase<GenerateArgs>) => {
    process.exitCode = await runGenerate(args);
  },
};

export async function runGenerate(args: GenerateArgs): Promise<number> {
  const say = (line: string) => {
    if (!args.quiet && !args.json) process.stderr.write(line + '\n');
  };
  if (args.spec === undefined && args.url === undefined) {
    say(`No --url or --spec: generating for upstream Misskey ${EMBEDDED_DEFAULT.version} from the reference spec shipped with misskey-codegen.`);
  }
  const started = performance.now();
  const result = await generate({
    ...(args.spec !== undefined ? { spec: args.spec } : {}),
    ...(args.url !== undefined ? { url: args.url } : {}),
    out: args.out,
    check: args.check,
    excludeInternal: !args.internal,
    timeoutMs: args.timeout * 1000,
    onProgress: say,
  });
  const { model, write } = result;
  for (const w of model.warnings) say(`warning: ${w.pointer}: ${w.message}`);
  const changes = [...write.added.map((p) => `+ ${p}`), ...write.changed.map((p) => `~ ${p}`), ...write.removed.map((p) => `- ${p}`)];
  const stale = args.check && changes.length > 0;
  if (args.json) {
    process.stdout.write(
      JSON.stringify({
        ok: !stale,
        server: { software: model.source.software ?? 'misskey', version: model.source.version },
        endpoints: model.endpoints.length,
        schemas: model.schemas.length,
        permissions: model.permissions.length,
        warnings: model.warnings,
        ...write,
        ms: Math.round(performance.now() - started),
      }) + '\n',
    );
  } else if (args.check) {
    if (stale) process.stderr.write(`${args.out} is stale; these files would change:\n${changes.join('\n')}\n`);
    else say(`${args.out} is up to date.`);
  } else {
    say(
      `${model.source.software ?? 'misskey'} ${model.source.version}: ${model.endpoints.length} endpoints, ${model.schemas.length} schemas, ` +
        `${model.permissions.length} permissions → ${args.out} (${changes.length} files changed, ${Math.round(performance.now() - started)} ms)`,
    );
  }
  return stale ? 1 : 0;
}
