/**
 * `misskey-codegen probe`: does a live server answer as its own /api.json says? Calls the endpoints
 * that are safe to call (see ../probe/plan.ts for the rule), validates every answer against the
 * server's spec, and prints a conformance report. Exit 0 when everything called conforms (calls the
 * server refused to this account, see ../probe/not-allowed.ts, are reported apart and do not count),
 * 1 when anything mismatched or failed (a 500, an answer that is not Misskey's, no answer).
 *
 * The report goes to stdout (text, or one JSON object with --json); progress to stderr. The token is
 * read from a file only (never an argument, which other users can see in `ps`) and is redacted from
 * everything printed.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { redact } from '../../runtime/http/errors.js';
import { GeneratorError, OptionError } from '../errors.js';
import { parseServerUrl } from '../load/url.js';
import { NOT_ALLOWED } from '../probe/not-allowed.js';
import { SKIP_REASONS } from '../probe/plan.js';
import type { ProbeReport } from '../probe/run.js';
import { handler, milliseconds, type Io } from './options.js';

export interface ProbeOptions {
  /** The server: origin, `/api-doc` or `/api.json` URL. */
  url: string;
  tokenFile?: string | undefined;
  json?: boolean | undefined;
  /** Seconds, for the spec download and for each call. Default 30. */
  timeout?: number | undefined;
  /** Calls in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Show the received value with each mismatch. */
  showValues?: boolean | undefined;
}

export type ProbeIo = Io;

export async function runProbe(options: ProbeOptions, io: ProbeIo): Promise<{ code: number; report: ProbeReport }> {
  const timeoutMs = milliseconds('--timeout', options.timeout, 30);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new OptionError(`--concurrency must be a whole number ≥ 1, got ${options.concurrency}`);
  const token = options.tokenFile !== undefined ? await readToken(resolve(io.cwd ?? process.cwd(), options.tokenFile)) : undefined;
  // Last line of defence: nothing printed may carry the token, whatever produced the text.
  const stdout = (text: string) => io.stdout(redact(text, token));
  const say = (line: string) => {
    if (!options.json) io.stderr(redact(line, token) + '\n');
  };

  const origin = parseServerUrl(options.url).origin;
  // Imported here: every CLI run loads this module, and normalizing pulls in the TypeScript compiler.
  const [{ loadSpec }, { modelFromSpec }, { probeServer }, { formatJson, formatText }] = await Promise.all([
    import('../load/index.js'),
    import('../normalize/from-spec.js'),
    import('../probe/run.js'),
    import('../probe/report.js'),
  ]);
  const loaded = await loadSpec({ url: options.url, timeoutMs, onProgress: say });
  for (const w of loaded.warnings) say(`warning: ${w}`);
  const specOrigin = new URL(loaded.source.location).origin;
  if (specOrigin !== origin) say(`warning: the spec came from ${specOrigin}; calls go to ${origin}, the server you named`);
  const model = modelFromSpec(loaded);
  say(`probing ${origin} ${token !== undefined ? 'with the token' : 'anonymously (no --token-file)'}`);
  const report = await probeServer(model, {
    origin,
    token,
    timeoutMs,
    concurrency,
    includeValues: options.showValues ?? false,
    fetch: io.fetch,
  });
  stdout(options.json ? formatJson(report) : formatText(report));
  return { code: report.ok ? 0 : 1, report };
}

async function readToken(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new GeneratorError('TOKEN_FILE', `cannot read --token-file ${path} (${typeof code === 'string' ? code : 'unreadable'})`);
  }
  const token = text.trim();
  if (token === '') throw new GeneratorError('TOKEN_FILE', `--token-file ${path} is empty`);
  if (/\s/.test(token)) throw new GeneratorError('TOKEN_FILE', `--token-file ${path} must hold one token and nothing else`);
  return token;
}

interface ProbeArgs {
  url: string;
  'token-file': string | undefined;
  json: boolean;
  timeout: number;
  concurrency: number;
  'show-values': boolean;
}

export const probeCommand: CommandModule<object, ProbeArgs> = {
  command: 'probe',
  describe: "Check a live server against its own spec: call the endpoints that are safe to call, validate every answer",
  builder: (y: Argv<object>): Argv<ProbeArgs> =>
    y
      .option('url', { type: 'string', demandOption: true, describe: 'The server: its origin, /api-doc or /api.json URL' })
      .option('token-file', {
        type: 'string',
        describe: 'File holding an access token; endpoints with a read: permission are then called with it',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as one JSON object' })
      .option('timeout', { type: 'number', default: 30, describe: 'Seconds to wait for the spec and for each call' })
      .option('concurrency', { type: 'number', default: 4, describe: 'Calls in flight at once' })
      .option('show-values', { type: 'boolean', default: false, describe: 'Show the received value with each mismatch' })
      // Examples in an epilogue: yargs' two-column examples split these long commands mid-argument.
      .epilogue(
        [
          'Examples:',
          '  # Anonymous endpoints only',
          '  $0 probe --url https://misskey.example',
          '',
          '  # Also read: endpoints, as JSON for a tool',
          '  $0 probe --url https://misskey.example --token-file misskey-token.txt --json',
          '',
          // One line each: yargs wraps them to the terminal. Built from the rule tables, so they stay true.
          `Never called (the report lists each, with the reason): ${Object.values(SKIP_REASONS).join('; ')}. ` +
            '`markAsRead` is sent as false. The token goes only to endpoints that name a read: permission.',
          `Exit 0: every call answered as its spec says, or was not allowed for this account (${Object.keys(NOT_ALLOWED).join(', ')}: reported apart); ` +
            "1: a mismatch, or a failed call (a 500 or other Misskey error, an answer that is not Misskey's, no answer).",
        ].join('\n'),
      ) as unknown as Argv<ProbeArgs>,
  handler: handler(async (args: ArgumentsCamelCase<ProbeArgs>, io) => {
    const options = { url: args.url, tokenFile: args['token-file'], json: args.json, timeout: args.timeout, concurrency: args.concurrency, showValues: args['show-values'] };
    return (await runProbe(options, io)).code;
  }),
};
