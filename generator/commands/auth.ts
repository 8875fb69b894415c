/**
 * `misskey-codegen auth`: get an access token through MiAuth.
 *
 * Output: everything meant for people (the URL to open, progress, the username) goes to stderr;
 * stdout carries only the token, and only with --print-token, so `TOKEN=$(… --print-token)` works.
 * The token never appears anywhere else: not in messages, not in errors.
 */
import { randomUUID } from 'node:crypto';
import { chmod, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { GeneratorError } from '../errors.js';
import { parseServerUrl } from '../load/url.js';
import { handler, milliseconds, type Io } from './options.js';

export const DEFAULT_TOKEN_FILE = 'misskey-token.txt';
/** Seconds to wait for approval, and between checks. */
const TIMEOUT = 300;
const INTERVAL = 2;

export interface AuthOptions {
  /** The server: origin, `/api-doc` or `/api.json` URL; only the origin is used. */
  url: string;
  /** Each entry may hold several, comma-separated. */
  permission?: readonly string[] | undefined;
  name?: string | undefined;
  icon?: string | undefined;
  callback?: string | undefined;
  /** Default `misskey-token.txt`, unless --print-token is given without --token-file. */
  tokenFile?: string | undefined;
  printToken?: boolean | undefined;
  /** Seconds. Default 300. */
  timeout?: number | undefined;
  /** Seconds between checks. Default 2. */
  interval?: number | undefined;
}

export type AuthIo = Io;

export interface AuthResult {
  username: string | undefined;
  /** Absolute path of the token file, when one was written. */
  tokenFile: string | undefined;
}

export function parsePermissions(values: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const value of values ?? []) {
    for (const part of String(value).split(',')) {
      const p = part.trim();
      if (p !== '') out.add(p);
    }
  }
  return [...out];
}

export async function runAuth(options: AuthOptions, io: AuthIo): Promise<AuthResult> {
  const origin = parseServerUrl(options.url).origin;
  const timeoutMs = milliseconds('--timeout', options.timeout, TIMEOUT);
  const intervalMs = milliseconds('--interval', options.interval, INTERVAL);
  const tokenFile =
    options.tokenFile !== undefined
      ? resolve(io.cwd ?? process.cwd(), options.tokenFile)
      : options.printToken
        ? undefined
        : resolve(io.cwd ?? process.cwd(), DEFAULT_TOKEN_FILE);
  // Fail before the user approves anything, not after: a token that cannot be saved is lost.
  if (tokenFile !== undefined) await checkWritable(tokenFile);

  const permissions = parsePermissions(options.permission);
  // Imported here: every CLI run (generate too) loads this module.
  const { createMiAuthSession, waitForMiAuth } = await import('../../runtime/miauth.js');
  const session = createMiAuthSession({
    origin,
    name: options.name ?? 'misskey-codegen',
    icon: options.icon,
    callback: options.callback,
    permissions,
  });
  if (permissions.length === 0) {
    io.stderr('Note: no --permission given; the token will only work for endpoints that need no permission.\n');
  }
  io.stderr(`Open this URL in a browser signed in to ${origin}, and approve the access:\n\n  ${session.url}\n\n`);
  io.stderr(`Waiting for approval (up to ${options.timeout ?? TIMEOUT} s)…\n`);

  const { token, user } = await waitForMiAuth<{ username?: unknown; host?: unknown } | undefined>(session, {
    timeoutMs,
    intervalMs,
    fetch: io.fetch,
    signal: io.signal,
  });
  const username = typeof user?.username === 'string' ? user.username : undefined;
  const host = typeof user?.host === 'string' ? user.host : new URL(origin).host;
  io.stderr(username !== undefined ? `Authorized as @${username}@${host}.\n` : 'Authorized.\n');

  if (tokenFile !== undefined) {
    await writeSecret(tokenFile, `${token}\n`);
    io.stderr(`Token written to ${tokenFile} (mode 600, readable only by you). Keep it out of version control.\n`);
  }
  if (options.printToken) io.stdout(`${token}\n`);
  return { username, tokenFile };
}

async function checkWritable(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new GeneratorError('TOKEN_FILE', `--token-file ${path} is a directory`);
  const dir = await stat(dirname(path)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new GeneratorError('TOKEN_FILE', `--token-file: directory ${dirname(path)} does not exist`);
}

/**
 * Writes to a new file created with mode 0600, then renames it over the target: the secret is never
 * in a world-readable file, and a reader never sees a half-written one. Renaming replaces a symlink
 * at the target instead of writing through it.
 */
export async function writeSecret(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask can only remove bits from 0600, but be explicit about the result.
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

interface AuthArgs {
  url: string;
  permission: string[] | undefined;
  name: string | undefined;
  icon: string | undefined;
  callback: string | undefined;
  'token-file': string | undefined;
  'print-token': boolean;
  timeout: number;
  interval: number;
}

export const authCommand: CommandModule<object, AuthArgs> = {
  command: 'auth',
  describe: 'Get an access token for a Misskey account through MiAuth',
  builder: (yargs: Argv<object>): Argv<AuthArgs> =>
    yargs
      .option('url', {
        type: 'string',
        demandOption: true,
        describe: 'The server: its origin, /api-doc or /api.json URL',
      })
      .option('permission', {
        type: 'string',
        array: true,
        describe: 'Permission to ask for (repeat, or separate with commas); the server drops ones it does not know',
      })
      .option('name', { type: 'string', describe: 'App name shown on the approval page (default: misskey-codegen)' })
      .option('icon', { type: 'string', describe: 'App icon URL shown on the approval page' })
      .option('callback', { type: 'string', describe: 'URL the browser is sent to after approval' })
      .option('token-file', {
        type: 'string',
        describe: `Write the token to this file, mode 600 (default: ${DEFAULT_TOKEN_FILE}, or none with --print-token)`,
      })
      .option('print-token', { type: 'boolean', default: false, describe: 'Print the token to stdout' })
      .option('timeout', { type: 'number', default: TIMEOUT, describe: 'Seconds to wait for approval' })
      .option('interval', { type: 'number', default: INTERVAL, describe: 'Seconds between checks' })
      // Examples in an epilogue: yargs' two-column examples split these long commands mid-argument.
      .epilogue(
        [
          'Examples:',
          `  # Save a token to ${DEFAULT_TOKEN_FILE} (mode 600) in the current folder`,
          '  $0 auth --url https://misskey.example --permission read:account,write:notes',
          '',
          '  # Save it elsewhere, under your own app name',
          '  $0 auth --url https://misskey.example --permission read:account --name "My bot" \\',
          '    --token-file ~/.config/bot/token',
          '',
          '  # Capture it in a shell variable instead of a file',
          '  TOKEN=$($0 auth --url https://misskey.example --permission write:notes --print-token)',
          '',
          'The URL to open and all messages go to stderr; stdout carries only the token, and only with',
          '--print-token. The server drops permissions it does not know, so the token may hold fewer.',
        ].join('\n'),
      ),
  handler: handler(async (argv: AuthArgs, io) => {
    const options = {
      url: argv.url,
      permission: argv.permission,
      name: argv.name,
      icon: argv.icon,
      callback: argv.callback,
      tokenFile: argv['token-file'],
      printToken: argv['print-token'],
      timeout: argv.timeout,
      interval: argv.interval,
    };
    await runAuth(options, io);
    return 0;
  }),
};
