/**
 * `misskey-codegen mock`: serve a stand-in for a Misskey server from its own spec, for testing bots
 * offline (the server is generator/mock/). Runs until interrupted.
 *
 * stdout carries only the origin (`ORIGIN=$(… | head -1)` works); everything else goes to stderr.
 * Tokens are never printed: they are the ones given with `--user name:token`, or written to
 * `--token-file` (JSON, mode 600).
 */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { OptionError } from '../errors.js';
import type { Mock, MockUserFixture } from '../mock/index.js';
import { writeSecret } from './auth.js';
import { handler, type Io } from './options.js';

export interface MockCommandOptions {
  spec?: string | undefined;
  url?: string | undefined;
  seed?: string | undefined;
  port?: number | undefined;
  host?: string | undefined;
  allowRemote?: boolean | undefined;
  /** `name` or `name:token`. */
  user?: readonly string[] | undefined;
  tokenFile?: string | undefined;
  approve?: boolean | undefined;
}

export function parseUsers(values: readonly string[] | undefined): MockUserFixture[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return values.map((value) => {
    const at = value.indexOf(':');
    const username = at < 0 ? value : value.slice(0, at);
    if (!/^\w{1,64}$/.test(username)) throw new OptionError(`--user must be a username (letters, digits, _) optionally followed by :token, got ${JSON.stringify(username)}`);
    return at < 0 ? { username } : { username, token: value.slice(at + 1) };
  });
}

/** Starts the mock and reports where it is; the caller decides how long it runs. */
export async function runMock(options: MockCommandOptions, io: Io): Promise<Mock> {
  if (options.spec !== undefined && options.url !== undefined) throw new OptionError('give either --spec or --url, not both');
  // Loaded here, not at the top: the mock brings ajv and ws, which other commands never need.
  const { startMock } = await import('../mock/index.js');
  const mock = await startMock({
    spec: options.url ?? (options.spec !== undefined ? resolve(io.cwd ?? process.cwd(), options.spec) : undefined),
    seed: options.seed,
    port: options.port,
    host: options.host,
    allowRemote: options.allowRemote,
    users: parseUsers(options.user),
    approve: options.approve,
    controlRoutes: true,
  });
  if (options.tokenFile !== undefined) {
    const path = resolve(io.cwd ?? process.cwd(), options.tokenFile);
    await writeSecret(path, JSON.stringify(mock.tokens, null, 2) + '\n');
    io.stderr(`tokens written to ${path} (mode 600)\n`);
  }
  const users = Object.keys(mock.tokens).join(', ');
  io.stderr(`mock of ${mock.model.source.software} ${mock.model.source.version} (${mock.model.endpoints.length} endpoints) at ${mock.origin}; users: ${users}\n`);
  io.stdout(`${mock.origin}\n`);
  return mock;
}

interface MockArgs {
  spec: string | undefined;
  url: string | undefined;
  seed: string | undefined;
  port: number;
  host: string;
  'allow-remote': boolean;
  user: string[] | undefined;
  'token-file': string | undefined;
  approve: boolean;
}

export const mockCommand: CommandModule<object, MockArgs> = {
  command: 'mock',
  describe: 'Serve a stand-in server from a spec, for testing bots offline',
  builder: (y: Argv<object>): Argv<MockArgs> =>
    y
      .option('spec', { type: 'string', describe: 'Path of an api.json file (default: the embedded Misskey 2026.7.0 spec)' })
      .option('url', { type: 'string', describe: 'The server whose spec to serve: its origin, /api-doc or /api.json URL' })
      .option('seed', { type: 'string', describe: 'Seed of the made-up data: the same seed gives the same answers' })
      .option('port', { type: 'number', default: 0, describe: 'Port to listen on (0: any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on; only loopback unless --allow-remote' })
      .option('allow-remote', { type: 'boolean', default: false, describe: 'Allow a --host that is not a loopback address' })
      .option('user', { type: 'string', array: true, describe: 'A user, as name or name:token (repeat; default alice and bob with random tokens)' })
      .option('token-file', { type: 'string', describe: "Write the users' tokens to this file (JSON, mode 600)" })
      .option('approve', { type: 'boolean', default: false, describe: 'Approve every MiAuth session as soon as its page is opened' })
      .epilogue(
        [
          'Examples:',
          '  # The embedded spec, a known token for a bot under test',
          '  $0 mock --port 3000 --user alice:test-token',
          '',
          '  # Your server\'s spec, tokens of the default users written to a file',
          '  $0 mock --url https://misskey.example --token-file mock-tokens.json',
          '',
          'stdout carries only the origin; tokens are never printed. Faults and events on demand, from a test in any language:',
          '  POST {origin}/__mock/rate-limit {"endpoint","times","retryAfter"} · /__mock/slow {"ms"} · /__mock/bad-gateway {"times"}',
          '  · /__mock/clear · /__mock/restart {"downMs"} · /__mock/post {"text","user"} · /__mock/approve {"session","user","permissions"}',
        ].join('\n'),
      ) as unknown as Argv<MockArgs>,
  handler: handler(async (args: MockArgs, io) => {
    const mock = await runMock(
      { spec: args.spec, url: args.url, seed: args.seed, port: args.port, host: args.host, allowRemote: args['allow-remote'], user: args.user, tokenFile: args['token-file'], approve: args.approve },
      io,
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await mock.close();
    return 0;
  }),
};
