// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// One WebSocket, many channel instances multiplexed by client-chosen ids, reconnected with backoff (docs/runtime.md).
import { redact } from '../http/errors.js';
import { emit, END, rethrow, Sink, StreamChannel, StreamError, type AnyStreamTypes, type IterateOptions, type ParamsArg, type StreamEvents, type StreamTypeMap, type TimelineRule } from './channels.js';
import { watch, type StreamClock } from './liveness.js';

/** The subset of the WebSocket API the stream uses; browsers', Node 22+'s, undici's and `ws` all fit. */
export interface WebSocketLike {
  readonly readyState: number; send(data: string): void; close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;
/** Retry delays: `initialMs` (500), × `factor` (1.5) per failed attempt, at most `maxMs` (2 000), less up to `jitter` (0.5) × itself. */
export type BackoffOptions = { initialMs?: number; maxMs?: number; factor?: number; jitter?: number };
/** A channel's rules, as in the generated `channelMeta`. */
export type ChannelRule = { readonly credential: boolean; readonly shared: boolean; readonly timeline?: TimelineRule | null | undefined };
export type ChannelRules = { readonly [channel: string]: ChannelRule };
export type StreamOptions = {
  /** The server's http(s) origin; the socket goes to ws(s)://host/streaming. */ origin: string | URL;
  token?: string | undefined; backoff?: BackoffOptions; clock?: Partial<StreamClock>;
  /** Default: the global WebSocket, else the `ws` package (loaded only when needed). */ WebSocket?: WebSocketConstructor | undefined;
  /** 'query' (`?i=`, works everywhere) or 'header' (out of URLs and logs; `ws`, undici, Bun). Default: 'header' with `ws`. */ tokenIn?: 'query' | 'header';
  /** Replace a socket silent this long, default 120 000 (where pings are invisible, once a probe goes unanswered). */ deadAfterMs?: number;
  /** Give up on a socket not open after this long, default 15 000. */ connectTimeoutMs?: number;
  /** Channel messages kept while disconnected, default 100; `send()` returns false beyond. */ queueLimit?: number;
  /** `channelMeta` (`createStream` passes it): which channels exist once per socket, how each is re-read. */ channels?: ChannelRules | undefined;
  /** Gets what listeners throw, and a fatal error nobody hears. Default: rethrown asynchronously. */ onListenerError?: (error: unknown) => void;
  /** For the token check at `POST /api/i` when a socket that hides the upgrade's status fails to open. */ fetch?: typeof fetch;
};
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One subscription on the server: one per instance, or one shared by every instance of a shared channel. */
type Wire = { id: string; name: string; params: object | undefined; sinks: Set<Sink>; acked: boolean };
const OPEN = 1;
const frame = (type: string, body: unknown) => JSON.stringify({ type, body });
const connectFrame = (channel: string, id: string, params: object | undefined) => frame('connect', { channel, id, params: params ?? {}, pong: true });
/** The statuses that refuse a token for good, and why. */
const REFUSED: Record<number, string> = { 401: 'the token is invalid or lacks read:account', 403: 'the user is suspended or not allowed' };
const refused = (status: number, by: string) =>
  new StreamError('unauthorized', `Streaming refused: ${by} answered HTTP ${status}: ${REFUSED[status]}`, { status });

export class Stream<T extends StreamTypeMap = AnyStreamTypes> {
  readonly origin: string;
  readonly #token: string | undefined;
  readonly #url: string;
  readonly #options: StreamOptions;
  readonly #rules: ChannelRules;
  readonly #clock: StreamClock;
  readonly #sink: Sink; // the stream's own events (broadcasts and noteUpdated); its onError is onListenerError
  readonly #stateListeners = new Set<(state: StreamState, error: StreamError | null) => void>();
  readonly #wires = new Map<string, Wire>();
  readonly #notes = new Map<string, number>(); // captured note → how many captures
  #queue: [Wire, string][] = [];
  #state: StreamState = 'connecting';
  #error: StreamError | null = null;
  #socket: WebSocketLike | null = null;
  #liveness: ReturnType<typeof watch> | null = null;
  #tokenCheck: AbortController | 'done' | null = null; // running, or done since the last open (once per failure streak)
  #retryTimer: unknown = null; #attempt = 0; #openedAt = 0; #nextId = 0;
  constructor(options: StreamOptions) {
    const url = new URL(String(options.origin));
    if (!/^(https?|wss?):$/.test(url.protocol)) throw new TypeError(`origin must be an http(s) URL, not ${url.protocol}`);
    if (options.token !== undefined && typeof options.token !== 'string') throw new TypeError('StreamOptions.token must be a string');
    [this.origin, this.#token, this.#options, this.#rules] = [url.origin, options.token || undefined, options, options.channels ?? {}];
    this.#url = `${url.protocol.replace(/^http/, 'ws')}//${url.host}/streaming`;
    const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as Parameters<typeof clearTimeout>[0]) };
    this.#clock = { now: Date.now, random: Math.random, ...timers, ...options.clock };
    this.#sink = new Sink(options.onListenerError ?? rethrow);
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
    const [params, rule] = [args[0] as object | undefined, this.#rule(name)];
    let wire = rule?.shared ? [...this.#wires.values()].find((w) => w.name === name) : undefined;
    if (!wire) {
      wire = { id: String(++this.#nextId), name, params, sinks: new Set(), acked: false };
      this.#wires.set(wire.id, wire);
      this.#sendNow(connectFrame(name, wire.id, params));
    }
    const sink = new Sink(this.#sink.onError);
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
  off<E extends keyof StreamEvents<T> & string>(event: E, listener: (payload: StreamEvents<T>[E]) => void): void { this.#sink.off(event, listener); }
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
  #rule(name: string): ChannelRule | undefined { return Object.hasOwn(this.#rules, name) ? this.#rules[name] : undefined; }

  async #connect(): Promise<void> {
    const [Ctor, viaWs] = this.#options.WebSocket ? [this.#options.WebSocket, false] : await loadWebSocket();
    const noWs = 'No WebSocket implementation: this runtime has no global WebSocket (Node < 22) and the "ws" package is not installed';
    if (!Ctor) return this.#shutdown(new StreamError('unavailable', `${noWs}: npm install ws (or use Node 22+, or pass options.WebSocket)`));
    if (this.#state === 'closed') return;
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
    const dead = (why: string) => this.#fail(new StreamError('dead', `Streaming connection replaced: ${why}`));
    const liveness = (this.#liveness = watch(this.#clock, { connectTimeoutMs, deadAfterMs }, node !== null, () => this.#probe(), dead));
    let [status, failure]: [number | undefined, string] = [undefined, ''];
    // `ws` tells the status of a refused upgrade (401/403 is then final, not retried), and shows pings.
    node?.on('unexpected-response', (_: unknown, response: { statusCode?: number }) => ((status = response.statusCode), node.terminate()));
    node?.on('ping', () => socket === this.#socket && liveness.traffic(this.#clock.now()));
    const on = (type: string, handler: (event: any) => void) => socket.addEventListener(type, (event) => socket === this.#socket && handler(event));
    on('open', () => this.#onOpen());
    on('message', (event: { data?: unknown }) => this.#onMessage(event.data));
    on('error', (event: { message?: unknown; error?: unknown }) => (failure = typeof event.message === 'string' ? event.message : errorText(event.error)));
    on('close', (event: { code?: number; reason?: string }) => {
      if (status !== undefined && REFUSED[status]) return this.#shutdown(refused(status, 'the upgrade'));
      const [neverOpened, code] = [!this.#openedAt, event.code];
      const detail = status !== undefined ? `HTTP ${status}` : failure || `code ${code ?? 'unknown'}${event.reason ? ` ${event.reason}` : ''}`;
      this.#fail(new StreamError('network', `Streaming connection lost: ${this.#redact(detail)}`, { status, code }));
      if (neverOpened && !node) this.#checkToken(); // only `ws` shows a refused upgrade's status
    });
  }
  /** Drops the socket and retries after a backoff, restarted when the lost connection had lived 5 s. */
  #fail(error: StreamError): void {
    this.#detach();
    if (this.#state === 'closed') return;
    this.#error = error;
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
      this.#tokenCheck = 'done'; // any other answer (or none: the server unreachable) is inconclusive: the retries go on
      if (REFUSED[status]) this.#shutdown(refused(status, 'the token check at /api/i'));
    };
    // Called unbound: a browser's fetch throws "Illegal invocation" as a method of another object.
    void doFetch(`${this.origin}/api/i`, init).then((response) => (void response.body?.cancel().catch(() => {}), settle(response.status)), () => settle());
  }
  #endTokenCheck(): void { if (this.#tokenCheck instanceof AbortController) this.#tokenCheck.abort(); this.#tokenCheck = null; }
  #onOpen(): void {
    [this.#openedAt, this.#error] = [this.#clock.now(), null];
    this.#endTokenCheck();
    this.#liveness?.opened();
    // The server remembers nothing: subscribe everything again and flush the queue before listeners hear 'open'.
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
    try { if (typeof data === 'string') message = JSON.parse(data); } catch {} // not JSON: ignored like any unknown frame
    const { type, body } = message ?? {};
    const id = typeof body === 'object' && body !== null && typeof body.id === 'string' ? body.id : undefined;
    const event = typeof body?.type === 'string' ? body.type : undefined;
    const wire = id === undefined ? undefined : this.#wires.get(id);
    if (type === 'channel') {
      if (event !== undefined) for (const sink of wire?.sinks ?? []) sink.deliver(event, body!.body, now);
    } else if (type === 'connected') {
      if (!wire || wire.acked) return;
      wire.acked = true;
      for (const sink of wire.sinks) sink.subscribed(wire.name, now);
    } else if (typeof type === 'string' && (type !== 'noteUpdated' || (id !== undefined && event !== undefined))) {
      emit(this.#sink.listeners.get(type), body, this.#sink.onError);
    }
  }
  /** Sends a `connect` the server answers, on an id never reused; null: nothing to probe with (docs/runtime.md). */
  #probe(): string | null {
    const wire = [...this.#wires.values()].find((w) => w.acked && !this.#rule(w.name)?.shared);
    const name = wire?.name ?? Object.keys(this.#rules).find((n) => !this.#rules[n]!.shared && !this.#rules[n]!.credential);
    if (name === undefined) return null;
    const id = String(++this.#nextId);
    this.#sendNow(connectFrame(name, id, wire?.params));
    return id;
  }
  /** Stops using the current socket; its late events are ignored from here on. */
  #detach(graceful = false): void {
    const [socket, now] = [this.#socket, this.#clock.now()];
    this.#liveness?.stop();
    [this.#socket, this.#liveness] = [null, null];
    for (const wire of this.#wires.values()) {
      wire.acked = false;
      for (const sink of wire.sinks) sink.dropped(now);
    }
    // Only a graceful close of an open `ws` socket waits for the peer (docs/runtime.md). A throw: it is already closing.
    try {
      if (!socket || !viaNode(socket)) return socket?.close(1000);
      if (!(graceful && socket.readyState === OPEN)) return socket.terminate();
      socket.close(1000);
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
    this.#wires.clear(), this.#notes.clear(), (this.#queue = []);
    this.#setState('closed');
    const heard = this.#stateListeners.size > 0 || sinks.some((sink) => sink.listeners.get(END)?.size);
    for (const sink of sinks) sink.end(error ?? undefined);
    if (error && !heard) this.#sink.onError(error); // like an 'error' event nobody listens for: never fail in silence
  }
  #setState(state: StreamState): void {
    if (state === this.#state && state !== 'reconnecting') return;
    this.#state = state;
    emit([...this.#stateListeners].map((listener) => () => listener(state, this.#error)), undefined, this.#sink.onError);
  }
  /** Subscription frames are not queued: on (re)open they are derived from what is live. */
  #sendNow(text: string): boolean { return this.#socket?.readyState === OPEN && this.#openedAt > 0 && (this.#socket.send(text), true); }
  #enqueue(id: string, text: string): boolean {
    const wire = this.#wires.get(id); // none once disposed or closed
    if (!wire || this.#sendNow(text)) return wire !== undefined;
    return this.#queue.length < (this.#options.queueLimit ?? 100) && this.#queue.push([wire, text]) > 0;
  }
  #release(id: string, sink: Sink): void {
    const wire = this.#wires.get(id);
    if (!wire?.sinks.delete(sink)) return;
    sink.end();
    if (wire.sinks.size === 0) void (this.#wires.delete(id), this.#sendNow(frame('disconnect', { id })));
  }
  #redact(text: string): string { return redact(redact(text, this.#token), this.#token && encodeURIComponent(this.#token)); }
}

type NodeWebSocket = { on(event: string, listener: (...args: any[]) => void): unknown; terminate(): void };
/** `ws`, which shows what the standard API hides: a refused upgrade's status, and pings. */
function viaNode(socket: WebSocketLike & Partial<NodeWebSocket>): socket is WebSocketLike & NodeWebSocket {
  return typeof socket.on === 'function' && typeof socket.terminate === 'function';
}
/** The global WebSocket, else `ws` (then true); empty when there is neither. */
async function loadWebSocket(): Promise<[WebSocketConstructor, boolean] | []> {
  if (typeof globalThis.WebSocket === 'function') return [globalThis.WebSocket, false];
  const name = 'ws'; // a specifier TypeScript does not resolve: consumers compile without @types/ws
  const mod = (await import(/* @vite-ignore */ name).catch(() => ({}))) as { WebSocket?: WebSocketConstructor; default?: WebSocketConstructor };
  const Ctor = mod.WebSocket ?? mod.default;
  return typeof Ctor === 'function' ? [Ctor, true] : [];
}
const errorText = (error: unknown): string => (error instanceof Error ? error.message : typeof error === 'string' ? error : '');
