/**
 * The gap helper end to end: notes posted while the client is cut off are re-read over HTTP after the
 * reconnect and merged with the live ones, each delivered exactly once and in order.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMisskeyClient } from '../../../runtime/http/client.js';
import { fillGaps } from '../../../runtime/stream/index.js';
import type { GapReport, HttpCaller } from '../../../runtime/stream/index.js';
import { Stream } from '../../../runtime/stream/index.js';
import type { StreamOptions } from '../../../runtime/stream/index.js';
import type { StreamTypes } from '../../../templates/channels.js';
// The channels' rules as the generated package passes them (createStream): how each timeline is re-read.
import { fromSources } from '../../helpers/from-sources.js';
import { startStreamServer, waitFor } from '../../helpers/ws-server.js';
import type { Note, StreamServer } from '../../helpers/ws-server.js';
const { channelMeta } = await fromSources<typeof import('../../../generated/misskey-2026.7.0/permissions.js')>('permissions.ts');

const TOKEN = 'gap-token-55e1';
let server: StreamServer;
const streams: Stream<StreamTypes>[] = [];
const stops: (() => void)[] = [];

beforeAll(async () => {
  server = await startStreamServer({ token: TOKEN });
});
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const stream of streams.splice(0)) stream.close();
  server.apiGate = null;
  server.notes.length = 0;
  server.apiCalls.length = 0;
});
afterAll(async () => {
  await server.close();
});

function open(options: Partial<StreamOptions> = {}): Stream<StreamTypes> {
  const stream = new Stream<StreamTypes>({
    origin: server.origin,
    token: TOKEN,
    channels: channelMeta,
    backoff: { initialMs: 10, maxMs: 50 },
    ...options,
  });
  streams.push(stream);
  return stream;
}

async function outage(during: () => void): Promise<void> {
  await server.stop();
  during();
}

describe('fillGaps', () => {
  it('delivers the notes posted during an outage exactly once, in order, merged with live ones', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline', { withRenotes: false });
    const delivered: string[] = [];
    const reports: GapReport<unknown>[] = [];
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    stops.push(
      fillGaps(home, client, (note) => delivered.push(note.text ?? ''), {
        pageSize: 3,
        onRecovered: (r) => reports.push(r),
      }),
    );
    await waitFor(() => home.subscribedAt !== null, 'ack');
    server.post('live-1');
    const lastBefore = server.post('live-2');
    await waitFor(() => delivered.length === 2, 'live notes');

    await outage(() => {
      for (let i = 1; i <= 7; i++) server.post(`missed-${i}`); // no socket: nobody is told
    });
    // Hold the first HTTP answer until a live note has arrived too: it must wait its turn.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.apiGate = () => gate;
    await waitFor(() => stream.state === 'reconnecting', 'reconnecting');
    await server.start();
    await waitFor(() => server.apiCalls.length === 1, 'the re-read');
    server.apiGate = null;
    const firstAfter = server.post('live-3'); // streamed live and, posted before the re-read, also in its answer
    await waitFor(() => home.lastEvent?.id === firstAfter.id, 'live note held');
    expect(delivered).toEqual(['live-1', 'live-2']);
    release();

    await waitFor(() => reports.length === 1, 'recovered');
    server.post('live-4');
    await waitFor(() => delivered.length === 11, 'all notes');
    expect(delivered).toEqual([
      'live-1',
      'live-2',
      ...[1, 2, 3, 4, 5, 6, 7].map((i) => `missed-${i}`),
      'live-3',
      'live-4',
    ]);

    expect(server.apiCalls.map((c) => c.endpoint)).toEqual(['notes/timeline', 'notes/timeline', 'notes/timeline']);
    expect(server.apiCalls[0]!.params).toEqual({ i: TOKEN, limit: 3, withRenotes: false, sinceId: lastBefore.id });
    const [report] = reports;
    expect(report).toMatchObject({
      channel: 'homeTimeline',
      lastBefore: { id: lastBefore.id },
      complete: true,
      firstAfter: { id: firstAfter.id },
    });
    expect(report!.recovered.map((n) => (n as Note).text)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((i) => `missed-${i}`),
      'live-3',
    ]);
  });

  it('without a note before the outage, re-reads from the subscription time', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline');
    const delivered: string[] = [];
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    stops.push(fillGaps(home, client, (note) => delivered.push(note.text ?? '')));
    await waitFor(() => home.subscribedAt !== null, 'ack');
    await outage(() => server.post('missed'));
    await server.start();
    await waitFor(() => delivered.length === 1, 'recovered note');
    expect(delivered).toEqual(['missed']);
    expect(server.apiCalls[0]!.params).toEqual({ i: TOKEN, limit: 100, sinceDate: home.subscribedAt });
  });

  it('reports an incomplete re-read when the outage is longer than maxPages', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline');
    const delivered: string[] = [];
    const reports: GapReport<unknown>[] = [];
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    stops.push(
      fillGaps(home, client, (note) => delivered.push(note.text ?? ''), {
        pageSize: 2,
        maxPages: 2,
        onRecovered: (r) => reports.push(r),
      }),
    );
    await waitFor(() => home.subscribedAt !== null, 'ack');
    server.post('before');
    await waitFor(() => delivered.length === 1, 'live');
    await outage(() => ['m1', 'm2', 'm3', 'm4', 'm5'].forEach((t) => server.post(t)));
    await server.start();
    await waitFor(() => reports.length === 1, 'report');
    expect(reports[0]).toMatchObject({ complete: false });
    expect(delivered).toEqual(['before', 'm1', 'm2', 'm3', 'm4']);
  });

  it('still delivers the held live notes when the re-read fails', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline');
    const delivered: string[] = [];
    const errors: unknown[] = [];
    const failing: HttpCaller = { call: () => Promise.reject(new Error('HTTP down')) };
    stops.push(fillGaps(home, failing, (note) => delivered.push(note.text ?? ''), { onError: (e) => errors.push(e) }));
    await waitFor(() => home.subscribedAt !== null, 'ack');
    await outage(() => server.post('lost'));
    await server.start();
    await waitFor(() => errors.length === 1, 'error');
    server.post('after');
    await waitFor(() => delivered.length === 1, 'live note');
    expect(delivered).toEqual(['after']);
    expect((errors[0] as Error).message).toBe('HTTP down');
  });

  it('maps each timeline channel to its endpoint and params', async () => {
    const calls: [string, object | undefined][] = [];
    const http: HttpCaller = {
      call: async (endpoint, params) => {
        calls.push([endpoint, params]);
        return [];
      },
    };
    const stream = open();
    const cases = [
      [
        stream.channel('localTimeline', { withFiles: true, withReplies: false }),
        'notes/local-timeline',
        { withFiles: true, withReplies: false },
      ],
      [stream.channel('hashtag', { q: [['a', 'b'], ['c']] }), 'notes/search-by-tag', { query: [['a', 'b'], ['c']] }],
      [stream.channel('userList', { listId: 'L1' }), 'notes/user-list-timeline', { listId: 'L1' }],
      [stream.channel('antenna', { antennaId: 'A1' }), 'antennas/notes', { antennaId: 'A1' }],
      [stream.channel('channel', { channelId: 'C1' }), 'channels/timeline', { channelId: 'C1' }],
      [stream.channel('roleTimeline', { roleId: 'R1' }), 'roles/notes', { roleId: 'R1' }],
    ] as const;
    for (const [channel] of cases) stops.push(fillGaps(channel, http, () => {}));
    await waitFor(() => cases.every(([channel]) => channel.subscribedAt !== null), 'acks');
    server.dropAll();
    await waitFor(() => calls.length === cases.length, 're-reads');
    for (const [, endpoint, params] of cases) {
      expect(calls).toContainEqual([endpoint, { limit: 100, ...params, sinceDate: expect.any(Number) }]);
    }
    expect(() => fillGaps(stream.channel('main') as never, http, () => {})).toThrow(/not a timeline channel/);
  });

  it('stops delivering once stopped', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline');
    const delivered: string[] = [];
    const stop = fillGaps(home, { call: async () => [] }, (note) => delivered.push(note.text ?? ''));
    await waitFor(() => home.subscribedAt !== null, 'ack');
    server.post('one');
    await waitFor(() => delivered.length === 1, 'note');
    stop();
    const last = server.post('two');
    await waitFor(() => home.lastEvent?.id === last.id, 'note arrived');
    expect(delivered).toEqual(['one']);
  });
});
