// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Misskey streaming: one WebSocket, many channel instances multiplexed by client-chosen ids, reconnected with backoff.
// Which channels are shared, and how each is re-read, is data (the generated `channelMeta`), not code.
import { redact } from '../http/errors.js';
import { Sink, StreamChannel, StreamError, type AnyStreamTypes, type IterateOptions, type ParamsArg, type StreamEvents, type StreamTypeMap, type TimelineRule } from './channels.js';
import { watch, type Liveness, type StreamClock } from './liveness.js';

/** The subset of the WebSocket API the stream uses; browsers', Node 22+'s, undici's and `ws` all fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/**
 * `initialMs`: the first retry delay, default 500. `maxMs`: the cap, default 2000: after an outage the stream is back at
 * most this long after the server (median about half). `factor`: growth per failed attempt, default 1.5. `jitter`: each
 * delay is drawn from [delay × (1 − jitter), delay], default 0.5, so clients do not retry in lockstep.
 */
export type BackoffOptions = { initialMs?: number; maxMs?: number; factor?: number; jitter?: number };

/** A channel's rules, as in the generated `channelMeta`. */
export type ChannelRule = { readonly credential: boolean; readonly shared: boolean; readonly timeline?: TimelineRule | null | undefined };
export type ChannelRules = { readonly [channel: string]: ChannelRule };

export type StreamOptions = {
  /** The server's http(s) origin; the socket goes to ws(s)://host/streaming. */ origin: string | URL;
  token?: string | undefined;
  /** Default: the global WebSocket, else the `ws` package (loaded only when needed). */ WebSocket?: WebSocketConstructor | undefined;
  /** 'query' (`?i=`, works everywhere) or 'header' (out of URLs and logs; `ws`, undici, Bun). Default: 'header' with `ws`. */ tokenIn?: 'query' | 'header';
  backoff?: BackoffOptions;
  /** Replace a socket silent this long, default 120 000 (where pings are invisible, once a probe goes unanswered). */ deadAfterMs?: number;
  /** Give up on a socket not open after this long, default 15 000. */ connectTimeoutMs?: number;
  /** Channel messages kept while disconnected, default 100; `send()` returns false beyond. */ queueLimit?: number;
  /** `channelMeta` (`createStream` passes it): which channels exist once per socket, how each is re-read. */ channels?: ChannelRules | undefined;
  clock?: Partial<StreamClock>;
  /** Gets what listeners throw, and a fatal error nobody listens for. Default: rethrown asynchronously, like an uncaught error. */
  onListenerError?: (error: unknown) => void;
  /** For the token check at `POST /api/i` when a socket that hides the upgrade's status fails to open. */ fetch?: typeof fetch;
};

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One subscription on the server: one per instance, or one shared by every instance of a shared channel. */
type Wire = { id: string; name: string; params: object | undefined; sinks: Set<Sink>; acked: boolean };

const OPEN = 1;
const frame = (type: string, body: unknown) => JSON.stringify({ type, body });
const connectFrame = (channel: string, id: string, params: object | undefined) => frame('connect', { channel, id, params: params ?? {}, pong: true });

export class Stream<T extends StreamTypeMap = AnyStreamTypes> {
  readonly origin: string;
  readonly #token: string | undefined;
  readonly #url: string;
  readonly #options: StreamOptions;
  readonly #clock: StreamClock;
  readonly #onListenerError: (error: unknown) => void;
  readonly #sink: Sink; // the stream's own events: broadcasts and noteUpdated
  readonly #stateListeners = new Set<(state: StreamState, error: StreamError | null) => void>();
  readonly #wires = new Map<string, Wire>();
  readonly #notes = new Map<string, number>(); // captured note → how many captures
  #queue: [Wire, string][] = [];
  #state: StreamState = 'connecting';
  #error: StreamError | null = null;
  #socket: WebSocketLike | null = null;
  #liveness: Liveness | null = null;
  #attempt = 0;
  #openedAt = 0;
  #retryTimer: unknown = null;
  #nextId = 0;
  /** The token check at /api/i: running, or done since the last open (once per failure streak). */
  #tokenCheck: AbortController | 'done' | null = null;
  constructor(options: StreamOptions) {
    const url = new URL(String(options.origin));
    if (!/^(https?|wss?):$/.test(url.protocol)) throw new TypeError(`origin must be an http(s) URL, not ${url.protocol}`);
    if (options.token !== undefined && typeof options.token !== 'string') throw new TypeError('StreamOptions.token must be a string');
    [this.origin, this.#token, this.#options] = [url.origin, options.token || undefined, options];
    this.#url = `${url.protocol.replace(/^http/, 'ws')}//${url.host}/streaming`;
    const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as Parameters<typeof clearTimeout>[0]) };
    this.#clock = { now: Date.now, random: Math.random, ...timers, ...options.clock };
    this.#onListenerError = options.onListenerError ?? ((error) => queueMicrotask(() => { throw error; }));
    this.#sink = new Sink(this.#onListenerError);
    void this.#connect();
  }

  get state(): StreamState { return this.#state; }
  /** Why the stream is not open (token redacted): the failure retried, or the one that closed it; null while open. */
  get error(): StreamError | null { return this.#error; }
  /** Called on every state change with `error` (see there); returns an unsubscribe function. */
  onState(listener: (state: StreamState, error: StreamError | null) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** A channel instance: `channel('hashtag', { q: [['misskey']] })`. A shared channel is subscribed once and fanned out. */
  channel<N extends keyof T['channels'] & string>(name: N, ...args: ParamsArg<T['channels'][N]['params']>): StreamChannel<T['channels'][N], N> {
    if (this.#state === 'closed') throw new StreamError(this.#error?.kind ?? 'unavailable', 'The stream is closed');
    const params = args[0] as object | undefined;
    const rule = this.#rule(name);
    let wire = rule?.shared ? [...this.#wires.values()].find((w) => w.name === name) : undefined;
    if (!wire) {
      wire = { id: String(++this.#nextId), name, params, sinks: new Set(), acked: false };
      this.#wires.set(wire.id, wire);
      this.#sendNow(connectFrame(name, wire.id, params));
    }
    const sink = new Sink(this.#onListenerError);
    if (wire.acked) sink.subscribedAt = this.#clock.now();
    wire.sinks.add(sink);
    const { id } = wire;
    const send = (type: string, body: unknown) => this.#enqueue(id, frame('channel', { id, type, body }));
    return new StreamChannel(name, params, id, rule?.timeline ?? null, sink, { send, dispose: () => this.#release(id, sink) });
  }

  /** Listens to broadcasts (`emojiAdded`, `announcementCreated`, …) and `noteUpdated` for captured notes. */
  on<E extends keyof StreamEvents<T> & string>(event: E, listener: (payload: StreamEvents<T>[E]) => void): () => void {
    return this.#sink.on(event, listener);
  }

  off<E extends keyof StreamEvents<T> & string>(event: E, listener: (payload: StreamEvents<T>[E]) => void): void {
    this.#sink.listeners.get(event)?.delete(listener);
  }

  /** `for await (const e of stream.events('noteUpdated'))`; ends on `close()`. */
  events<E extends keyof StreamEvents<T> & string>(event: E, options?: IterateOptions): AsyncIterableIterator<StreamEvents<T>[E]> {
    return this.#sink.events(event, options, this.#state === 'closed');
  }

  /** Captures a note: its reactions, votes, edits and deletion arrive as `noteUpdated`. Counted, and kept across reconnects. */
  subNote(noteId: string): () => void {
    const count = this.#notes.get(noteId) ?? 0;
    this.#notes.set(noteId, count + 1);
    if (count === 0) this.#sendNow(frame('subNote', { id: noteId }));
    let done = false;
    return () => void (done || this.unsubNote(noteId), (done = true));
  }

  unsubNote(noteId: string): void {
    const count = this.#notes.get(noteId) ?? 0;
    if (count > 1) this.#notes.set(noteId, count - 1);
    else if (this.#notes.delete(noteId)) this.#sendNow(frame('unsubNote', { id: noteId }));
  }

  /** Closes the socket for good: every channel ends, every timer is cleared. */
  close(): void { this.#shutdown(null); }
  #rule(name: string): ChannelRule | undefined {
    const rules = this.#options.channels;
    return rules && Object.hasOwn(rules, name) ? rules[name] : undefined;
  }

  async #connect(): Promise<void> {
    this.#retryTimer = null;
    let [Ctor, viaWs] = [this.#options.WebSocket, false];
    if (!Ctor) {
      try {
        [Ctor, viaWs] = await loadWebSocket();
      } catch {
        const why = 'this runtime has no global WebSocket (Node < 22) and the "ws" package is not installed';
        return this.#shutdown(new StreamError('unavailable', `No WebSocket implementation: ${why}: npm install ws (or use Node 22+, or pass options.WebSocket)`));
      }
      if (this.#state === 'closed') return;
    }
    const token = this.#token;
    const header = token !== undefined && (this.#options.tokenIn ?? (viaWs ? 'header' : 'query')) === 'header';
    const url = token !== undefined && !header ? `${this.#url}?i=${encodeURIComponent(token)}` : this.#url;
    let socket: WebSocketLike;
    try {
      // `{ headers }` as the second argument is understood by ws, undici (Node 22+) and Bun.
      socket = header ? new (Ctor as unknown as new (url: string, init: object) => WebSocketLike)(url, { headers: { authorization: `Bearer ${token}` } }) : new Ctor(url);
    } catch (error) {
      return this.#shutdown(new StreamError('unavailable', `Cannot open ${this.#url}: ${this.#redact(errorText(error))}`));
    }
    this.#socket = socket;
    const node = viaNode(socket) ? socket : null;
    const { connectTimeoutMs = 15_000, deadAfterMs = 120_000 } = this.#options;
    const dead = (why: string) => this.#fail('dead', `Streaming connection replaced: ${why}`);
    const liveness = (this.#liveness = watch(this.#clock, { connectTimeoutMs, deadAfterMs }, node !== null, () => this.#probe(), dead));
    let status: number | undefined;
    let failure = '';
    // `ws` tells the status of a refused upgrade (401/403 is then final, not retried), and shows pings.
    node?.on('unexpected-response', (_: unknown, response: { statusCode?: number }) => ((status = response.statusCode), node.terminate()));
    node?.on('ping', () => socket === this.#socket && liveness.traffic(this.#clock.now()));
    const on = (type: string, handler: (event: any) => void) => socket.addEventListener(type, (event) => socket === this.#socket && handler(event));
    on('open', () => this.#onOpen());
    on('message', (event: { data?: unknown }) => this.#onMessage(event.data));
    on('error', (event: { message?: unknown; error?: unknown }) => (failure = typeof event.message === 'string' ? event.message : errorText(event.error)));
    on('close', (event: { code?: number; reason?: string }) => {
      const neverOpened = !this.#openedAt;
      if (status === 401 || status === 403) {
        const why = status === 401 ? 'the token is invalid or lacks read:account' : 'the user is suspended or not allowed';
        return this.#fail('unauthorized', `Streaming refused with HTTP ${status}: ${why}`, { status });
      }
      const detail = status !== undefined ? `HTTP ${status}` : failure || `code ${event.code ?? 'unknown'}${event.reason ? ` ${event.reason}` : ''}`;
      this.#fail('network', `Streaming connection lost: ${this.#redact(detail)}`, { status, code: event.code });
      if (neverOpened && !node) this.#checkToken(); // a refused upgrade looks like any network failure: only `ws` shows its status
    });
  }

  /** Drops the socket and retries, or, for a refused token, closes for good. */
  #fail(kind: 'unauthorized' | 'network' | 'dead', message: string, init?: { status?: number | undefined; code?: number | undefined }): void {
    this.#detach();
    const error = new StreamError(kind, message, init);
    if (kind === 'unauthorized') return this.#shutdown(error);
    if (this.#state === 'closed') return;
    this.#error = error;
    // A connection that lived this long was healthy: its loss restarts backoff from the initial delay.
    if (this.#openedAt && this.#clock.now() - this.#openedAt >= 5_000) this.#attempt = 0;
    this.#openedAt = 0;
    const { initialMs = 500, maxMs = 2_000, factor = 1.5, jitter = 0.5 } = this.#options.backoff ?? {};
    const delay = Math.min(maxMs, initialMs * factor ** this.#attempt++) * (1 - jitter * this.#clock.random());
    // Scheduled before listeners run: one of them may close() the stream, which must clear it.
    this.#retryTimer = this.#clock.setTimeout(() => void this.#connect(), delay);
    this.#setState('reconnecting');
  }

  /** Asks `/api/i` whether the token is refused, so a bad token stops the stream as a visible 401 does. */
  #checkToken(): void {
    const doFetch = this.#options.fetch ?? globalThis.fetch;
    if (this.#token === undefined || this.#tokenCheck !== null || typeof doFetch !== 'function') return;
    const controller = (this.#tokenCheck = new AbortController());
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i: this.#token }), signal: controller.signal };
    const settle = (status = 0) => {
      if (this.#tokenCheck !== controller) return;
      this.#tokenCheck = 'done';
      // Anything but 401/403 (the server unreachable, say) is inconclusive: the retries go on, and their failures say why.
      const why = status === 401 ? 'the token is invalid' : 'the user is suspended, or the token lacks read:account';
      if (status === 401 || status === 403) this.#shutdown(new StreamError('unauthorized', `Streaming refused: the token check at /api/i answered HTTP ${status}: ${why}`, { status }));
    };
    // Called unbound: a browser's fetch throws "Illegal invocation" as a method of another object.
    void doFetch(`${this.origin}/api/i`, init).then((response) => (void response.body?.cancel().catch(() => {}), settle(response.status)), () => settle());
  }

  #endTokenCheck(): void {
    if (this.#tokenCheck instanceof AbortController) this.#tokenCheck.abort();
    this.#tokenCheck = null;
  }

  #onOpen(): void {
    [this.#openedAt, this.#error] = [this.#clock.now(), null];
    this.#endTokenCheck();
    this.#liveness?.opened();
    // The server remembers nothing: subscribe everything again, then flush what was sent meanwhile, all before listeners
    // hear 'open' (what they subscribe then is sent once, after).
    for (const wire of this.#wires.values()) this.#sendNow(connectFrame(wire.name, wire.id, wire.params));
    for (const noteId of this.#notes.keys()) this.#sendNow(frame('subNote', { id: noteId }));
    for (const [wire, text] of this.#queue.splice(0)) if (this.#wires.get(wire.id) === wire) this.#sendNow(text);
    this.#setState('open');
  }

  #onMessage(data: unknown): void {
    const now = this.#clock.now();
    const probe = this.#liveness?.traffic(now);
    if (probe) this.#sendNow(frame('disconnect', { id: probe }));
    let message: { type?: unknown; body?: { id?: unknown; type?: unknown; body?: unknown } | null } | null = null;
    try {
      if (typeof data === 'string') message = JSON.parse(data);
    } catch {}
    const { type, body } = message ?? {};
    const id = typeof body === 'object' && body !== null && typeof body.id === 'string' ? body.id : undefined;
    const event = typeof body?.type === 'string' ? body.type : undefined;
    if (type === 'channel') {
      if (id !== undefined && event !== undefined) for (const sink of this.#wires.get(id)?.sinks ?? []) sink.deliver(event, body!.body, now);
    } else if (type === 'connected') {
      const wire = id === undefined ? undefined : this.#wires.get(id);
      if (!wire || wire.acked) return;
      wire.acked = true;
      for (const sink of wire.sinks) sink.subscribed(wire.name, now);
    } else if (typeof type === 'string' && (type !== 'noteUpdated' || (id !== undefined && event !== undefined))) {
      this.#sink.emit(this.#sink.listeners.get(type), body);
    }
  }

  /**
   * A `connect` with `pong`, which the server answers: a copy of a confirmed subscription that is not shared (a second
   * `connect` to a shared channel gets no reply), else a channel neither shared nor needing a credential. Its id is never
   * reused, so neither a late reply nor its events reach a local instance.
   */
  #probe(): string | null {
    const wire = [...this.#wires.values()].find((w) => w.acked && !this.#rule(w.name)?.shared);
    const rules = this.#options.channels ?? {};
    const name = wire?.name ?? Object.keys(rules).find((n) => !rules[n]!.shared && !rules[n]!.credential);
    if (name === undefined) return null;
    const id = String(++this.#nextId);
    this.#sendNow(connectFrame(name, id, wire?.params));
    return id;
  }

  /** Stops using the current socket; its late events are ignored from here on. */
  #detach(graceful = false): void {
    const socket = this.#socket;
    this.#liveness?.stop();
    [this.#socket, this.#liveness] = [null, null];
    const now = this.#clock.now();
    for (const wire of this.#wires.values()) {
      wire.acked = false;
      for (const sink of wire.sinks) sink.dropped(now);
    }
    // A close handshake needs a live peer: `ws` may drop any other socket at once; a browser socket gets a close it may
    // never finish, which no longer matters once detached. A throw means it is already closing: nothing to release.
    try {
      if (!socket || !viaNode(socket)) return socket?.close(1000);
      if (!(graceful && socket.readyState === OPEN)) return socket.terminate();
      socket.close(1000);
      // `ws` waits 30 s, on a timer that keeps Node alive, for a peer that may never answer the close.
      (setTimeout(() => socket.terminate(), 1_000) as { unref?: () => void }).unref?.();
    } catch {}
  }

  #shutdown(error: StreamError | null): void {
    if (this.#state === 'closed') return;
    this.#clock.clearTimeout(this.#retryTimer);
    this.#endTokenCheck();
    this.#detach(true);
    if (error) this.#error = error;
    const sinks = [this.#sink, ...[...this.#wires.values()].flatMap((wire) => [...wire.sinks])];
    this.#wires.clear();
    this.#notes.clear();
    this.#queue = [];
    this.#setState('closed');
    const heard = this.#stateListeners.size > 0 || sinks.some((sink) => sink.enders.size > 0);
    for (const sink of sinks) sink.end(error ?? undefined);
    // Like an 'error' event without a listener: a stream that stopped for good must not go silent (a bot on Node 20
    // without `ws` would subscribe, hear nothing and exit 0).
    if (error && !heard) this.#onListenerError(error);
  }

  #setState(state: StreamState): void {
    if (state === this.#state && state !== 'reconnecting') return;
    this.#state = state;
    this.#sink.emit([...this.#stateListeners].map((listener) => () => listener(state, this.#error)), undefined);
  }

  /** Subscription frames are not queued: on (re)open they are derived from what is live. */
  #sendNow(text: string): boolean {
    const live = this.#socket?.readyState === OPEN && this.#openedAt > 0;
    if (live) this.#socket!.send(text);
    return live;
  }

  #enqueue(id: string, text: string): boolean {
    const wire = this.#wires.get(id);
    if (!wire || this.#sendNow(text)) return wire !== undefined;
    return this.#state !== 'closed' && this.#queue.length < (this.#options.queueLimit ?? 100) && this.#queue.push([wire, text]) > 0;
  }

  #release(id: string, sink: Sink): void {
    const wire = this.#wires.get(id);
    if (!wire?.sinks.delete(sink)) return;
    sink.end();
    if (wire.sinks.size > 0) return;
    this.#wires.delete(id);
    this.#sendNow(frame('disconnect', { id }));
  }

  #redact(text: string): string { return redact(redact(text, this.#token), this.#token && encodeURIComponent(this.#token)); }
}

type NodeWebSocket = { on(event: string, listener: (...args: any[]) => void): unknown; terminate(): void };

/** `ws`, which shows what the standard API hides: a refused upgrade's status, and pings. */
function viaNode(socket: WebSocketLike): socket is WebSocketLike & NodeWebSocket {
  const node = socket as WebSocketLike & Partial<NodeWebSocket>;
  return typeof node.on === 'function' && typeof node.terminate === 'function';
}

async function loadWebSocket(): Promise<[WebSocketConstructor, boolean]> {
  if (typeof globalThis.WebSocket === 'function') return [globalThis.WebSocket, false];
  const name = 'ws'; // a specifier TypeScript does not resolve: consumers compile without @types/ws
  const mod = (await import(/* @vite-ignore */ name)) as { WebSocket?: WebSocketConstructor; default?: WebSocketConstructor };
  const Ctor = mod.WebSocket ?? mod.default;
  if (typeof Ctor !== 'function') throw new TypeError('ws has no WebSocket export');
  return [Ctor, true];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : '';
}
