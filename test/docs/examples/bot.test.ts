/**
 * docs/examples/bot.ts, the complete bot the README shows: it compiles strictly (TypeScript 5.9 and 7)
 * against the package built from the current sources, and runs as a Node program against a local
 * server, through an outage, until Ctrl-C: every note once, live or re-read, then a clean exit.
 * The README's streaming example is a region of that file, so what the README shows is what runs here.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFromSources } from '../../helpers/from-sources.js';
import { ROOT } from '../../helpers/specs.js';
import { compile, type Compiler, type Resolution } from '../../helpers/tsc.js';
import { startStreamServer, waitFor, type StreamServer } from '../../helpers/ws-server.js';

const BOT = join(ROOT, 'docs/examples/bot.ts');
const TOKEN = 'tok-bot-SECRET-424242';
let dir: string;

beforeAll(async () => {
  // Inside the repository, so the bot's `ws` (Node 20) and @types/node resolve as in a user's project.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'bot-'));
  cpSync(await packageFromSources(), join(dir, 'misskey'), { recursive: true });
  cpSync(BOT, join(dir, 'bot.ts'));
});
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

  describe('running against a local server', () => {
    let server: StreamServer;
    beforeAll(async () => {
      server = await startStreamServer({ token: TOKEN });
      await build({ entryPoints: [join(dir, 'bot.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: join(dir, 'bot.mjs'), logLevel: 'silent' });
    });
    afterAll(() => server.close());

    it('says hello, handles NO_SUCH_NOTE, logs each note once through an outage, and exits 0 on SIGINT', async () => {
      const child = spawn(process.execPath, ['bot.mjs'], {
        cwd: dir,
        env: { PATH: process.env['PATH'] ?? '', MISSKEY_ORIGIN: server.origin, MISSKEY_TOKEN: TOKEN },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const said = (text: string) => waitFor(() => stdout.includes(text), `the bot to print ${JSON.stringify(text)}\n${stdout}${stderr}`, 30_000);
      const posted: string[] = [];
      try {
        await said('stream open');
        await waitFor(() => server.live().some((c) => [...c.channels.values()].some((ch) => ch.channel === 'homeTimeline')), 'subscription');
        const live = server.post('live one');
        await said(`note ${live.id}: live one`);
        posted.push(`note ${live.id}: live one`);

        server.dropAll();
        const missed = server.post('posted while the bot was offline'); // stored, streamed to no one
        await said(`note ${missed.id}: posted while the bot was offline`);
        posted.push(`note ${missed.id}: posted while the bot was offline`);
        await said('re-read 1 missed note(s)');
        await waitFor(() => server.live().some((c) => c.channels.size > 0), 're-subscription');
        const again = server.post('live again');
        await said(`note ${again.id}: live again`);
        posted.push(`note ${again.id}: live again`);

        child.kill('SIGINT');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
      expect(stderr).toBe('');
      const lines = stdout.trim().split('\n');
      expect(lines.slice(0, 2)).toEqual(['signed in as @me', 'notes/show: NO_SUCH_NOTE (HTTP 400)']);
      const notes = lines.filter((line) => line.startsWith('note '));
      expect(notes).toEqual(posted);
      // The outage was over when the bot closed: the last state carries no stale error.
      expect(lines.at(-1)).toBe('stream closed');
      expect(server.apiCalls.map((c) => c.endpoint)).toEqual(expect.arrayContaining(['i', 'notes/create', 'notes/show', 'notes/timeline']));
      expect(stdout + stderr).not.toContain(TOKEN);
    });
  });
});
