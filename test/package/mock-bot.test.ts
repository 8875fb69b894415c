/**
 * The README's bot (docs/examples/bot.ts), unchanged, against `startMock()`: only its origin and token
 * are the mock's. A generated package from the current sources, a real process, a restart of the
 * server with a note posted while it is down: every note once, live or re-read, then a clean exit.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type Mock } from '../../generator/mock/index.js';
import { packageFromSources } from '../helpers/from-sources.js';
import { ROOT } from '../helpers/specs.js';
import { waitFor } from '../helpers/ws-server.js';

let dir: string;
let mock: Mock;

beforeAll(async () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'mock-bot-'));
  cpSync(await packageFromSources(), join(dir, 'misskey'), { recursive: true });
  cpSync(join(ROOT, 'docs/examples/bot.ts'), join(dir, 'bot.ts'));
  await build({ entryPoints: [join(dir, 'bot.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: join(dir, 'bot.mjs'), logLevel: 'silent' });
  mock = await startMock({ seed: 'bot' });
}, 120_000);
afterAll(async () => {
  await mock?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('the README bot runs against the mock: hello, NO_SUCH_NOTE, each note once across a restart, exit 0 on SIGINT', async () => {
  const token = mock.tokens['alice']!;
  const child = spawn(process.execPath, ['bot.mjs'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', MISSKEY_ORIGIN: mock.origin, MISSKEY_TOKEN: token } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const said = (text: string) => waitFor(() => stdout.includes(text), `the bot to print ${JSON.stringify(text)}\n${stdout}${stderr}`, 30_000);
  const subscribed = () => waitFor(() => mock.streams().some((channels) => channels.length > 0), 'the bot to subscribe', 30_000);
  const expected: string[] = [];
  try {
    await said('stream open');
    await subscribed();
    const live = mock.post({ text: 'live one' }, 'bob');
    // bob's note reaches alice's home timeline only through a follow, made as the bot would.
    expect(stdout).not.toContain('live one');
    const followed = await fetch(`${mock.origin}/api/following/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i: token, userId: mock.userIds['bob'] }) });
    expect(followed.status).toBe(200);
    const own = mock.post({ text: 'after the follow' }, 'bob');
    await said(`note ${own['id']}: after the follow`);
    expected.push(`note ${own['id']}: after the follow`);

    const restarting = mock.restart({ downMs: 1500 });
    await waitFor(() => mock.streams().length === 0, 'the sockets to drop');
    const missed = mock.post({ text: 'posted while the server was down' }, 'bob');
    await restarting;
    await said(`note ${missed['id']}: posted while the server was down`);
    expected.push(`note ${missed['id']}: posted while the server was down`);
    await said('re-read 1 missed note(s)');
    await subscribed();
    const again = mock.post({ text: 'live again' });
    await said(`note ${again['id']}: live again`);
    expected.push(`note ${again['id']}: live again`);
    expect(live['id']).toBeDefined();

    child.kill('SIGINT');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
  const lines = stdout.trim().split('\n');
  expect(lines.slice(0, 2)).toEqual(['signed in as @alice', 'notes/show: NO_SUCH_NOTE (HTTP 400)']);
  // "Bot online" (posted by the bot before it subscribed) and bob's note from before the follow are not streamed.
  expect(lines.filter((line) => line.startsWith('note '))).toEqual(expected);
  expect(lines.at(-1)).toBe('stream closed');
  expect(stdout + stderr).not.toContain(token);
}, 120_000);
