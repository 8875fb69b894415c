/**
 * A test for the README's bot (bot.ts beside this file, compiled to bot.js) against a mock server:
 * no live server, no account. Put it in your bot's own vitest suite.
 */
import { spawn } from 'node:child_process';
import { startMock, type Mock } from 'misskey-codegen/mock';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createClient, notesShow } from './misskey/index.js';

let mock: Mock;
beforeAll(async () => {
  mock = await startMock({ seed: 'my-bot' }); // the embedded spec; `spec: 'api.json'` for your server's own
});
afterAll(() => mock.close());

it('greets, then logs every note of its home timeline once, across a server restart', async () => {
  const token = mock.tokens['alice']!; // users alice and bob, each with a token
  const bot = spawn(process.execPath, ['bot.js'], {
    cwd: import.meta.dirname,
    env: { ...process.env, MISSKEY_ORIGIN: mock.origin, MISSKEY_TOKEN: token },
  });
  let out = '';
  bot.stdout.on('data', (chunk: Buffer) => (out += chunk));
  const printed = (text: string) => vi.waitFor(() => expect(out).toContain(text), { timeout: 15_000, interval: 50 });

  await printed('stream open');
  await vi.waitFor(() => expect(mock.streams().flat()).toContain('homeTimeline'), { timeout: 15_000 });
  const live = mock.post({ text: 'hello bot' }); // as alice: it reaches her home timeline
  await printed(`note ${live.id}: hello bot`);

  const restarting = mock.restart({ downMs: 1000 }); // every socket dropped, connections refused for 1 s
  const missed = mock.post({ text: 'while you were away' });
  await restarting;
  await printed(`note ${missed.id}: while you were away`); // re-read over HTTP by fillGaps

  bot.kill('SIGINT');
  expect(await new Promise((resolve) => bot.on('exit', resolve))).toBe(0);
  expect(out.split('\n').filter((line) => line.startsWith('note '))).toEqual([`note ${live.id}: hello bot`, `note ${missed.id}: while you were away`]);

  // What the bot did over HTTP is in the mock's state, read with the same generated client.
  const client = createClient({ origin: mock.origin, token });
  expect((await notesShow(client, { noteId: missed.id })).text).toBe('while you were away');
}, 60_000);
