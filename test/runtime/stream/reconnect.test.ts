/**
 * Reconnecting: re-subscription after a drop (asserted on the server), the queue, backoff and jitter,
 * dead-socket and connect-timeout detection, authentication failures, states and redacted reasons.
 * Time-dependent behaviour runs on a ManualClock, so nothing here depends on the machine's speed.
 */
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WS } from 'ws';
import { fillGaps } from '../../../runtime/stream/index.js';
import { Stream, StreamError } from '../../../runtime/stream/index.js';
import type { Gap, StreamOptions, StreamState, WebSocketConstructor, WebSocketLike } from '../../../runtime/stream/index.js';
import type { StreamTypes } from '../../../templates/channels.js';
// The channels' rules as the generated package passes them (createStream): which are shared, how each is re-read.
import { fromSources } from '../../helpers/from-sources.js';
import { ManualClock, startStreamServer, waitFor } from '../../helpers/ws-server.js';
import type { ServerConnection, StreamServer } from '../../helpers/ws-server.js';
const { channelMeta } = await fromSources<typeof import('../../../generated/misskey-2026.7.0/permissions.js')>('permissions.ts');

const TOKEN = 'secret-token-94af3e';
let server: StreamServer;
const streams: Stream<StreamTypes>[] = [];
const firstConnection = new WeakMap<object, number>();

beforeAll(async () => {
  server = await startStreamServer({ token: TOKEN, suspendedToken: 'suspended-token' });
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  server.refuseWith = null;
  if (!(await isListening())) await server.start();
});
afterAll(async () => {
  await server.close();
});

async function isListening(): Promise<boolean> {
  return fetch(`${server.origin}/api/ping`, { method: 'POST' }).then(
    () => true,
    () => false,
  );
}

function open(options: Partial<StreamOptions> = {}): Stream<StreamTypes> {
  const stream = new Stream<StreamTypes>({ origin: server.origin, channels: channelMeta, token: TOKEN, ...options });
  streams.push(stream);
  firstConnection.set(stream, server.connections.length);
  return stream;
}

/** The n-th (0-based) server-side connection made by `stream`, once `ready` holds for it. */
function connection(
  stream: Stream<StreamTypes>,
  n: number,
  ready: (c: ServerConnection) => boolean = () => true,
): Promise<ServerConnection> {
  return waitFor(() => {
    const c = server.connections[firstConnection.get(stream)! + n];
    return c && ready(c) && c;
  }, `connection ${n}`);
}

/** A WebSocket with only the standard API, as in a browser: no `on`, no `terminate`, no HTTP status. */
class BrowserLikeWebSocket implements WebSocketLike {
  readonly #ws: WS;
  constructor(url: string) {
    this.#ws = new WS(url);
  }
  get readyState(): number {
    return this.#ws.readyState;
  }
  send(data: string): void {
    this.#ws.send(data);
  }
  close(code?: number, reason?: string): void {
    this.#ws.close(code, reason);
  }
  addEventListener(type: string, listener: (event: any) => void): void {
    this.#ws.addEventListener(type as 'open', listener);
  }
}

const note = (id: string) => ({ id, createdAt: '2026-01-01T00:00:00.000Z', text: id, userId: 'u1' });
const tokenChecks = () => server.apiCalls.filter((c) => c.endpoint === 'i');

describe('reconnect', () => {
  it('re-subscribes every channel instance and captured note after the server drops the socket', async () => {
    const stream = open({ backoff: { initialMs: 10, maxMs: 50 } });
    const home = stream.channel('homeTimeline', { withRenotes: false });
    const tagA = stream.channel('hashtag', { q: [['a']] });
    const tagB = stream.channel('hashtag', { q: [['b'], ['c', 'd']] });
    const main1 = stream.channel('main');
    const main2 = stream.channel('main');
    const gone = stream.channel('globalTimeline');
    stream.subNote('n1');
    stream.subNote('n2');
    stream.subNote('n2');
    const first = await connection(stream, 0, (c) => c.channels.size === 5 && c.notes.size === 2);
    gone.dispose();
    await waitFor(() => first.channels.size === 4, 'disconnect');
    await waitFor(() => home.subscribedAt && tagA.subscribedAt && tagB.subscribedAt && main1.subscribedAt, 'acks');
    const before = new Map(first.channels);
    const states: StreamState[] = [];
    let reason: StreamError | null = null;
    stream.onState((state, error) => {
      states.push(state);
      if (state === 'reconnecting') reason = error;
    });

    server.dropAll();
    const second = await connection(stream, 1, (c) => c.channels.size === 4 && c.notes.size === 2);

    expect(second.channels).toEqual(before);
    expect([...second.notes]).toEqual([
      ['n1', 1],
      ['n2', 1],
    ]);
    expect(second.frames.filter((f) => f.type === 'connect' && f.body.channel === 'main')).toHaveLength(1);
    await waitFor(() => stream.state === 'open', 'open');
    expect(states).toEqual(['reconnecting', 'open']);
    expect(reason).toMatchObject({ name: 'StreamError', kind: 'network' });

    // Events flow again, to the right instances.
    const got: string[] = [];
    home.on('note', (n) => got.push(`home:${n.id}`));
    tagA.on('note', (n) => got.push(`a:${n.id}`));
    tagB.on('note', (n) => got.push(`b:${n.id}`));
    main1.on('mention', (n) => got.push(`main1:${n.id}`));
    main2.on('mention', (n) => got.push(`main2:${n.id}`));
    stream.on('noteUpdated', (e) => got.push(`updated:${e.id}:${e.type}`));
    server.emit('homeTimeline', 'note', note('h'));
    server.emit('hashtag', 'note', note('t'), (p) => p.q[0][0] === 'b');
    server.emit('main', 'mention', note('m'));
    server.noteUpdated('n2', 'pollVoted', { choice: 1, userId: 'u' });
    await waitFor(() => got.length === 5, 'events after reconnect');
    expect(got.sort()).toEqual(['b:t', 'home:h', 'main1:m', 'main2:m', 'updated:n2:pollVoted']);
  });

  it('reports the outage to each instance that lived through it', async () => {
    const stream = open({ backoff: { initialMs: 10, maxMs: 50 } });
    const home = stream.channel('homeTimeline');
    const gaps: Gap[] = [];
    home.onGap((gap) => gaps.push(gap));
    await waitFor(() => home.subscribedAt !== null, 'ack');
    const last = server.post('before');
    await waitFor(() => home.lastEvent?.id === last.id, 'note');

    await server.stop();
    const later = stream.channel('localTimeline'); // created during the outage: nothing to report
    const laterGaps: Gap[] = [];
    later.onGap((gap) => laterGaps.push(gap));
    await waitFor(() => stream.state === 'reconnecting', 'reconnecting');
    await server.start();
    await waitFor(() => gaps.length === 1 && later.subscribedAt !== null, 'gap');

    const [gap] = gaps;
    expect(gap).toMatchObject({ channel: 'homeTimeline', lastBefore: { id: last.id } });
    expect(gap!.lastBefore!.at).toBeLessThanOrEqual(gap!.disconnectedAt);
    expect(gap!.disconnectedAt).toBeLessThanOrEqual(gap!.resumedAt);
    expect(gap!.subscribedAt).toBe(home.subscribedAt);
    expect(laterGaps).toEqual([]);
  });

  it('fills in firstAfter with the first note after the outage, once it arrives', async () => {
    const stream = open({ backoff: { initialMs: 10, maxMs: 50 } });
    const home = stream.channel('homeTimeline');
    const gaps: Gap[] = [];
    const seenAtGap: unknown[] = [];
    home.onGap((gap) => {
      gaps.push(gap);
      seenAtGap.push(gap.firstAfter);
    });
    const firstSeen: unknown[] = [];
    home.on('note', () => firstSeen.push(gaps[0]?.firstAfter ?? null));
    await waitFor(() => home.subscribedAt !== null, 'ack');
    server.post('before');
    await waitFor(() => firstSeen.length === 1, 'note before');

    server.dropAll();
    await waitFor(() => gaps.length === 1, 'gap');
    // The server confirms a subscription before it sends anything on it.
    expect(seenAtGap).toEqual([null]);
    const after = server.post('after');
    server.post('later');
    await waitFor(() => firstSeen.length === 3, 'notes after');
    const [gap] = gaps;
    expect(gap!.firstAfter).toEqual({ id: after.id, at: expect.any(Number) });
    expect(gap!.firstAfter!.at).toBeGreaterThanOrEqual(gap!.resumedAt);
    // Set before the note's own listeners run, and not moved by later notes.
    expect(firstSeen.slice(1)).toEqual([gap!.firstAfter, gap!.firstAfter]);
  });

  it('reports the last note, not a userAdded or userRemoved, as lastBefore on userList', async () => {
    const stream = open({ backoff: { initialMs: 10, maxMs: 50 } });
    const list = stream.channel('userList', { listId: 'L1' });
    const gaps: Gap[] = [];
    list.onGap((gap) => gaps.push(gap));
    const events: string[] = [];
    list.on('note', (n) => events.push(n.id));
    list.on('userAdded', (u) => events.push(u.id));
    list.on('userRemoved', (u) => events.push(u.id));
    await waitFor(() => list.subscribedAt !== null, 'ack');
    const user = { id: 'user-9', username: 'nine', host: null, name: null, avatarUrl: null };
    server.emit('userList', 'note', note('0000000005'));
    server.emit('userList', 'userAdded', user);
    server.emit('userList', 'userRemoved', { ...user, id: 'user-8' });
    await waitFor(() => events.length === 3, 'events');
    expect(list.lastEvent?.id).toBe('0000000005');

    server.dropAll();
    await waitFor(() => gaps.length === 1, 'gap');
    server.emit('userList', 'userAdded', { ...user, id: 'user-7' });
    server.emit('userList', 'note', note('0000000006'));
    await waitFor(() => events.length === 5, 'events after');
    expect(gaps[0]).toMatchObject({ channel: 'userList', lastBefore: { id: '0000000005' }, firstAfter: { id: '0000000006' } });

    // So the re-read starts after that note.
    const calls: [string, object | undefined][] = [];
    fillGaps(list, { call: async (endpoint, params) => (calls.push([endpoint, params]), []) }, () => {});
    server.dropAll();
    await waitFor(() => calls.length === 1, 're-read');
    expect(calls[0]).toEqual(['notes/user-list-timeline', { limit: 100, listId: 'L1', sinceId: '0000000006' }]);
  });

  it('queues channel messages while disconnected (bounded) and flushes them in order after re-subscribing', async () => {
    const stream = open({ backoff: { initialMs: 10, maxMs: 50 }, queueLimit: 3 });
    const stats = stream.channel('serverStats');
    const queue = stream.channel('queueStats');
    await connection(stream, 0, (c) => c.channels.size === 2);
    await server.stop();
    await waitFor(() => stream.state === 'reconnecting', 'reconnecting');

    expect(stats.send('requestLog', { id: 'a', length: 1 })).toBe(true);
    expect(queue.send('requestLog', { id: 'dropped-with-its-channel', length: 1 })).toBe(true);
    expect(stats.send('requestLog', { id: 'b', length: 2 })).toBe(true);
    expect(stats.send('requestLog', { id: 'over-the-limit', length: 3 })).toBe(false);
    queue.dispose();
    expect(queue.send('requestLog', { id: 'disposed', length: 1 })).toBe(false);
    await server.start();

    const after = await connection(stream, 1, (c) => c.frames.filter((f) => f.type === 'channel').length === 2);
    expect(after.frames).toEqual([
      { type: 'connect', body: { channel: 'serverStats', id: stats.id, params: {}, pong: true } },
      { type: 'channel', body: { id: stats.id, type: 'requestLog', body: { id: 'a', length: 1 } } },
      { type: 'channel', body: { id: stats.id, type: 'requestLog', body: { id: 'b', length: 2 } } },
    ]);
  });

  it('applies changes made during an outage: new and disposed channels, captured and released notes', async () => {
    const stream = open({ backoff: { initialMs: 10, maxMs: 50 } });
    const keep = stream.channel('homeTimeline');
    const drop = stream.channel('localTimeline');
    stream.subNote('kept');
    const release = stream.subNote('released');
    await connection(stream, 0, (c) => c.channels.size === 2 && c.notes.size === 2);
    await server.stop();
    drop.dispose();
    release();
    const added = stream.channel('antenna', { antennaId: 'ant1' });
    stream.subNote('added');
    await server.start();
    const after = await connection(stream, 1, (c) => c.channels.size === 2 && c.notes.size === 2);
    expect([...after.channels]).toEqual([
      [keep.id, { channel: 'homeTimeline', params: {} }],
      [added.id, { channel: 'antenna', params: { antennaId: 'ant1' } }],
    ]);
    expect([...after.notes.keys()]).toEqual(['kept', 'added']);
    expect(after.frames.some((f) => f.type === 'disconnect' || f.type === 'unsubNote')).toBe(false);
  });
});

describe('backoff', () => {
  it('waits before retrying, grows the delay to a cap, and restarts after a stable connection', async () => {
    const clock = new ManualClock();
    clock.value = 0; // no jitter: the delays are the bare schedule
    const stream = open({ clock, backoff: { initialMs: 500, factor: 2, maxMs: 1500 } });
    await connection(stream, 0);
    await waitFor(() => stream.state === 'open', 'open');

    const delays: number[] = [];
    for (let n = 1; n <= 4; n++) {
      server.dropAll();
      await waitFor(() => stream.state === 'reconnecting', 'reconnecting');
      delays.push(clock.pending()[0]!);
      clock.advance(clock.pending()[0]!);
      await connection(stream, n);
      await waitFor(() => stream.state === 'open', 'open');
    }
    expect(delays).toEqual([500, 1000, 1500, 1500]);

    clock.advance(5_000); // this connection proved stable
    server.dropAll();
    await waitFor(() => stream.state === 'reconnecting', 'reconnecting');
    expect(clock.pending()).toEqual([500]);
  });

  it('spreads retries with jitter, never below (1 − jitter) × the delay', async () => {
    const clock = new ManualClock();
    const stream = open({ clock, backoff: { initialMs: 1000, jitter: 0.4 } });
    await waitFor(() => stream.state === 'open', 'open');
    clock.value = 0.999;
    server.dropAll();
    await waitFor(() => stream.state === 'reconnecting', 'reconnecting');
    expect(clock.pending()[0]).toBeCloseTo(1000 * (1 - 0.4 * 0.999), 6);
  });

  it('keeps retrying a browser-like socket refused before opening when the token checks out over HTTP', async () => {
    const clock = new ManualClock();
    clock.value = 0;
    server.refuseWith = 401; // refused, but not for the token: /api/i accepts it
    const upgradesBefore = server.upgrades.length;
    const checksBefore = tokenChecks().length;
    const stream = open({
      clock,
      WebSocket: BrowserLikeWebSocket,
      backoff: { initialMs: 500, factor: 1.5, maxMs: 3000 },
    });
    let failures = 0;
    stream.onState((state) => state === 'reconnecting' && failures++);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt++) {
      await waitFor(() => failures === attempt, `failure ${attempt}`);
      expect(server.upgrades.length).toBe(upgradesBefore + attempt);
      expect(clock.pending()).toHaveLength(1);
      delays.push(clock.pending()[0]!);
      if (attempt === 1) await waitFor(() => tokenChecks().length === checksBefore + 1, 'the token check');
      clock.advance(clock.pending()[0]!);
    }
    expect(delays).toEqual([500, 750, 1125, 1687.5, 2531.25, 3000, 3000]);
    expect(stream.state).toBe('reconnecting');
    expect(stream.error?.kind).toBe('network');
    expect(server.upgrades.slice(upgradesBefore).every((u) => u.status === 401)).toBe(true);
    // Once per failure streak, not once per attempt.
    expect(tokenChecks().slice(checksBefore)).toEqual([{ endpoint: 'i', params: { i: TOKEN } }]);
  });
});

describe('liveness', () => {
  it('replaces a socket silent for longer than deadAfterMs; pings and messages count as traffic', async () => {
    const clock = new ManualClock();
    clock.value = 0;
    const stream = open({ clock, deadAfterMs: 120_000, backoff: { initialMs: 100 } });
    const home = stream.channel('homeTimeline');
    const first = await connection(stream, 0, (c) => c.channels.size === 1);
    await waitFor(() => home.subscribedAt !== null, 'ack');

    // A ping every 60 s, as the server sends, keeps the socket.
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      const pong = new Promise((resolve) => first.socket.once('pong', resolve));
      first.socket.ping();
      await pong;
    }
    clock.advance(100_000);
    server.post('a message counts too');
    await waitFor(() => home.lastEvent !== null, 'note');
    clock.advance(100_000);
    expect(stream.state).toBe('open');
    expect(server.connections.length).toBe(firstConnection.get(stream)! + 1);

    // Then silence.
    clock.advance(20_001);
    expect(stream.state).toBe('reconnecting');
    expect(stream.error).toMatchObject({ kind: 'dead' });
    expect(stream.error?.message).toMatch(/no traffic for 120000 ms/);
    await waitFor(() => first.socket.readyState === first.socket.CLOSED, 'old socket cut');
    clock.advance(100);
    await connection(stream, 1, (c) => c.channels.size === 1);
    await waitFor(() => stream.state === 'open', 'open');
  });

  it('gives up on a socket that does not open within connectTimeoutMs', async () => {
    const clock = new ManualClock();
    clock.value = 0;
    const accepted: Socket[] = [];
    const blackHole = createTcpServer((socket) => accepted.push(socket)); // accepts, never answers the upgrade
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const port = (blackHole.address() as AddressInfo).port;
    try {
      const stream = new Stream({
        origin: `http://127.0.0.1:${port}`,
        clock,
        connectTimeoutMs: 10_000,
        backoff: { initialMs: 100 },
      });
      streams.push(stream as Stream<StreamTypes>);
      await waitFor(() => accepted.length === 1, 'first attempt');
      clock.advance(9_999);
      expect(stream.state).toBe('connecting');
      clock.advance(1);
      expect(stream.state).toBe('reconnecting');
      expect(stream.error).toMatchObject({ kind: 'dead' });
      clock.advance(100);
      await waitFor(() => accepted.length === 2, 'second attempt');
      stream.close();
      expect(clock.pending()).toEqual([]);
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => blackHole.close(resolve));
    }
  });

  it('probes a quiet browser-like socket instead of replacing it, and keeps it while the server answers', async () => {
    const clock = new ManualClock();
    clock.value = 0;
    const stream = open({ clock, deadAfterMs: 120_000, WebSocket: BrowserLikeWebSocket, backoff: { initialMs: 100 } });
    const local = stream.channel('localTimeline');
    const localEvents: unknown[] = [];
    local.on('note', (n) => localEvents.push(n.id));
    const first = await connection(stream, 0, (c) => c.channels.size === 1);
    await waitFor(() => local.subscribedAt !== null, 'ack');
    stream.onState(() => localEvents.push('state change'));

    for (let round = 1; round <= 3; round++) {
      // Every frame so far has arrived: this is exactly deadAfterMs of silence.
      clock.advance(120_000);
      const probes = () => first.frames.filter((f) => f.type === 'connect' && f.body.id !== local.id);
      const [probe] = await waitFor(() => probes().length === round && probes().slice(-1), `probe ${round}`);
      // A channel every server has, without credential, not shared, confirmed, then let go at once.
      expect(probe).toEqual({
        type: 'connect',
        body: { channel: 'localTimeline', id: expect.any(String), params: {}, pong: true },
      });
      await waitFor(() => first.frames.some((f) => f.type === 'disconnect' && f.body.id === probe!.body.id), 'release');
      expect([...first.channels.keys()]).toEqual([local.id]);
      // What the server might still send for the probe reaches no channel.
      first.send({ type: 'channel', body: { id: probe!.body.id, type: 'note', body: note('for-the-probe') } });
      first.send({ type: 'connected', body: { id: probe!.body.id } });
      server.emit('localTimeline', 'note', note(`sentinel-${round}`));
      await waitFor(() => localEvents.length === round, `sentinel ${round}`);
      expect(stream.state).toBe('open');
    }
    clock.advance(60_000);
    expect(stream.state).toBe('open');
    expect(localEvents).toEqual(['sentinel-1', 'sentinel-2', 'sentinel-3']);
    expect(server.connections.length).toBe(firstConnection.get(stream)! + 1);
  });

  it('with only shared channels open, probes with a channel from channelMeta (not shared, no credential)', async () => {
    const clock = new ManualClock();
    clock.value = 0;
    const stream = open({ clock, deadAfterMs: 120_000, WebSocket: BrowserLikeWebSocket, backoff: { initialMs: 100 } });
    const main = stream.channel('main');
    const first = await connection(stream, 0, (c) => c.channels.size === 1);
    await waitFor(() => main.subscribedAt !== null, 'ack');
    clock.advance(120_000);
    const probe = await waitFor(() => first.frames.find((f) => f.type === 'connect' && f.body.id !== main.id), 'probe');
    const rule = channelMeta[probe.body.channel as keyof typeof channelMeta];
    expect(rule).toMatchObject({ shared: false, credential: false });
    await waitFor(() => first.frames.some((f) => f.type === 'disconnect' && f.body.id === probe.body.id), 'release');
    clock.advance(60_000);
    expect(stream.state).toBe('open');
    expect(server.connections.length).toBe(firstConnection.get(stream)! + 1);
  });

  it('replaces a browser-like socket whose server stops answering, once a probe goes unanswered', async () => {
    const clock = new ManualClock();
    clock.value = 0;
    const stream = open({ clock, deadAfterMs: 120_000, WebSocket: BrowserLikeWebSocket, backoff: { initialMs: 100 } });
    const home = stream.channel('homeTimeline');
    const first = await connection(stream, 0, (c) => c.channels.size === 1);
    await waitFor(() => home.subscribedAt !== null, 'ack');
    first.silent = true;

    clock.advance(120_000);
    await waitFor(() => first.frames.some((f) => f.type === 'connect' && f.body.id !== home.id), 'probe');
    expect(stream.state).toBe('open');
    clock.advance(4_999);
    expect(stream.state).toBe('open');
    clock.advance(1);
    expect(stream.state).toBe('reconnecting');
    expect(stream.error).toMatchObject({ kind: 'dead' });
    expect(stream.error?.message).toMatch(/no traffic for 125000 ms/);
    clock.advance(100);
    await connection(stream, 1, (c) => c.channels.size === 1);
    await waitFor(() => stream.state === 'open', 'open');
  });
});

describe('authentication', () => {
  for (const [status, token] of [
    [401, 'wrong-token'],
    [403, 'suspended-token'],
  ] as const) {
    it(`stops on HTTP ${status} at the upgrade, with a clear error and no retry`, async () => {
      const clock = new ManualClock();
      const upgradesBefore = server.upgrades.length;
      const stream = open({ clock, token, tokenIn: 'query' });
      const home = stream.channel('homeTimeline');
      const iterator = home.events('note');
      const states: [StreamState, StreamError | null][] = [];
      stream.onState((state, error) => states.push([state, error]));
      await waitFor(() => stream.state === 'closed', 'closed');

      expect(stream.error).toBeInstanceOf(StreamError);
      expect(stream.error).toMatchObject({ kind: 'unauthorized', status });
      expect(stream.error?.message).toContain(`HTTP ${status}`);
      expect(states).toEqual([['closed', stream.error]]);
      expect(clock.pending()).toEqual([]); // nothing scheduled: no retry can happen
      expect(server.upgrades.length).toBe(upgradesBefore + 1);
      await expect(iterator.next()).rejects.toMatchObject({ kind: 'unauthorized' });
      expect(JSON.stringify(stream.error) + stream.error?.message + stream.error?.stack).not.toContain(token);
    });
  }
});

describe('authentication without a visible upgrade status', () => {
  for (const [status, token] of [
    [401, 'wrong-token'],
    [403, 'suspended-token'],
  ] as const) {
    it(`stops on HTTP ${status} from /api/i when a browser-like socket cannot see the refused upgrade`, async () => {
      const clock = new ManualClock();
      const upgradesBefore = server.upgrades.length;
      const checksBefore = tokenChecks().length;
      const stream = open({ clock, token, WebSocket: BrowserLikeWebSocket });
      const iterator = stream.channel('homeTimeline').events('note');
      await waitFor(() => stream.state === 'closed', 'closed');

      expect(stream.error).toMatchObject({ kind: 'unauthorized', status });
      expect(stream.error?.message).toContain(`HTTP ${status}`);
      expect(clock.pending()).toEqual([]);
      expect(server.upgrades.length).toBe(upgradesBefore + 1);
      expect(tokenChecks().slice(checksBefore)).toEqual([{ endpoint: 'i', params: { i: token } }]);
      await expect(iterator.next()).rejects.toMatchObject({ kind: 'unauthorized' });
      expect(JSON.stringify(stream.error) + stream.error?.message + stream.error?.stack).not.toContain(token);
    });
  }

  it('checks with the injected fetch once per failure streak, and keeps retrying when the check is inconclusive', async () => {
    const clock = new ManualClock();
    clock.value = 0;
    const calls: { url: string; init: RequestInit }[] = [];
    const answers: (() => Promise<Response>)[] = [
      () => Promise.reject(new TypeError('fetch failed')),
      async () => new Response('{"error":{"code":"AUTHENTICATION_FAILED"}}', { status: 401 }),
    ];
    const fetch = (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return answers[calls.length - 1]!();
    };
    server.refuseWith = 401;
    const stream = open({ clock, WebSocket: BrowserLikeWebSocket, fetch: fetch as typeof globalThis.fetch });
    let failures = 0;
    stream.onState((state) => state === 'reconnecting' && failures++);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await waitFor(() => failures === attempt, `failure ${attempt}`);
      clock.advance(clock.pending()[0]!);
    }
    await waitFor(() => failures === 5, 'failure 5');
    expect(stream.state).toBe('reconnecting');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${server.origin}/api/i`);
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: JSON.stringify({ i: TOKEN }) });
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/json');

    // The server lets it in; later the token is revoked: a new streak, a new check, and this one is final.
    server.refuseWith = null;
    clock.advance(clock.pending()[0]!);
    await waitFor(() => stream.state === 'open', 'open');
    server.refuseWith = 401;
    server.dropAll();
    await waitFor(() => stream.state === 'reconnecting', 'reconnecting');
    clock.advance(clock.pending()[0]!);
    await waitFor(() => stream.state === 'closed', 'closed');
    expect(calls).toHaveLength(2);
    expect(stream.error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(clock.pending()).toEqual([]);
  });

  it('does not check without a token', async () => {
    const clock = new ManualClock();
    let called = 0;
    const fetch = async () => (called++, new Response('', { status: 401 }));
    server.refuseWith = 401;
    const stream = open({ clock, token: undefined, WebSocket: BrowserLikeWebSocket, fetch });
    let failures = 0;
    stream.onState((state) => state === 'reconnecting' && failures++);
    await waitFor(() => failures === 1, 'failure 1');
    clock.advance(clock.pending()[0]!);
    await waitFor(() => failures === 2, 'failure 2');
    expect(called).toBe(0);
    expect(stream.state).toBe('reconnecting');
  });
});

describe('states and reasons', () => {
  it('goes connecting → open → reconnecting → open → closed, the reason readable while reconnecting', async () => {
    const stream = open({ backoff: { initialMs: 10 } });
    const states: StreamState[] = [stream.state];
    const reasons: (string | null)[] = [stream.error?.kind ?? null];
    stream.onState((state, error) => {
      states.push(state);
      reasons.push(error?.kind ?? null);
    });
    await waitFor(() => stream.state === 'open', 'open');
    server.dropAll();
    await connection(stream, 1);
    await waitFor(() => stream.state === 'open', 'open again');
    stream.close();
    stream.close();
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open', 'closed']);
    expect(reasons).toEqual([null, null, 'network', null, null]);
  });

  it('a close() after the connection recovered carries no error from the outage before', async () => {
    const stream = open({ backoff: { initialMs: 10 } });
    await waitFor(() => stream.state === 'open', 'open');
    server.dropAll();
    await waitFor(() => stream.state === 'reconnecting', 'outage');
    expect(stream.error?.kind).toBe('network');
    await connection(stream, 1);
    await waitFor(() => stream.state === 'open', 'healthy again');
    expect(stream.error).toBeNull();
    let closedWith: StreamError | null | undefined;
    stream.onState((state, error) => state === 'closed' && (closedWith = error));
    stream.close();
    expect(closedWith).toBeNull();
    expect(stream.error).toBeNull();
  });

  it('a close() during an outage keeps the outage as the reason (the stream was down when closed)', async () => {
    const clock = new ManualClock();
    const stream = open({ clock });
    await connection(stream, 0);
    await waitFor(() => stream.state === 'open', 'open');
    server.dropAll();
    await waitFor(() => stream.state === 'reconnecting', 'outage');
    let closedWith: StreamError | null | undefined;
    stream.onState((state, error) => state === 'closed' && (closedWith = error));
    stream.close();
    expect(closedWith).toMatchObject({ kind: 'network' });
    expect(stream.error).toBe(closedWith);
  });

  it('redacts the token from the reasons it reports', async () => {
    const clock = new ManualClock();
    const stream = open({ clock, tokenIn: 'query' });
    const first = await connection(stream, 0);
    first.socket.close(4000, `go away ${TOKEN} ${encodeURIComponent(TOKEN)}`);
    await waitFor(() => stream.state === 'reconnecting', 'reconnecting');
    expect(stream.error?.message).toBe('Streaming connection lost: code 4000 go away [redacted] [redacted]');
    expect(stream.error?.code).toBe(4000);

    const throwing = function () {
      throw new Error('cannot open');
    } as unknown as WebSocketConstructor;
    const echoing = function (url: string) {
      throw new SyntaxError(`Invalid URL: ${url}`);
    } as unknown as WebSocketConstructor;
    for (const [WebSocket, expected] of [
      [throwing, 'cannot open'],
      [echoing, 'Invalid URL: ws://127.0.0.1'],
    ] as const) {
      const reported: unknown[] = [];
      const failed = open({ WebSocket, tokenIn: 'query', token: `${TOKEN}/+?`, onListenerError: (e) => reported.push(e) });
      expect(failed.state).toBe('closed');
      expect(reported).toEqual([failed.error]); // closed before anyone could listen: reported, not silent
      expect(failed.error).toMatchObject({ kind: 'unavailable' });
      expect(failed.error?.message).toContain(expected);
      expect(failed.error?.message).not.toContain(TOKEN);
    }
  });

  it("subscribes a channel opened from an 'open' listener exactly once", async () => {
    const stream = open({ backoff: { initialMs: 10 } });
    stream.channel('homeTimeline');
    let added = false;
    stream.onState((state) => {
      if (state === 'open' && !added) added = Boolean(stream.channel('localTimeline'));
    });
    const first = await connection(stream, 0, (c) => c.channels.size === 2);
    stream.channel('globalTimeline'); // a later frame, to know the ones before it arrived
    await waitFor(() => first.channels.size === 3, 'third channel');
    expect(first.frames.filter((f) => f.type === 'connect').map((f) => f.body.channel)).toEqual([
      'homeTimeline',
      'localTimeline',
      'globalTimeline',
    ]);
  });

  it('close() from a state listener leaves no timer behind', async () => {
    const clock = new ManualClock();
    const stream = open({ clock });
    stream.onState((state) => state === 'reconnecting' && stream.close());
    await waitFor(() => stream.state === 'open', 'open');
    server.dropAll();
    await waitFor(() => stream.state === 'closed', 'closed');
    expect(clock.pending()).toEqual([]);
  });

  it('close() clears every timer in every state', async () => {
    for (const phase of ['connecting', 'open', 'reconnecting'] as const) {
      const clock = new ManualClock();
      const stream = open({ clock });
      stream.channel('homeTimeline');
      await waitFor(() => clock.pending().length > 0, 'a socket');
      if (phase !== 'connecting') await waitFor(() => stream.state === 'open', 'open');
      if (phase === 'reconnecting') {
        server.dropAll();
        await waitFor(() => stream.state === 'reconnecting', 'reconnecting');
      }
      expect(clock.pending().length).toBeGreaterThan(0);
      stream.close();
      expect(clock.pending()).toEqual([]);
      expect(stream.state).toBe('closed');
    }
  });
});
