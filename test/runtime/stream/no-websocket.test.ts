/**
 * Without any WebSocket (Node 20 has no global one; `ws` not installed), streaming cannot work, and
 * a bot must not find out by silence: when nothing listens for the stream's state, its fatal error is
 * thrown like an EventEmitter 'error' without a listener, and the process dies naming `ws`.
 * The program runs in a child Node from a folder outside the repository, so `ws` cannot resolve.
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stream, StreamError, type WebSocketConstructor } from '../../../runtime/stream/index.js';
import { tempDir } from '../../helpers/generate.js';
import { ROOT } from '../../helpers/specs.js';
import { startStreamServer, waitFor, type StreamServer } from '../../helpers/ws-server.js';

const dir = tempDir('mkcg-nows-');
// Node 22+ has a global WebSocket unless a flag removes it; Node 20 has none without a flag.
const noGlobalWebSocket = Number(process.versions.node.split('.')[0]) >= 22 ? ['--no-experimental-websocket'] : [];

beforeAll(async () => {
  await build({
    entryPoints: [join(ROOT, 'runtime/stream/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: join(dir, 'stream.mjs'),
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runNode(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  writeFileSync(join(dir, 'bot.mjs'), script);
  return new Promise((resolve) => {
    execFile(process.execPath, [...noGlobalWebSocket, 'bot.mjs'], { cwd: dir, timeout: 30_000, env: { PATH: process.env['PATH'] ?? '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const BOT = `import { Stream } from './stream.mjs';
if (typeof globalThis.WebSocket === 'function') throw new Error('this test needs a Node without a global WebSocket');
await import('ws').then(() => { throw new Error('ws must not resolve here'); }, () => {});
const stream = new Stream({ origin: 'http://127.0.0.1:9', token: 'secret-token' });
stream.channel('localTimeline').on('note', (note) => console.log(note.text));
`;

describe('streaming without any WebSocket', () => {
  it('a bot that listens for no state dies with an error naming `ws`, instead of exiting 0 in silence', async () => {
    const { code, stdout, stderr } = await runNode(BOT);
    expect(stdout).toBe('');
    expect(code, stderr).not.toBe(0);
    expect(stderr).toMatch(/StreamError: No WebSocket implementation/);
    expect(stderr).toMatch(/npm install ws/);
    expect(stderr).not.toContain('secret-token');
  });

  it('a bot that listens for state hears the error there, and the process is not killed by it', async () => {
    const { code, stdout, stderr } = await runNode(
      `${BOT}stream.onState((state, error) => console.log(state, error?.kind));\n`,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('closed unavailable');
  });
});

describe('a fatal stream error nobody hears', () => {
  const refusing = function () {
    throw new Error('cannot open');
  } as unknown as WebSocketConstructor;

  let server: StreamServer;
  beforeAll(async () => {
    server = await startStreamServer({ token: 'good-token' });
    server.refuseWith = 401;
  });
  afterAll(() => server.close());

  it('goes to onListenerError (default: thrown) when neither a state listener nor an iterator hears it', async () => {
    const reported: unknown[] = [];
    const onListenerError = (e: unknown) => reported.push(e);
    const failed = new Stream({ origin: 'http://127.0.0.1:9', WebSocket: refusing, onListenerError });
    expect(failed.state).toBe('closed');
    expect(reported).toEqual([failed.error]);
    expect(reported[0]).toBeInstanceOf(StreamError);

    const refused = new Stream({ origin: server.origin, token: 'bad-token', onListenerError });
    refused.channel('homeTimeline').on('note', () => {});
    await waitFor(() => refused.state === 'closed', 'closed');
    expect(reported).toEqual([failed.error, refused.error]);
    expect(refused.error).toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('is not thrown when a state listener or an iterator receives it', async () => {
    const reported: unknown[] = [];
    const onListenerError = (e: unknown) => reported.push(e);
    const withState = new Stream({ origin: server.origin, token: 'bad-token', onListenerError });
    withState.onState(() => {});
    const withIterator = new Stream({ origin: server.origin, token: 'bad-token', onListenerError });
    const iterator = withIterator.channel('homeTimeline').events('note');
    await waitFor(() => withState.state === 'closed' && withIterator.state === 'closed', 'closed');
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(reported).toEqual([]);
  });
});
