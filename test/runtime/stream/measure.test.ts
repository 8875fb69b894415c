/**
 * Measurements for the streaming runtime, not part of the default run (they take about three minutes and
 * report figures rather than pass/fail):
 *
 *   STREAM_MEASURE=1 npx vitest run test/runtime/stream/measure.test.ts
 *
 * 1. Dispatch throughput: 200k channel messages from a local ws server (its own process, so it does
 *    not compete with the client for the event loop) to one handler; raw `ws` + JSON.parse alongside
 *    as the floor; heap after a forced GC.
 * 2. Reconnect: outages of 2–20 s with the default backoff, each after a stable connection; the time from the server listening again
 *    to every subscription restored (the last `connect`/`subNote` frame received), and the attempts
 *    made during each outage.
 * Results are printed and written to .tmp/stream-measure.json.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket as WS } from 'ws';
import { Stream } from '../../../runtime/stream/index.js';
import type { WebSocketConstructor } from '../../../runtime/stream/index.js';
import type { StreamTypes } from '../../../templates/channels.js';
import { fromSources } from '../../helpers/from-sources.js';
import { skippedByDesign } from '../../helpers/prerequisites.js';
import { ROOT } from '../../helpers/specs.js';
import { startStreamServer, waitFor } from '../../helpers/ws-server.js';
const { channelMeta } = await fromSources<typeof import('../../../generated/misskey-2026.7.0/permissions.js')>('permissions.ts');

const MESSAGES = 200_000;
const OUTAGES_S = [2, 3, 5, 8, 12, 16, 20];
// Longer than the runtime's "stable connection" threshold (5 s): each outage starts from a fresh backoff,
// as after a long-lived connection, instead of inheriting the previous outage's delays.
const STABLE_PAUSE_MS = 6_000;
const results: Record<string, unknown> = {};

const NOTE = JSON.stringify({
  id: '__ID__',
  createdAt: '2026-07-01T12:00:00.000Z',
  userId: '9xyz0000ab',
  user: {
    id: '9xyz0000ab',
    name: 'Alice',
    username: 'alice',
    host: null,
    avatarUrl: 'https://misskey.example/avatar.webp',
    avatarBlurhash: 'eQF$Cl-;~qof',
    isBot: false,
    isCat: false,
    emojis: {},
    onlineStatus: 'online',
    badgeRoles: [],
  },
  text: 'Hello from the streaming benchmark: a note of ordinary length with a #hashtag and a :blobcat: emoji.',
  cw: null,
  visibility: 'public',
  localOnly: false,
  reactionAcceptance: null,
  renoteCount: 0,
  repliesCount: 0,
  reactionCount: 0,
  reactions: {},
  reactionEmojis: {},
  emojis: {},
  tags: ['hashtag'],
  fileIds: [],
  files: [],
  replyId: null,
  renoteId: null,
});

// The flooding server: sends COUNT note frames to the first channel a client connects.
const FLOOD_SERVER = `
import { WebSocketServer } from 'ws';
const count = Number(process.env.COUNT);
const payload = process.env.PAYLOAD;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => console.log(wss.address().port));
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type !== 'connect') return;
    const head = '{"type":"channel","body":{"id":"' + message.body.id + '","type":"note","body":';
    let i = 0;
    const pump = () => {
      while (i < count) {
        ws.send(head + payload.replace('__ID__', i.toString(36).padStart(10, '0')) + '}}');
        i++;
        if (ws.bufferedAmount > 8 << 20) return void ws._socket.once('drain', pump);
      }
    };
    pump();
  });
});
`;

const gc = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

async function floodServer(payload: string): Promise<{ port: number; child: ChildProcess }> {
  const dir = join(ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'stream-flood-server.mjs');
  writeFileSync(script, FLOOD_SERVER);
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, COUNT: String(MESSAGES), PAYLOAD: payload },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    child.once('exit', reject);
  });
  return { port, child };
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

afterAll(() => {
  if (Object.keys(results).length === 0) return;
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  writeFileSync(join(ROOT, '.tmp/stream-measure.json'), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
});

const MEASURE = Boolean(process.env['STREAM_MEASURE']);
if (!MEASURE) skippedByDesign('streaming measurements', 'by design, they take minutes and report figures, not pass/fail; run them with STREAM_MEASURE=1');

describe.runIf(MEASURE)('streaming measurements', () => {
  for (const [label, payload] of [
    ['note (~1 KB)', NOTE],
    ['tiny', '{"id":"__ID__","text":"hi"}'],
  ] as const) {
    it(`dispatch throughput, ${label} payloads`, { timeout: 300_000 }, async () => {
      const figures: Record<string, unknown> = { bytesPerMessage: payload.length + 60 };

      // Floor: ws + JSON.parse, no stream.
      {
        const { port, child } = await floodServer(payload);
        const socket = new WS(`ws://127.0.0.1:${port}/streaming`);
        let count = 0;
        let first = 0;
        const done = new Promise<number>((resolve) => {
          socket.on('message', (data) => {
            JSON.parse(String(data));
            if (++count === 1) first = performance.now();
            if (count === MESSAGES) resolve(performance.now());
          });
        });
        socket.on('open', () =>
          socket.send(JSON.stringify({ type: 'connect', body: { channel: 'homeTimeline', id: '1' } })),
        );
        const last = await done;
        socket.terminate();
        child.kill();
        figures.rawWsMessagesPerSecond = Math.round((MESSAGES - 1) / ((last - first) / 1000));
      }

      {
        const { port, child } = await floodServer(payload);
        gc();
        const heapBefore = process.memoryUsage().heapUsed;
        const stream = new Stream<StreamTypes>({ origin: `http://127.0.0.1:${port}` });
        const home = stream.channel('homeTimeline');
        let count = 0;
        let first = 0;
        let lastId = '';
        const done = new Promise<number>((resolve) => {
          home.on('note', (note) => {
            lastId = note.id;
            if (++count === 1) first = performance.now();
            if (count === MESSAGES) resolve(performance.now());
          });
        });
        const last = await done;
        const heapAtEnd = process.memoryUsage().heapUsed;
        gc();
        const heapAfterGc = process.memoryUsage().heapUsed;
        stream.close();
        child.kill();
        expect(lastId).toBe((MESSAGES - 1).toString(36).padStart(10, '0'));
        Object.assign(figures, {
          streamMessagesPerSecond: Math.round((MESSAGES - 1) / ((last - first) / 1000)),
          seconds: Math.round(last - first) / 1000,
          heapBeforeMB: mb(heapBefore),
          heapAtEndMB: mb(heapAtEnd),
          heapAfterGcMB: mb(heapAfterGc),
          rssMB: mb(process.memoryUsage().rss),
        });
      }
      results[`throughput ${label}`] = figures;
    });
  }

  it('reconnect latency and attempts over outages of 2–20 s (default backoff)', { timeout: 600_000 }, async () => {
    const TOKEN = 'measure-token';
    const server = await startStreamServer({ token: TOKEN });
    const attempts: number[] = [];
    class CountingWebSocket extends WS {
      constructor(url: string, init?: object) {
        super(url, init as never);
        attempts.push(performance.now());
      }
    }
    const stream = new Stream<StreamTypes>({
      origin: server.origin,
      token: TOKEN,
      WebSocket: CountingWebSocket as unknown as WebSocketConstructor,
      tokenIn: 'header',
      channels: channelMeta,
    });
    stream.channel('homeTimeline');
    stream.channel('localTimeline', { withFiles: true });
    stream.channel('hashtag', { q: [['misskey']] });
    stream.channel('main');
    stream.channel('main');
    for (const id of ['n1', 'n2', 'n3']) stream.subNote(id);
    const SUBSCRIPTIONS = 4 + 3; // main is one server subscription
    const restored = (index: number) => {
      const c = server.connections[index];
      if (!c) return undefined;
      const times = c.frames
        .map((f, i) => (f.type === 'connect' || f.type === 'subNote' ? c.frameTimes[i]! : -1))
        .filter((t) => t >= 0);
      return times.length >= SUBSCRIPTIONS ? times[SUBSCRIPTIONS - 1] : undefined;
    };
    await waitFor(() => restored(0), 'first subscription');

    const rows: { outageS: number; attemptsDuringOutage: number; restoredAfterMs: number; openAfterMs: number }[] = [];
    for (const seconds of OUTAGES_S) {
      await new Promise((resolve) => setTimeout(resolve, STABLE_PAUSE_MS));
      const index = server.connections.length;
      await server.stop();
      const stoppedAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      await server.start();
      const listening = server.listeningSince;
      const during = attempts.filter((t) => t >= stoppedAt && t < listening).length;
      const restoredAt = await waitFor(() => restored(index), 'restored', 30_000);
      rows.push({
        outageS: seconds,
        attemptsDuringOutage: during,
        restoredAfterMs: Math.round(restoredAt - listening),
        openAfterMs: Math.round(server.connections[index]!.openedAt - listening),
      });
    }
    stream.close();
    await server.close();
    const sorted = rows.map((r) => r.restoredAfterMs).sort((a, b) => a - b);
    const median =
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    results['reconnect'] = {
      subscriptionsPerConnection: SUBSCRIPTIONS,
      rows,
      medianRestoredAfterMs: median,
      maxRestoredAfterMs: sorted.at(-1),
    };
  });
});
