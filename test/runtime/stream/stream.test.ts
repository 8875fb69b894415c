/**
 * The stream against a local server speaking Misskey's streaming protocol: multiplexing, shared
 * channels, typed delivery, dispose, note capture, broadcasts, malformed frames, token transport.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WS } from 'ws';
import { Stream, StreamError } from '../../../runtime/stream/index.js';
import type { StreamOptions, WebSocketConstructor } from '../../../runtime/stream/index.js';
import type { StreamTypes } from '../../../templates/channels.js';
// The channels' rules as the generated package passes them (createStream): which are shared, how each is re-read.
import { fromSources } from '../../helpers/from-sources.js';
import { startStreamServer, waitFor } from '../../helpers/ws-server.js';
import type { ServerConnection, StreamServer } from '../../helpers/ws-server.js';
const { channelMeta } = await fromSources<typeof import('../../../generated/misskey-2026.7.0/permissions.js')>('permissions.ts');

const TOKEN = 'test-token-7d1f0c';
let server: StreamServer;
const streams: Stream<StreamTypes>[] = [];

beforeAll(async () => {
  server = await startStreamServer({ token: TOKEN });
});
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});
afterAll(async () => {
  await server.close();
});

const firstConnection = new WeakMap<object, number>();

function open(options: Partial<StreamOptions> = {}): Stream<StreamTypes> {
  const stream = new Stream<StreamTypes>({ origin: server.origin, channels: channelMeta, token: TOKEN, ...options });
  streams.push(stream);
  // Sockets of earlier tests may still be closing: each stream is matched to the connection it makes.
  firstConnection.set(stream, server.connections.length);
  return stream;
}

/** The server side of `stream`'s connection, once it has `channels` live channel instances. */
function serverSide(stream: Stream<StreamTypes>, channels?: number): Promise<ServerConnection> {
  return waitFor(() => {
    const connection = server.connections[firstConnection.get(stream)!];
    return connection && (channels === undefined || connection.channels.size === channels) && connection;
  }, `${channels} channel(s) on the server`);
}

const note = (id: string) => ({ id, createdAt: '2026-01-01T00:00:00.000Z', text: id, userId: 'u1' });

describe('Stream', () => {
  it('multiplexes two instances of the same channel with different params', async () => {
    const stream = open();
    const withFiles = stream.channel('localTimeline', { withFiles: true });
    const all = stream.channel('localTimeline', { withFiles: false, withReplies: true });
    const connection = await serverSide(stream, 2);

    expect(withFiles.id).not.toBe(all.id);
    expect(connection.channels.get(withFiles.id)).toEqual({ channel: 'localTimeline', params: { withFiles: true } });
    expect(connection.channels.get(all.id)).toEqual({
      channel: 'localTimeline',
      params: { withFiles: false, withReplies: true },
    });

    const got: Record<string, string[]> = { withFiles: [], all: [] };
    withFiles.on('note', (n) => got.withFiles!.push(n.id));
    all.on('note', (n) => got.all!.push(n.id));
    expect(server.emit('localTimeline', 'note', note('a'), (p) => p.withFiles === true)).toBe(1);
    expect(server.emit('localTimeline', 'note', note('b'), (p) => p.withFiles === false)).toBe(1);
    expect(server.emit('localTimeline', 'note', note('c'))).toBe(2);
    await waitFor(() => got.withFiles!.length === 2 && got.all!.length === 2, 'notes');
    expect(got).toEqual({ withFiles: ['a', 'c'], all: ['b', 'c'] });
  });

  it('delivers typed events to the right instance and event only', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline');
    const local = stream.channel('localTimeline');
    const connection = await serverSide(stream, 2);
    await waitFor(() => home.subscribedAt !== null && local.subscribedAt !== null, 'acks');

    const homeNotes: string[] = [];
    const localNotes: string[] = [];
    const homeOther: unknown[] = [];
    home.on('note', (n) => homeNotes.push(n.text ?? ''));
    local.on('note', (n) => localNotes.push(n.text ?? ''));
    (home as unknown as { on(e: string, f: (x: unknown) => void): void }).on('somethingElse', (x) => homeOther.push(x));

    connection.send({ type: 'channel', body: { id: home.id, type: 'note', body: note('for-home') } });
    connection.send({ type: 'channel', body: { id: home.id, type: 'unknownEvent', body: note('ignored') } });
    connection.send({ type: 'channel', body: { id: local.id, type: 'note', body: note('for-local') } });
    // Frames arrive in order: once this one is in, everything before it has been dispatched.
    connection.send({ type: 'channel', body: { id: home.id, type: 'somethingElse', body: 'sentinel' } });
    await waitFor(() => homeOther.length === 1, 'sentinel');
    expect(homeNotes).toEqual(['for-home']);
    expect(localNotes).toEqual(['for-local']);
    expect(home.lastEvent?.id).toBe('for-home'); // only notes mark a timeline's position
  });

  it('fans one server subscription of a shared channel out to every local instance', async () => {
    const stream = open();
    const first = stream.channel('main');
    const second = stream.channel('main');
    const connection = await serverSide(stream, 1);
    await waitFor(() => first.subscribedAt !== null && second.subscribedAt !== null, 'acks');

    // The server would ignore a second `connect` for main: the client must not rely on one.
    expect(connection.frames.filter((f) => f.type === 'connect')).toHaveLength(1);
    expect(first.id).toBe(second.id);

    const seen: string[] = [];
    first.on('notification', (n) => seen.push(`first:${n.id}`));
    second.on('notification', (n) => seen.push(`second:${n.id}`));
    server.emit('main', 'notification', { id: 'n1', type: 'follow' });
    await waitFor(() => seen.length === 2, 'both instances');
    expect(seen.sort()).toEqual(['first:n1', 'second:n1']);

    first.dispose();
    server.emit('main', 'notification', { id: 'n2', type: 'follow' });
    await waitFor(() => seen.length === 3, 'remaining instance');
    expect(seen[2]).toBe('second:n2');
    expect(connection.frames.some((f) => f.type === 'disconnect')).toBe(false);
    expect(connection.channels.size).toBe(1);

    second.dispose();
    await serverSide(stream, 0);
    expect(connection.frames.filter((f) => f.type === 'disconnect')).toEqual([
      { type: 'disconnect', body: { id: first.id } },
    ]);
  });

  it('dispose() stops delivery, ends iterators and sends disconnect', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline');
    const connection = await serverSide(stream, 1);
    await waitFor(() => home.subscribedAt !== null, 'ack');
    const received: string[] = [];
    home.on('note', (n) => received.push(n.id));
    const iterator = home.events('note');
    const pending = iterator.next();

    home.dispose();
    expect(home.disposed).toBe(true);
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    await serverSide(stream, 0);
    expect(connection.frames.at(-1)).toEqual({ type: 'disconnect', body: { id: home.id } });

    // Even if the server kept sending to the old id, nothing is delivered.
    const sentinel = stream.channel('localTimeline');
    await serverSide(stream, 1);
    const after: string[] = [];
    sentinel.on('note', (n) => after.push(n.id));
    connection.send({ type: 'channel', body: { id: home.id, type: 'note', body: note('late') } });
    connection.send({ type: 'channel', body: { id: sentinel.id, type: 'note', body: note('sentinel') } });
    await waitFor(() => after.length === 1, 'sentinel');
    expect(received).toEqual([]);
    expect(home.send as unknown).toBeTypeOf('function');
    home.dispose(); // twice is harmless
  });

  it('supports async iteration, and breaking out removes the listener', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline');
    await waitFor(() => home.subscribedAt !== null, 'ack');
    const texts: string[] = [];
    const consumer = (async () => {
      for await (const n of home.events('note')) {
        texts.push(n.text ?? '');
        if (texts.length === 3) break;
      }
    })();
    for (const t of ['one', 'two', 'three', 'four']) server.post(t);
    await consumer;
    expect(texts).toEqual(['one', 'two', 'three']);

    const controller = new AbortController();
    const iterator = home.events('note', { signal: controller.signal });
    const next = iterator.next();
    controller.abort();
    await expect(next).resolves.toEqual({ value: undefined, done: true });
  });

  it('an iterator that is not read fails with an overflow error instead of growing without bound', async () => {
    const stream = open();
    const home = stream.channel('homeTimeline');
    await waitFor(() => home.subscribedAt !== null, 'ack');
    const iterator = home.events('note', { limit: 2 });
    for (const t of ['1', '2', '3']) server.post(t);
    await waitFor(() => home.lastEvent?.id === server.notes.at(-1)?.id, 'three notes');
    await expect(iterator.next()).resolves.toMatchObject({ value: { text: '1' } });
    await expect(iterator.next()).resolves.toMatchObject({ value: { text: '2' } });
    await expect(iterator.next()).rejects.toMatchObject({ name: 'StreamError', kind: 'overflow' });
  });

  it('captures notes (counted like the server) and delivers typed noteUpdated events', async () => {
    const stream = open();
    const updates: unknown[] = [];
    stream.on('noteUpdated', (e) => {
      if (e.type === 'reacted') updates.push([e.id, e.body.reaction]);
      else updates.push([e.id, e.type]);
    });
    const early = stream.subNote('early'); // before the socket opens: sent on open
    const connection = await serverSide(stream);
    await waitFor(() => stream.state === 'open' && connection.notes.has('early'), 'open');
    early();
    const release1 = stream.subNote('note1');
    const release2 = stream.subNote('note1');
    await waitFor(() => connection.notes.get('note1') === 1, 'subNote');
    expect(connection.frames.filter((f) => f.type === 'subNote')).toEqual([
      { type: 'subNote', body: { id: 'early' } },
      { type: 'subNote', body: { id: 'note1' } },
    ]);

    server.noteUpdated('note1', 'reacted', { reaction: ':like:', userId: 'u2' });
    server.noteUpdated('note1', 'deleted', { deletedAt: '2026-01-01T00:00:00.000Z' });
    await waitFor(() => updates.length === 2, 'noteUpdated');
    expect(updates).toEqual([
      ['note1', ':like:'],
      ['note1', 'deleted'],
    ]);

    release1();
    release1();
    stream.channel('localTimeline'); // a later frame, to know the ones before it arrived
    await serverSide(stream, 1);
    expect(connection.frames.some((f) => f.type === 'unsubNote' && f.body.id === 'note1')).toBe(false);
    release2();
    await waitFor(() => !connection.notes.has('note1'), 'unsubNote');
    expect(connection.frames.filter((f) => f.type === 'unsubNote')).toEqual([
      { type: 'unsubNote', body: { id: 'early' } },
      { type: 'unsubNote', body: { id: 'note1' } },
    ]);
  });

  it('delivers broadcasts to the stream', async () => {
    const stream = open();
    const emojis: string[] = [];
    const announcements: string[] = [];
    stream.on('emojiAdded', (e) => emojis.push(e.emoji.name));
    stream.on('announcementCreated', (e) => announcements.push(e.announcement.title));
    await waitFor(() => stream.state === 'open' && server.live().length > 0, 'open');
    server.broadcast('emojiAdded', { emoji: { id: 'e1', name: 'blobcat' } });
    server.broadcast('announcementCreated', { announcement: { id: 'a1', title: 'Maintenance' } });
    await waitFor(() => announcements.length === 1, 'broadcasts');
    expect(emojis).toEqual(['blobcat']);
    expect(announcements).toEqual(['Maintenance']);
  });

  it('ignores malformed and unknown frames', async () => {
    const listenerErrors: unknown[] = [];
    const stream = open({ onListenerError: (e) => listenerErrors.push(e) });
    const home = stream.channel('homeTimeline');
    const connection = await serverSide(stream, 1);
    const got: unknown[] = [];
    home.on('note', (n) => got.push(n));
    stream.on('noteUpdated', (n) => got.push(n));
    for (const raw of [
      'not json',
      '',
      '[1,2,3]',
      'null',
      '42',
      '{"type":5}',
      '{"body":{}}',
      '{"type":"channel"}',
      '{"type":"channel","body":null}',
      '{"type":"channel","body":{"type":"note","body":{}}}',
      `{"type":"channel","body":{"id":"${home.id}"}}`,
      '{"type":"channel","body":{"id":"no-such-id","type":"note","body":{}}}',
      '{"type":"connected","body":{"id":"no-such-id"}}',
      '{"type":"connected"}',
      '{"type":"noteUpdated","body":null}',
      '{"type":"noteUpdated","body":{"id":1,"type":"reacted"}}',
      '{"type":"somethingNew","body":{"x":1}}',
      '{"type":"channel","body":{"id":"1","type":"note","body":{}}}}',
    ]) {
      connection.send(raw);
    }
    connection.send(Buffer.from([0xff, 0x00, 0x7b]));
    connection.socket.send(Buffer.from('{"type":"channel"}'), { binary: true });
    connection.send({ type: 'channel', body: { id: home.id, type: 'note', body: note('valid') } });
    await waitFor(() => got.length === 1, 'the valid note');
    expect(got).toEqual([note('valid')]);
    expect(listenerErrors).toEqual([]);
    expect(stream.state).toBe('open');
    expect(server.live()).toContain(connection);
  });

  it('keeps delivering when a listener throws, and reports the error', async () => {
    const listenerErrors: unknown[] = [];
    const stream = open({ onListenerError: (e) => listenerErrors.push(e) });
    const home = stream.channel('homeTimeline');
    await waitFor(() => home.subscribedAt !== null, 'ack');
    const got: string[] = [];
    home.on('note', () => {
      throw new Error('listener bug');
    });
    home.on('note', (n) => got.push(n.id));
    server.post('x');
    server.post('y');
    await waitFor(() => got.length === 2, 'notes');
    expect(listenerErrors.map((e) => (e as Error).message)).toEqual(['listener bug', 'listener bug']);
  });

  it('sends channel messages as `channel` frames', async () => {
    const stream = open();
    const stats = stream.channel('serverStats');
    const connection = await serverSide(stream, 1);
    expect(stats.send('requestLog', { id: 'log1', length: 20 })).toBe(true);
    const frame = await waitFor(() => connection.frames.find((f) => f.type === 'channel'), 'channel frame');
    expect(frame).toEqual({
      type: 'channel',
      body: { id: stats.id, type: 'requestLog', body: { id: 'log1', length: 20 } },
    });
  });

  it('sends the token as a header with ws, in ?i= otherwise, and never without asking', async () => {
    const viaWs = open();
    await waitFor(() => viaWs.state === 'open', 'open');
    const byHeader = server.upgrades.at(-1)!;
    expect(byHeader.authorization).toBe(`Bearer ${TOKEN}`);
    expect(byHeader.url.search).toBe('');

    const inQuery = open({ tokenIn: 'query' });
    await waitFor(() => inQuery.state === 'open', 'open');
    expect(server.upgrades.at(-1)!.url.searchParams.get('i')).toBe(TOKEN);
    expect(server.upgrades.at(-1)!.authorization).toBeUndefined();

    // An injected constructor may be a browser's: the query is the portable default.
    const injected = open({ WebSocket: WS as unknown as WebSocketConstructor });
    await waitFor(() => injected.state === 'open', 'open');
    expect(server.upgrades.at(-1)!.url.searchParams.get('i')).toBe(TOKEN);

    const anonymous = open({ token: undefined });
    await waitFor(() => anonymous.state === 'open', 'open');
    expect(server.upgrades.at(-1)!.url.search).toBe('');
    expect(server.upgrades.at(-1)!.authorization).toBeUndefined();
    expect(server.upgrades.at(-1)!.url.pathname).toBe('/streaming');
  });

  it('uses the global WebSocket when there is one', async () => {
    const constructed: string[] = [];
    class GlobalWebSocket extends WS {
      constructor(url: string) {
        super(url);
        constructed.push(url);
      }
    }
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
    Object.defineProperty(globalThis, 'WebSocket', { value: GlobalWebSocket, configurable: true, writable: true });
    try {
      const stream = open();
      await waitFor(() => stream.state === 'open', 'open');
      expect(constructed).toEqual([`ws://127.0.0.1:${server.port}/streaming?i=${TOKEN}`]);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'WebSocket', saved);
      else delete (globalThis as { WebSocket?: unknown }).WebSocket;
    }
  });

  it('keeps the token out of sight', () => {
    const stream = open({ WebSocket: WS as unknown as WebSocketConstructor });
    const shown = JSON.stringify(stream) + String(Object.keys(stream)) + String(Object.values(stream));
    expect(shown).not.toContain(TOKEN);
    expect(new StreamError('network', 'x')).toBeInstanceOf(Error);
  });

  it('rejects what cannot work before connecting', () => {
    expect(() => new Stream({ origin: 'ftp://example.com' })).toThrow(TypeError);
    expect(() => new Stream({ origin: 'https://example.com', token: 1 as unknown as string })).toThrow(TypeError);
    const stream = open();
    stream.close();
    expect(() => stream.channel('homeTimeline')).toThrow(StreamError);
    return expect(stream.events('emojiAdded').next()).resolves.toEqual({ value: undefined, done: true });
  });
});
