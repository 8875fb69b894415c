/**
 * A local server on 127.0.0.1 that speaks Misskey's streaming protocol (misskey-protocol.md §4) well
 * enough for client tests: /streaming with token check (401 before the upgrade), channel instances
 * by client id, shared channels that ignore a second `connect`, `pong` acks, note capture with
 * reference counts, broadcasts; plus a note store served over HTTP by the timeline endpoints, so a
 * client can re-read what it missed, `notes/create` and `notes/show`, and `/api/i` answering 401/403
 * for a bad or suspended token, as a real server does. It can stop listening and start again on the same port.
 *
 * Why not the mock (generator/mock), which end-to-end tests use: the runtime's stream tests need what a
 * mock for bot authors should not offer: every frame and upgrade recorded (where the token went, header
 * or query; what a client re-sent after a reconnect), a server that goes silent without closing, upgrades
 * refused with any status, a suspended token's 403, HTTP answers held back (`apiGate`), and any event
 * sent to any channel instance.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export type Frame = { type: string; body: any };

export interface ServerConnection {
  readonly socket: WebSocket;
  readonly url: URL;
  readonly authorization: string | undefined;
  /** Every JSON frame received, in order, and when (performance.now()). */
  readonly frames: Frame[];
  readonly frameTimes: number[];
  /** Live channel instances: client id → channel name and params. */
  readonly channels: Map<string, { channel: string; params: any }>;
  /** Captured notes with the server's own reference count. */
  readonly notes: Map<string, number>;
  readonly openedAt: number;
  /** A server that stopped answering: frames are still recorded, but nothing is acted on or replied. */
  silent: boolean;
  send(frame: Frame | string | Buffer): void;
}

export type Note = { id: string; createdAt: string; text: string; userId: string };

export interface StreamServer {
  readonly origin: string;
  readonly port: number;
  /** Every accepted connection, oldest first. */
  readonly connections: ServerConnection[];
  /** Every upgrade request, accepted or not. */
  readonly upgrades: { url: URL; authorization: string | undefined; status: number }[];
  readonly notes: Note[];
  /** HTTP API calls: endpoint and JSON body. */
  readonly apiCalls: { endpoint: string; params: any }[];
  /** When the server last started listening (performance.now()). */
  readonly listeningSince: number;
  /** Answer upgrades with this HTTP status instead of switching protocols (null: accept). */
  refuseWith: number | null;
  /** Awaited before each HTTP API answer: lets a test act while a client waits for one. */
  apiGate: (() => Promise<void>) | null;
  live(): ServerConnection[];
  /** Sends a channel event to every live instance of `channel` whose params match; returns how many got it. */
  emit(channel: string, type: string, body: unknown, match?: (params: any) => boolean): number;
  noteUpdated(noteId: string, type: string, body: unknown): number;
  broadcast(type: string, body: unknown): void;
  /** Stores a note (as if posted) and streams it to every live `homeTimeline` instance. */
  post(text: string): Note;
  /** Cuts every live socket without a close frame (as a crashed server or a lost network would). */
  dropAll(): void;
  /** An outage: stop listening and cut every socket. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export const SHARED = new Set(['main', 'drive', 'admin', 'reversi', 'serverStats', 'queueStats']);
const KNOWN = new Set([
  ...SHARED,
  'homeTimeline',
  'localTimeline',
  'hybridTimeline',
  'globalTimeline',
  'hashtag',
  'userList',
  'roleTimeline',
  'channel',
  'antenna',
  'chatUser',
  'chatRoom',
  'reversiGame',
]);
const TIMELINE_ENDPOINTS = new Set([
  'notes/timeline',
  'notes/local-timeline',
  'notes/hybrid-timeline',
  'notes/global-timeline',
]);

export async function startStreamServer(
  options: { token?: string; suspendedToken?: string } = {},
): Promise<StreamServer> {
  const wss = new WebSocketServer({ noServer: true });
  const connections: ServerConnection[] = [];
  const upgrades: StreamServer['upgrades'] = [];
  const notes: Note[] = [];
  const apiCalls: StreamServer['apiCalls'] = [];
  const sockets = new Set<Socket>();
  let noteCounter = 0;
  let port = 0;
  let listeningSince = 0;

  const http = createServer((req, res) => void answerApi(req, res));
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorization = req.headers.authorization;
    const token = authorization?.startsWith('Bearer ')
      ? authorization.slice(7)
      : (url.searchParams.get('i') ?? undefined);
    let status = 101;
    if (url.pathname !== '/streaming') status = 404;
    else if (api.refuseWith !== null) status = api.refuseWith;
    else if (token !== undefined && token === options.suspendedToken) status = 403;
    else if (token !== undefined && token !== options.token) status = 401;
    upgrades.push({ url, authorization, status });
    if (status !== 101) {
      const extra = status === 401 ? 'WWW-Authenticate: Bearer error="invalid_token"\r\n' : '';
      socket.end(`HTTP/1.1 ${status} Refused\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, url, authorization, token !== undefined));
  });

  function accept(socket: WebSocket, url: URL, authorization: string | undefined, authenticated: boolean): void {
    const connection: ServerConnection = {
      socket,
      url,
      authorization,
      frames: [],
      frameTimes: [],
      channels: new Map(),
      notes: new Map(),
      openedAt: performance.now(),
      silent: false,
      send: (frame) => socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame)),
    };
    connections.push(connection);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: Frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      connection.frames.push(frame);
      connection.frameTimes.push(performance.now());
      if (connection.silent) return;
      const body = frame.body ?? {};
      switch (frame.type) {
        case 'connect': {
          if (!KNOWN.has(body.channel)) return; // silence, like the real server
          if (
            !authenticated &&
            [
              'main',
              'homeTimeline',
              'hybridTimeline',
              'drive',
              'admin',
              'antenna',
              'chatUser',
              'chatRoom',
              'reversi',
            ].includes(body.channel)
          )
            return;
          if (SHARED.has(body.channel) && [...connection.channels.values()].some((c) => c.channel === body.channel))
            return;
          connection.channels.set(body.id, { channel: body.channel, params: body.params ?? {} });
          if (body.pong) connection.send({ type: 'connected', body: { id: body.id } });
          return;
        }
        case 'disconnect':
          connection.channels.delete(body.id);
          return;
        case 'subNote':
        case 's':
        case 'sr':
          connection.notes.set(body.id, (connection.notes.get(body.id) ?? 0) + 1);
          return;
        case 'unsubNote':
        case 'un': {
          const count = (connection.notes.get(body.id) ?? 0) - 1;
          if (count <= 0) connection.notes.delete(body.id);
          else connection.notes.set(body.id, count);
          return;
        }
      }
    });
  }

  async function answerApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const endpoint = (req.url ?? '').replace(/^\/api\//, '');
    let params: any = {};
    try {
      params = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    } catch {
      // Answered below as an unknown endpoint would be.
    }
    apiCalls.push({ endpoint, params });
    if (api.apiGate) await api.apiGate();
    if (endpoint === 'i') {
      const authorization = req.headers.authorization;
      const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : params.i;
      const [status, code] =
        token === undefined
          ? [401, 'CREDENTIAL_REQUIRED']
          : token === options.suspendedToken
            ? [403, 'YOUR_ACCOUNT_SUSPENDED']
            : token !== options.token
              ? [401, 'AUTHENTICATION_FAILED']
              : [200, ''];
      const body = status === 200 ? { id: 'u1', username: 'me' } : { error: { code } };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    // Enough of notes/* for a bot: post (stored and streamed, as `post` does) and show.
    if (endpoint === 'notes/create') {
      const createdNote = api.post(String(params.text ?? ''));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ createdNote }));
      return;
    }
    if (endpoint === 'notes/show') {
      const note = notes.find((n) => n.id === params.noteId);
      const body = note ?? { error: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '24fcbfc6-2e37-42b6-8388-c29b3861a08d', kind: 'client' } };
      res.writeHead(note ? 200 : 400, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (!TIMELINE_ENDPOINTS.has(endpoint)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"UNKNOWN_API_ENDPOINT"}}');
      return;
    }
    const limit = Math.min(params.limit ?? 10, 100);
    let found = notes.filter((n) =>
      params.sinceId ? n.id > params.sinceId : params.sinceDate ? Date.parse(n.createdAt) >= params.sinceDate : true,
    );
    // Like Misskey with sinceId: the `limit` oldest after it, answered newest first.
    found = found.slice(0, limit).reverse();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
  }

  function live(): ServerConnection[] {
    return connections.filter((c) => c.socket.readyState === c.socket.OPEN);
  }

  function emit(channel: string, type: string, body: unknown, match: (params: any) => boolean = () => true): number {
    let count = 0;
    for (const connection of live()) {
      for (const [id, instance] of connection.channels) {
        if (instance.channel !== channel || !match(instance.params)) continue;
        connection.send({ type: 'channel', body: { id, type, body } });
        count++;
      }
    }
    return count;
  }

  async function listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    port = (http.address() as AddressInfo).port;
    listeningSince = performance.now();
  }

  async function stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    for (const client of wss.clients) client.terminate();
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  await listen();

  const api: StreamServer = {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    connections,
    upgrades,
    notes,
    apiCalls,
    get listeningSince() {
      return listeningSince;
    },
    refuseWith: null,
    apiGate: null,
    live,
    emit,
    noteUpdated(noteId, type, body) {
      let count = 0;
      for (const connection of live()) {
        if (!connection.notes.has(noteId)) continue;
        connection.send({ type: 'noteUpdated', body: { id: noteId, type, body } });
        count++;
      }
      return count;
    },
    broadcast(type, body) {
      for (const connection of live()) connection.send({ type, body });
    },
    post(text) {
      noteCounter++;
      const note: Note = {
        id: noteCounter.toString(36).padStart(10, '0'),
        createdAt: new Date().toISOString(),
        text,
        userId: 'u1',
      };
      notes.push(note);
      emit('homeTimeline', 'note', note);
      return note;
    },
    dropAll() {
      for (const connection of live()) connection.socket.terminate();
    },
    stop,
    start: listen,
    async close() {
      if (http.listening) await stop();
      wss.close();
    },
  };
  return api;
}

/** Polls `check` until it returns something truthy; fails after `timeoutMs` (generous: CI has 2 loaded cores). */
export async function waitFor<T>(
  check: () => T | undefined | null | false,
  what = 'condition',
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A clock for the stream that only moves when told: backoff, liveness and timeouts without waiting. */
export class ManualClock {
  #now = 1_000_000;
  #nextId = 0;
  readonly timers = new Map<number, { at: number; fn: () => void }>();
  /** What `random()` returns; 0.5 by default. */
  value = 0.5;

  now = (): number => this.#now;
  random = (): number => this.value;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.#nextId;
    this.timers.set(id, { at: this.#now + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Delays of the pending timers from now, soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].fn();
    }
    this.#now = target;
  }
}
