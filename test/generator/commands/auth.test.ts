import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authCommand,
  parsePermissions,
  runAuth,
  writeSecret,
  type AuthIo,
  type AuthOptions,
} from '../../../generator/commands/auth.js';
import { TimeoutError } from '../../../runtime/http/errors.js';
import { runCli } from '../../helpers/cli.js';
import { startFakeMisskey, type FakeMisskey } from '../../helpers/fake-misskey.js';

const dir = mkdtempSync(join(tmpdir(), 'mkcg-auth-'));
let fake: FakeMisskey;
beforeAll(async () => {
  fake = await startFakeMisskey({ approveAfterMs: 100 });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function io(cwd: string): AuthIo & { out: string; err: string } {
  const captured = {
    out: '',
    err: '',
    cwd,
    stdout: (text: string) => void (captured.out += text),
    stderr: (text: string) => void (captured.err += text),
  };
  return captured;
}

function freshDir(name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  return path;
}

const lastSessionToken = () => {
  const tokens = [...fake.tokens.values()];
  return tokens[tokens.length - 1]!;
};

const run = (options: Partial<AuthOptions>, streams: AuthIo) =>
  runAuth({ url: `${fake.origin}/api-doc`, interval: 0.02, timeout: 30, ...options }, streams);

describe('runAuth', () => {
  it('prints the URL, waits, writes the token file with mode 600, and never prints the token', async () => {
    const cwd = freshDir('default');
    const streams = io(cwd);
    const result = await run({ permission: ['read:account', 'write:notes,write:reactions'] }, streams);
    const token = lastSessionToken();

    expect(result).toEqual({ username: 'alice', tokenFile: join(cwd, 'misskey-token.txt') });
    expect(readFileSync(join(cwd, 'misskey-token.txt'), 'utf8')).toBe(`${token}\n`);
    expect(statSync(join(cwd, 'misskey-token.txt')).mode & 0o777).toBe(0o600);
    expect(readdirSync(cwd)).toEqual(['misskey-token.txt']); // no temp file left behind

    expect(streams.out).toBe('');
    expect(streams.err).not.toContain(token);
    expect(streams.err).toMatch(
      new RegExp(
        `${fake.origin}/miauth/[0-9a-f-]{36}\\?name=misskey-codegen&permission=read:account,write:notes,write:reactions`,
      ),
    );
    expect(streams.err).toContain('Authorized as @alice@127.0.0.1:');
    expect(streams.err).toContain('misskey-token.txt');
  });

  it('--print-token prints the token to stdout only, and writes no file unless asked', async () => {
    const cwd = freshDir('print');
    const streams = io(cwd);
    await run({ printToken: true, permission: ['read:account'] }, streams);
    const token = lastSessionToken();
    expect(streams.out).toBe(`${token}\n`);
    expect(streams.err).not.toContain(token);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--print-token with --token-file does both', async () => {
    const cwd = freshDir('both');
    const streams = io(cwd);
    await run({ printToken: true, tokenFile: 'secret/../tok', permission: ['read:account'] }, streams);
    const token = lastSessionToken();
    expect(streams.out).toBe(`${token}\n`);
    expect(readFileSync(join(cwd, 'tok'), 'utf8')).toBe(`${token}\n`);
  });

  it('replaces an existing world-readable file with a 600 one', async () => {
    const cwd = freshDir('replace');
    const path = join(cwd, 'token');
    writeFileSync(path, 'old\n', { mode: 0o644 });
    await run({ tokenFile: path, permission: ['read:account'] }, io(cwd));
    expect(readFileSync(path, 'utf8')).toBe(`${lastSessionToken()}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('fails before showing a URL when the token file cannot be written', async () => {
    const cwd = freshDir('unwritable');
    const streams = io(cwd);
    await expect(run({ tokenFile: 'missing-dir/token' }, streams)).rejects.toThrow(/does not exist/);
    await expect(run({ tokenFile: '.' }, streams)).rejects.toThrow(/is a directory/);
    expect(streams.err).not.toContain('/miauth/');
  });

  it('warns when no permission is asked for', async () => {
    const streams = io(freshDir('noperm'));
    await run({}, streams);
    expect(streams.err).toContain('no --permission given');
  });

  it('times out with a clear error and writes nothing', async () => {
    const server = await startFakeMisskey();
    const cwd = freshDir('timeout');
    try {
      const e = await runAuth({ url: server.origin, timeout: 0.2, interval: 0.05 }, io(cwd)).catch(
        (error: unknown) => error,
      );
      expect(e).toBeInstanceOf(TimeoutError);
      expect((e as Error).message).toContain('not approved within 0.2 s');
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('rejects bad URLs and bad numbers', async () => {
    const streams = io(freshDir('bad'));
    await expect(runAuth({ url: 'ftp://x.example' }, streams)).rejects.toThrow(/ftp:/);
    await expect(runAuth({ url: fake.origin, timeout: 0 }, streams)).rejects.toThrow(/--timeout/);
    await expect(runAuth({ url: fake.origin, interval: Number.NaN }, streams)).rejects.toThrow(/--interval/);
  });
});

describe('parsePermissions', () => {
  it('accepts repeats and commas, trims and dedupes', () => {
    expect(parsePermissions(['read:account, write:notes', 'write:notes', '', 'read:drive,'])).toEqual([
      'read:account',
      'write:notes',
      'read:drive',
    ]);
    expect(parsePermissions(undefined)).toEqual([]);
  });
});

describe('writeSecret', () => {
  it('creates the file with mode 600 even under a permissive umask', async () => {
    const path = join(freshDir('umask'), 's');
    const old = process.umask(0);
    try {
      await writeSecret(path, 'x');
    } finally {
      process.umask(old);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('authCommand (yargs)', () => {
  const parser = () =>
    yargs()
      .scriptName('misskey-codegen')
      .command(authCommand)
      .strict()
      .exitProcess(false)
      .wrap(null)
      .fail((message, error) => {
        throw error ?? new Error(message);
      });

  it('has help text with examples', async () => {
    let help = '';
    await parser().parseAsync(['auth', '--help'], {}, (_err, _argv, output) => {
      help = output;
    });
    expect(help).toContain('--permission');
    expect(help).toContain('--token-file');
    expect(help).toContain('--print-token');
    expect(help).toContain('Examples:');
    expect(help).toContain('misskey-codegen auth --url https://misskey.example --permission read:account,write:notes');
  });

  it('requires --url', async () => {
    // yargs throws a validation failure synchronously from parseAsync.
    await expect((async () => parser().parseAsync(['auth']))()).rejects.toThrow(/Missing required argument: url/);
  });

  it('passes repeated --permission and the options through to runAuth', async () => {
    // The handler writes to the real process streams; run it against the fake with a token file in a temp dir.
    const cwd = freshDir('yargs');
    const path = join(cwd, 'tok');
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await parser().parseAsync([
        'auth',
        '--url',
        fake.origin,
        '--permission',
        'read:account',
        '--permission',
        'write:notes,write:drive',
        '--name',
        'Bot',
        '--token-file',
        path,
        '--interval',
        '0.02',
      ]);
    } finally {
      process.stderr.write = original;
    }
    const text = writes.join('');
    expect(text).toMatch(/\?name=Bot&permission=read:account,write:notes,write:drive/);
    expect(readFileSync(path, 'utf8')).toBe(`${lastSessionToken()}\n`);
    expect(text).not.toContain(lastSessionToken());
  });
});

describe('misskey-codegen auth (the built CLI, in a child process)', () => {
  const tokenOf = (stderr: string) => {
    const session = /\/miauth\/([0-9a-f-]{36})\?/.exec(stderr)?.[1];
    expect(session, stderr).toBeDefined();
    const token = fake.tokens.get(session!);
    expect(token, 'the fake server approved this session').toBeDefined();
    return token!;
  };

  it('prints the URL to open, exits 0, writes the token to a 600 file and to neither stream', async () => {
    const cwd = freshDir('process');
    const result = await runCli(['auth', '--url', `${fake.origin}/api.json`, '--permission', 'read:account,write:notes', '--interval', '0.05'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`^  ${fake.origin}/miauth/[0-9a-f-]{36}\\?name=misskey-codegen&permission=read:account,write:notes$`, 'm'),
    );
    const token = tokenOf(result.stderr);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain(token);
    const file = join(cwd, 'misskey-token.txt');
    expect(readFileSync(file, 'utf8')).toBe(`${token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(cwd)).toEqual(['misskey-token.txt']);
  });

  it('--print-token puts the token on stdout alone and nowhere else', async () => {
    const cwd = freshDir('process-print');
    const result = await runCli(['auth', '--url', fake.origin, '--permission', 'read:account', '--interval', '0.05', '--print-token'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const token = tokenOf(result.stderr);
    expect(result.stdout).toBe(`${token}\n`);
    expect(result.stderr).not.toContain(token);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('fails with exit 1 and one line when nobody approves in time, writing nothing', async () => {
    const server = await startFakeMisskey();
    const cwd = freshDir('process-timeout');
    try {
      const result = await runCli(['auth', '--url', server.origin, '--timeout', '0.3', '--interval', '0.05'], { cwd });
      expect(result.code).toBe(1);
      const failures = result.stderr.split('\n').filter((l) => l.startsWith('misskey-codegen:'));
      expect(failures).toEqual(['misskey-codegen: MiAuth was not approved within 0.3 s']);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
