/**
 * A 1,000-note timeline with 200 streaming subscribers: every subscriber gets every note exactly once,
 * in order, the timeline still pages right, and the mock's retained memory grows by the notes it stores,
 * not by the 200,000 deliveries. No timing here: latency (early vs late notes) and memory at checkpoints,
 * measured with the mock in a process of its own, are the bench's (`npm run bench`, section "mock").
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startMock, type Mock } from '../../../generator/mock/index.js';
import { callApi } from '../../helpers/mock-client.js';

const NOTES = 1000;
const SUBSCRIBERS = 200;
const NOTE_ID = /"type":"note","body":\{"id":"([^"]+)"/;

/** A full GC on demand: the heap measured after it is what is retained, whatever the collector's timing. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const retainedHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

/** What a subscriber keeps: a count and the first and last id, so that 200,000 deliveries add nothing here. */
interface Subscriber {
  socket: WebSocket;
  count: number;
  first: string | undefined;
  last: string;
  /** Deliveries whose id did not sort after the one before (a note twice, or out of order). */
  disordered: number;
}
const after = (id: string, previous: string) => id.length > previous.length || (id.length === previous.length && id > previous);

let mock: Mock;
let subscribers: Subscriber[];

beforeAll(async () => {
  mock = await startMock({ seed: 'load' });
  const url = `${mock.origin.replace('http', 'ws')}/streaming?i=${mock.tokens['bob']}`;
  subscribers = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, (_, i) => {
      const subscriber: Subscriber = { socket: new WebSocket(url), count: 0, first: undefined, last: '', disordered: 0 };
      subscriber.socket.on('message', (data) => {
        const id = NOTE_ID.exec(String(data))?.[1];
        if (id === undefined) return; // `connected`
        if (!after(id, subscriber.last)) subscriber.disordered++;
        subscriber.first ??= id;
        subscriber.last = id;
        subscriber.count++;
      });
      return new Promise<Subscriber>((resolve, reject) => {
        subscriber.socket.once('error', reject);
        subscriber.socket.once('open', () => {
          subscriber.socket.send(JSON.stringify({ type: 'connect', body: { channel: 'localTimeline', id: `c${i}`, pong: true } }));
          subscriber.socket.once('message', () => resolve(subscriber)); // `connected`: subscribed
        });
      });
    }),
  );
}, 60_000);
afterAll(async () => {
  subscribers?.forEach((s) => s.socket.close());
  await mock?.close();
});

it(`${NOTES} notes to ${SUBSCRIBERS} subscribers: each gets each once, in order; the timeline pages; retained memory grows by the notes, not the deliveries`, async () => {
  const token = mock.tokens['alice']!;
  const before = retainedHeap();
  const ids: string[] = [];
  for (let i = 0; i < NOTES; i++) {
    const answer = await callApi(mock.origin, 'notes/create', { i: token, text: `n${i}` });
    expect(answer.status).toBe(200);
    ids.push((answer.json as { createdNote: { id: string } }).createdNote.id);
  }
  await vi.waitFor(() => expect(subscribers.reduce((sum, s) => sum + s.count, 0)).toBe(NOTES * SUBSCRIBERS), { timeout: 60_000, interval: 50 });
  const grown = retainedHeap() - before;

  // Ids sort by creation and only these notes were made: strictly increasing from the first to the last, 1,000 of them, is each once.
  for (const s of subscribers) expect([s.count, s.disordered, s.first, s.last]).toEqual([NOTES, 0, ids[0], ids.at(-1)]);
  const newest = await callApi(mock.origin, 'notes/local-timeline', { limit: 100 });
  const older = await callApi(mock.origin, 'notes/local-timeline', { limit: 100, untilId: ids.at(-100) });
  expect((newest.json as { id: string }[]).map((n) => n.id)).toEqual(ids.slice(-100).reverse());
  expect((older.json as { id: string }[]).map((n) => n.id)).toEqual(ids.slice(-200, -100).reverse());
  // A stored note is a few KB (the bench measures about 3 KB); anything kept per delivery would cost 200 times as much.
  // Loose on purpose: far above the notes' own share, far below what 200,000 retained frames would take.
  expect(grown).toBeLessThan(40 * 1024 * NOTES);
}, 180_000);
