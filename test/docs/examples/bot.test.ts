/**
 * docs/examples/bot.ts, the complete bot the README shows: it compiles strictly (TypeScript 5.9 and 7)
 * against the package built from the current sources, and runs unchanged as a Node program against the
 * mock (`startMock`, the server `misskey-codegen mock` runs), only its origin and token being the mock's:
 * hello, a typed NO_SUCH_NOTE, then every note of its home timeline exactly once, live or re-read by the
 * gap helper after a restart of the server, until Ctrl-C and a clean exit.
 * The README's streaming example is a region of that file, so what the README shows is what runs here.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMock, type Mock } from '../../../generator/mock/index.js';
import { packageFromSources } from '../../helpers/from-sources.js';
import { callApi } from '../../helpers/mock-client.js';
import { ROOT } from '../../helpers/specs.js';
import { compile, type Compiler, type Resolution } from '../../helpers/tsc.js';

const BOT = join(ROOT, 'docs/examples/bot.ts');
let dir: string;

beforeAll(async () => {
  // Inside the repository, so the bot's `ws` (Node 20) and @types/node resolve as in a user's project.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'bot-'));
  cpSync(await packageFromSources(), join(dir, 'misskey'), { recursive: true });
  cpSync(BOT, join(dir, 'bot.ts'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the example bot', () => {
  it('is what the README shows: its streaming region appears verbatim in a README code block', () => {
    const region = /\/\/ #region readme-stream\n([\s\S]*?)\/\/ #endregion/.exec(readFileSync(BOT, 'utf8'))?.[1];
    expect(region).toMatch(/fillGaps\(home, client/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.some((block) => block.includes(region!))).toBe(true);
    expect(readme).toContain('(docs/examples/bot.ts)');
  });

  it.each([
    ['tsc5', 'nodenext'],
    ['tsc7', 'nodenext'],
    ['tsc7', 'bundler'],
  ] as [Compiler, Resolution][])('compiles strictly with %s (%s)', async (compiler, resolution) => {
    const result = await compile(dir, { compiler, resolution, include: ['bot.ts'], extra: { types: ['node'], lib: ['ES2022'] } });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  describe('running against the mock', () => {
    let mock: Mock;
    beforeAll(async () => {
      mock = await startMock({ seed: 'bot' });
      await build({ entryPoints: [join(dir, 'bot.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: join(dir, 'bot.mjs'), logLevel: 'silent' });
    }, 120_000);
    afterAll(() => mock?.close());

    it('says hello, handles NO_SUCH_NOTE, logs each note once through a server restart (the gap helper re-reads the one it missed), and exits 0 on SIGINT', async () => {
      const token = mock.tokens['alice']!;
      const child = spawn(process.execPath, ['bot.mjs'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', MISSKEY_ORIGIN: mock.origin, MISSKEY_TOKEN: token } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const wait = { timeout: 30_000, interval: 20 };
      const said = (text: string) => vi.waitFor(() => expect(stdout, stderr).toContain(text), wait);
      const subscribed = () => vi.waitFor(() => expect(mock.streams().flat()).toContain('homeTimeline'), wait);
      const posted: string[] = [];
      const expectNote = async (note: { id: string; text: string | null }) => {
        const line = `note ${note.id}: ${note.text}`;
        await said(line);
        posted.push(line);
      };
      try {
        await said('stream open');
        await subscribed();
        // bob's notes reach alice's home timeline only once she follows him (as the bot's owner would).
        mock.post({ text: 'before the follow' }, 'bob');
        expect((await callApi(mock.origin, 'following/create', { i: token, userId: mock.userIds['bob'] })).status).toBe(200);
        await expectNote(mock.post({ text: 'live one' }, 'bob'));

        const restarting = mock.restart({ downMs: 1500 }); // every socket dropped, connections refused for 1.5 s
        await vi.waitFor(() => expect(mock.streams()).toEqual([]), wait);
        const missed = mock.post({ text: 'posted while the server was down' }, 'bob'); // stored, streamed to no one
        await restarting;
        await expectNote(missed);
        await said('re-read 1 missed note(s)');
        await subscribed();
        await expectNote(mock.post({ text: 'live again' }));

        child.kill('SIGINT');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
      expect(stderr).toBe('');
      const lines = stdout.trim().split('\n');
      expect(lines.slice(0, 2)).toEqual(['signed in as @alice', 'notes/show: NO_SUCH_NOTE (HTTP 400)']);
      // Each once, in order: not "Bot online" (the bot's own, posted before it subscribed), not bob's note from before the follow.
      expect(lines.filter((line) => line.startsWith('note '))).toEqual(posted);
      // The outage was over when the bot closed: the last state carries no stale error.
      expect(lines.at(-1)).toBe('stream closed');
      // Its notes/create reached the server: the greeting is in alice's home timeline.
      const home = await callApi(mock.origin, 'notes/timeline', { i: token, limit: 100 });
      expect((home.json as { text: string | null; user: { username: string } }[]).map((n) => `${n.user.username}: ${n.text}`)).toContain('alice: Bot online');
      expect(stdout + stderr).not.toContain(token);
    }, 120_000);
  });
});
