// Misskey streaming: one WebSocket, many channel instances multiplexed by client-chosen ids, typed by
// a channel map the generator fills with the server's own entities (see templates/channels.ts).
import { MisskeyError, redact } from './errors.js';

/** One channel in a channel map: what `connect` takes, what the server emits, what the channel accepts. */
export type ChannelSpec = {
  params: object | null;
  events: Record<string, unknown>;
  receives?: Record<string, unknown>;
};

/** Everything a stream is typed by. A generated package passes its own `StreamTypes`. */
export type StreamTypeMap = {
  channels: Record<string, ChannelSpec>;
  broadcasts: Record<string, unknown>;
  noteUpdated: Record<string, unknown>;
};

/** For untyped use: any channel, any event, payloads `unknown`. */
export type AnyStreamTypes = {
  channels: Record<
    string,
    { params: Record<string, unknown> | null; events: Record<string, unknown>; receives: Record<string, unknown> }
  >;
  broadcasts: Record<string, unknown>;
  noteUpdated: Record<string, unknown>;
};

/** The `noteUpdated` payload for a captured note, a union over the note event map. */
export type NoteUpdate<U> = { [K in keyof U & string]: { id: string; type: K; body: U[K] } }[keyof U & string];

export type StreamEvents<T extends StreamTypeMap> = T['broadcasts'] & { noteUpdated: NoteUpdate<T['noteUpdated']> };

/** `channel(name)` when the channel takes no params, `channel(name, params?)` when all are optional. */
export type ParamsArg<P> = [P] extends [null] ? [] : {} extends P ? [params?: P] : [params: P];
type ReceivesOf<S extends ChannelSpec> = S extends { receives: infer R } ? R : {};
type BodyArg<B> = [B] extends [null | undefined] ? [body?: B] : [body: B];

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export type StreamErrorKind =
  /**
   * HTTP 401/403 on upgrade, or, where the WebSocket hides that status (browsers, Node 22+), from
   * checking the token at `/api/i`: bad or revoked token, suspended user. Not retried.
   */
  | 'unauthorized'
  /** The socket failed or closed; retried. */
  | 'network'
  /** No traffic for longer than `deadAfterMs` (or no open within `connectTimeoutMs`); replaced. */
  | 'dead'
  /** No WebSocket implementation, or the URL is invalid. Not retried. */
  | 'unavailable'
  /** An `events()` iterator buffered more than its `limit` unread events. */
  | 'overflow';

export class StreamError extends MisskeyError {
  override name = 'StreamError';
  readonly kind: StreamErrorKind;
  /** The HTTP status of a refused upgrade (`ws` exposes it), or of the token check at `/api/i`. */
  readonly status: number | undefined;
  /** The WebSocket close code, when there was a close. */
  readonly code: number | undefined;
  constructor(
    kind: StreamErrorKind,
    message: string,
    init: { status?: number | undefined; code?: number | undefined } = {},
  ) {
    super(message);
    this.kind = kind;
    this.status = init.status;
    this.code = init.code;
  }
}

/** The outage a channel instance lived through, reported once the server confirms it is subscribed again. */
export type Gap = {
  channel: string;
  /**
   * The last note (event `note`) received before the socket was lost, and when: the `sinceId` of a
   * re-read. Other events (a userList's `userAdded`, …) carry ids of other entities and do not count.
   */
  lastBefore: { id: string; at: number } | null;
  /** When the instance was first subscribed: the lower bound of what was missed when `lastBefore` is null. */
  subscribedAt: number;
  disconnectedAt: number;
  /** When the server confirmed the new subscription; events after this arrive live. */
  resumedAt: number;
  /**
   * The first note after the outage, and when it arrived. The server confirms a subscription before
   * it sends anything on it, so this is null when the gap is reported; it is set on this same object
   * when that note arrives, before the note's listeners run. It stays null if the socket is lost
   * again first (the next gap covers that).
   */
  firstAfter: { id: string; at: number } | null;
};

/** The subset of the WebSocket API the stream uses; browsers', Node 22+'s, undici's and `ws` all fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Time and randomness, injectable so tests can drive backoff and liveness without waiting. */
export type StreamClock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** In [0, 1), for backoff jitter. */
  random(): number;
};

export type BackoffOptions = {
  /** First retry delay, default 500 ms. */
  initialMs?: number;
  /** Cap, default 2000 ms: after an outage the stream is back at most this long after the server (median about half). */
  maxMs?: number;
  /** Growth per failed attempt, default 1.5. */
  factor?: number;
  /** Each delay is drawn from [delay × (1 − jitter), delay], default 0.5, so clients do not retry in lockstep. */
  jitter?: number;
};

export type StreamOptions = {
  /** The server's http(s) origin, e.g. 'https://misskey.example'; the socket goes to ws(s)://host/streaming. */
  origin: string | URL;
  token?: string | undefined;
  /** Default: the global WebSocket, else the `ws` package (loaded only when needed). */
  WebSocket?: WebSocketConstructor | undefined;
  /**
   * How the token is sent: 'query' (`?i=`, works everywhere) or 'header' (`Authorization: Bearer`, keeps it
   * out of URLs and logs; needs a WebSocket that takes `{ headers }`, like `ws`, undici, Bun). Default:
   * 'header' with the `ws` fallback, 'query' otherwise.
   */
  tokenIn?: 'query' | 'header';
  backoff?: BackoffOptions;
  /**
   * Replace a socket silent for this long, default 120 000. The server pings every 60 s; `ws` lets pings
   * count. Where pings are invisible (browsers), a quiet socket is first sent a probe the server answers,
   * and replaced only if nothing arrives within 5 s more.
   */
  deadAfterMs?: number;
  /** Give up on a socket not open after this long, default 15 000. */
  connectTimeoutMs?: number;
  /** Channel messages kept while disconnected, default 100; `send()` returns false beyond it. */
  queueLimit?: number;
  /** Channels the server keeps once per socket (a second `connect` is ignored). Default: Misskey's six. */
  sharedChannels?: readonly string[];
  clock?: Partial<StreamClock>;
  /**
   * Where exceptions thrown by listeners go, and the error that closes the stream for good (no WebSocket,
   * refused token) when no `onState` listener or `events()` iterator is there to receive it.
   * Default: rethrown asynchronously, like an uncaught error.
   */
  onListenerError?: (error: unknown) => void;
  /**
   * Used to check the token at `POST /api/i` when a socket that hides the upgrade's HTTP status fails
   * to open, so a bad token stops the stream instead of being retried forever. Default: the global fetch.
   */
  fetch?: typeof fetch;
};

type Listener = (payload: any) => void;
type RecentEvent = { id: string; at: number };

/** What a channel handle and the stream share about one local instance. */
type Sink = {
  readonly listeners: Map<string, Set<Listener>>;
  readonly gapListeners: Set<(gap: Gap) => void>;
  readonly enders: Set<(error?: StreamError) => void>;
  /** The last note: the position a re-read starts from. */
  last: RecentEvent | null;
  /** The gap reported last, until a note gives it its `firstAfter`. */
  pendingGap: Gap | null;
  subscribedAt: number | null;
  droppedAt: number | null;
};

/** One subscription on the server: one per instance, or one shared by every instance of a shared channel. */
type Wire = { id: string; name: string; params: object | undefined; sinks: Set<Sink>; acked: boolean };

const SHARED_CHANNELS = ['main', 'drive', 'admin', 'reversi', 'serverStats', 'queueStats'];
// A connection that lived this long was healthy: its loss restarts backoff from the initial delay.
const STABLE_AFTER_MS = 5_000;
// Where pings are invisible, silence alone is no proof of death: a quiet socket is asked for a reply
// first. The probe is a `connect` with `pong` to a channel every Misskey has, open without credential
// and not shared (a second `connect` to a shared channel gets no reply).
const PROBE_CHANNEL = 'localTimeline';
const PROBE_TIMEOUT_MS = 5_000;
const OPEN = 1;

const defaultClock: StreamClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
  random: () => Math.random(),
};

export class Stream<T extends StreamTypeMap = AnyStreamTypes> {
  readonly origin: string;
  readonly #token: string | undefined;
  readonly #url: string;
  readonly #tokenIn: 'query' | 'header' | undefined;
  readonly #WebSocket: WebSocketConstructor | undefined;
  readonly #backoff: Required<BackoffOptions>;
  readonly #deadAfterMs: number;
  readonly #connectTimeoutMs: number;
  readonly #queueLimit: number;
  readonly #shared: ReadonlySet<string>;
  readonly #clock: StreamClock;
  readonly #onListenerError: (error: unknown) => void;
  readonly #fetch: typeof fetch | undefined;

  #state: StreamState = 'connecting';
  #error: StreamError | null = null;
  #socket: WebSocketLike | null = null;
  #attempt = 0;
  #openedAt = 0;
  #connectStartedAt = 0;
  #lastTraffic = 0;
  #pingsVisible = false;
  /** The id of an unanswered liveness probe. */
  #probe: string | null = null;
  #probeSentAt = 0;
  /** The token has been checked over HTTP since the last open: once per failure streak. */
  #tokenChecked = false;
  #tokenCheck: AbortController | null = null;
  #retryTimer: unknown = null;
  #watchdog: unknown = null;
  #nextId = 0;
  readonly #wires = new Map<string, Wire>();
  readonly #sharedWires = new Map<string, Wire>();
  readonly #notes = new Map<string, number>();
  #queue: { wire: Wire; frame: string }[] = [];
  readonly #sink: Sink = newSink();
  readonly #stateListeners = new Set<(state: StreamState, error: StreamError | null) => void>();

  constructor(options: StreamOptions) {
    const url = new URL(String(options.origin));
    if (!/^(https?|wss?):$/.test(url.protocol))
      throw new TypeError(`origin must be an http(s) URL, not ${url.protocol}`);
    this.origin = url.origin;
    const { token } = options;
    if (token !== undefined && typeof token !== 'string') throw new TypeError('StreamOptions.token must be a string');
    this.#token = token || undefined;
    this.#url = `${url.protocol.replace(/^http/, 'ws')}//${url.host}/streaming`;
    this.#tokenIn = options.tokenIn;
    this.#WebSocket = options.WebSocket;
    this.#backoff = { initialMs: 500, maxMs: 2_000, factor: 1.5, jitter: 0.5, ...options.backoff };
    this.#deadAfterMs = options.deadAfterMs ?? 120_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.#queueLimit = options.queueLimit ?? 100;
    this.#shared = new Set(options.sharedChannels ?? SHARED_CHANNELS);
    this.#clock = { ...defaultClock, ...options.clock };
    this.#onListenerError =
      options.onListenerError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
    this.#fetch = options.fetch;
    void this.#connect();
  }

  get state(): StreamState {
    return this.#state;
  }

  /**
   * Why the stream is not open (token redacted): the failure being retried, or the one that closed it.
   * Null while open: a recovered outage leaves no error behind, so `close()` on a healthy stream gives
   * `closed` with null, and a `close()` during an outage keeps that outage as the reason.
   */
  get error(): StreamError | null {
    return this.#error;
  }

  /** Called on every state change with `error` (see there); returns an unsubscribe function. */
  onState(listener: (state: StreamState, error: StreamError | null) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /**
   * Opens a channel instance: `stream.channel('homeTimeline')`, `stream.channel('hashtag', { q: [['misskey']] })`.
   * Instances of the same channel with different params are independent; a shared channel (`main`, …) is
   * subscribed once and fanned out to every local instance.
   */
  channel<N extends keyof T['channels'] & string>(
    name: N,
    ...args: ParamsArg<T['channels'][N]['params']>
  ): StreamChannel<T['channels'][N], N> {
    if (this.#state === 'closed') throw new StreamError(this.#error?.kind ?? 'unavailable', 'The stream is closed');
    const params = args[0] as object | undefined;
    let wire = this.#shared.has(name) ? this.#sharedWires.get(name) : undefined;
    const isNew = !wire;
    if (!wire) {
      wire = { id: String(++this.#nextId), name, params, sinks: new Set(), acked: false };
      this.#wires.set(wire.id, wire);
      if (this.#shared.has(name)) this.#sharedWires.set(name, wire);
    }
    const sink = newSink();
    if (wire.acked) sink.subscribedAt = this.#clock.now();
    wire.sinks.add(sink);
    if (isNew) this.#sendNow(connectFrame(wire));
    const owner = wire;
    return new StreamChannel<T['channels'][N], N>(name, params, wire.id, sink, {
      send: (type, body) =>
        this.#enqueue(owner, JSON.stringify({ type: 'channel', body: { id: owner.id, type, body } })),
      dispose: () => this.#release(owner, sink),
    });
  }

  /** Listens to broadcasts (`emojiAdded`, `announcementCreated`, …) and `noteUpdated` for captured notes. */
  on<E extends keyof StreamEvents<T> & string>(event: E, listener: (payload: StreamEvents<T>[E]) => void): () => void {
    return listen(this.#sink, event, listener);
  }

  off<E extends keyof StreamEvents<T> & string>(event: E, listener: (payload: StreamEvents<T>[E]) => void): void {
    this.#sink.listeners.get(event)?.delete(listener);
  }

  /** `for await (const e of stream.events('noteUpdated'))`; ends on `close()`. */
  events<E extends keyof StreamEvents<T> & string>(
    event: E,
    options?: IterateOptions,
  ): AsyncIterableIterator<StreamEvents<T>[E]> {
    return iterate(this.#sink, event, options, this.#state === 'closed');
  }

  /** Captures a note: its reactions, votes, edits and deletion arrive as `noteUpdated`. Counted, and kept across reconnects. */
  subNote(noteId: string): () => void {
    const count = this.#notes.get(noteId) ?? 0;
    this.#notes.set(noteId, count + 1);
    if (count === 0) this.#sendNow(JSON.stringify({ type: 'subNote', body: { id: noteId } }));
    let done = false;
    return () => {
      if (!done) this.unsubNote(noteId);
      done = true;
    };
  }

  unsubNote(noteId: string): void {
    const count = this.#notes.get(noteId);
    if (!count) return;
    if (count > 1) return void this.#notes.set(noteId, count - 1);
    this.#notes.delete(noteId);
    this.#sendNow(JSON.stringify({ type: 'unsubNote', body: { id: noteId } }));
  }

  /** Closes the socket for good: every channel ends, every timer is cleared. */
  close(): void {
    this.#shutdown(null);
  }

  // ── connection ──────────────────────────────────────────────────────────────────────────────────

  async #connect(): Promise<void> {
    this.#retryTimer = null;
    let Ctor = this.#WebSocket;
    let viaWs = false;
    if (!Ctor) {
      try {
        [Ctor, viaWs] = await loadWebSocket();
      } catch {
        return this.#shutdown(
          new StreamError(
            'unavailable',
            'No WebSocket implementation: this runtime has no global WebSocket (Node < 22) and the "ws" package is not installed: npm install ws (or use Node 22+, or pass options.WebSocket)',
          ),
        );
      }
      if (this.#state === 'closed') return;
    }
    const header = this.#token !== undefined && (this.#tokenIn ?? (viaWs ? 'header' : 'query')) === 'header';
    const url = this.#token !== undefined && !header ? `${this.#url}?i=${encodeURIComponent(this.#token)}` : this.#url;
    let socket: WebSocketLike;
    try {
      // `{ headers }` as the second argument is understood by ws, undici (Node 22+) and Bun.
      socket = header
        ? new (Ctor as unknown as new (url: string, init: object) => WebSocketLike)(url, {
            headers: { authorization: `Bearer ${this.#token}` },
          })
        : new Ctor(url);
    } catch (error) {
      return this.#shutdown(
        new StreamError('unavailable', `Cannot open ${this.#url}: ${this.#redact(errorText(error))}`),
      );
    }
    this.#socket = socket;
    this.#connectStartedAt = this.#clock.now();
    this.#arm();

    let status: number | undefined;
    let failure = '';
    const node = viaNode(socket) ? socket : null;
    this.#pingsVisible = node !== null;
    if (node) {
      // `ws` tells the status of a refused upgrade; with it, 401/403 is final instead of retried.
      node.on('unexpected-response', (_request: unknown, response: { statusCode?: number }) => {
        status = response.statusCode;
        node.terminate();
      });
      node.on('ping', () => {
        if (socket === this.#socket) this.#lastTraffic = this.#clock.now();
      });
    }
    socket.addEventListener('open', () => {
      if (socket === this.#socket) this.#onOpen();
    });
    socket.addEventListener('message', (event: { data?: unknown }) => {
      if (socket === this.#socket) this.#onMessage(event.data);
    });
    socket.addEventListener('error', (event: { message?: unknown; error?: unknown }) => {
      failure = typeof event.message === 'string' ? event.message : errorText(event.error);
    });
    socket.addEventListener('close', (event: { code?: number; reason?: string }) => {
      if (socket !== this.#socket) return;
      const neverOpened = this.#openedAt === 0;
      this.#detach();
      if (status === 401 || status === 403) {
        const why =
          status === 401 ? 'the token is invalid or lacks read:account' : 'the user is suspended or not allowed';
        return this.#shutdown(
          new StreamError('unauthorized', `Streaming refused with HTTP ${status}: ${why}`, { status }),
        );
      }
      const detail =
        status !== undefined
          ? `HTTP ${status}`
          : failure || `code ${event.code ?? 'unknown'}${event.reason ? ` ${event.reason}` : ''}`;
      this.#retry(
        new StreamError('network', `Streaming connection lost: ${this.#redact(detail)}`, { status, code: event.code }),
      );
      // A refused upgrade looks like any network failure here: only `ws` shows its status.
      if (neverOpened && !node) this.#checkToken();
    });
  }

  /** Asks `/api/i` whether the token is refused, so a bad token stops the stream as on a visible 401. */
  #checkToken(): void {
    const doFetch = this.#fetch ?? globalThis.fetch;
    if (this.#token === undefined || this.#tokenChecked || typeof doFetch !== 'function') return;
    this.#tokenChecked = true;
    const controller = new AbortController();
    this.#tokenCheck = controller;
    const body = JSON.stringify({ i: this.#token });
    void (async () => {
      let status = 0;
      try {
        // Called unbound: a browser's fetch throws "Illegal invocation" when called as a method of another object.
        const response = await doFetch(`${this.origin}/api/i`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: controller.signal,
        });
        status = response.status;
        void response.body?.cancel().catch(() => {});
      } catch {
        // Unreachable or aborted: inconclusive; the retries go on, and their own failures say why.
      }
      if (this.#tokenCheck !== controller) return;
      this.#tokenCheck = null;
      if (status !== 401 && status !== 403) return;
      const why = status === 401 ? 'the token is invalid' : 'the user is suspended, or the token lacks read:account';
      this.#shutdown(
        new StreamError('unauthorized', `Streaming refused: the token check at /api/i answered HTTP ${status}: ${why}`, {
          status,
        }),
      );
    })();
  }

  #endTokenCheck(): void {
    this.#tokenCheck?.abort();
    this.#tokenCheck = null;
  }

  #onOpen(): void {
    const now = this.#clock.now();
    this.#openedAt = now;
    this.#lastTraffic = now;
    this.#tokenChecked = false;
    this.#error = null;
    this.#endTokenCheck();
    // The server remembers nothing: subscribe everything again, then flush what was sent meanwhile,
    // all before listeners hear 'open' (what they subscribe then is sent once, after).
    for (const wire of this.#wires.values()) this.#sendNow(connectFrame(wire));
    for (const noteId of this.#notes.keys()) this.#sendNow(JSON.stringify({ type: 'subNote', body: { id: noteId } }));
    const queue = this.#queue;
    this.#queue = [];
    for (const { wire, frame } of queue) if (this.#wires.has(wire.id)) this.#sendNow(frame);
    this.#arm();
    this.#setState('open');
  }

  #onMessage(data: unknown): void {
    this.#lastTraffic = this.#clock.now();
    // Any traffic proves the socket alive: the probe has served, whether or not this is its reply.
    if (this.#probe !== null) this.#endProbe();
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (!isRecord(message) || typeof message.type !== 'string') return;
    const body = message.body;
    switch (message.type) {
      case 'channel': {
        if (!isRecord(body) || typeof body.id !== 'string' || typeof body.type !== 'string') return;
        const wire = this.#wires.get(body.id);
        if (wire) for (const sink of wire.sinks) this.#deliver(sink, body.type, body.body);
        return;
      }
      case 'connected': {
        if (isRecord(body) && typeof body.id === 'string') this.#onConnected(body.id);
        return;
      }
      case 'noteUpdated': {
        if (isRecord(body) && typeof body.id === 'string' && typeof body.type === 'string')
          this.#emit(this.#sink, 'noteUpdated', body);
        return;
      }
      default:
        this.#emit(this.#sink, message.type, body);
    }
  }

  #deliver(sink: Sink, type: string, payload: unknown): void {
    if (type === 'note' && isRecord(payload) && typeof payload.id === 'string') {
      sink.last = { id: payload.id, at: this.#clock.now() };
      if (sink.pendingGap) sink.pendingGap.firstAfter = sink.last;
      sink.pendingGap = null;
    }
    this.#emit(sink, type, payload);
  }

  #emit(sink: Sink, type: string, payload: unknown): void {
    const listeners = sink.listeners.get(type);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  #onConnected(id: string): void {
    const wire = this.#wires.get(id);
    if (!wire || wire.acked) return;
    wire.acked = true;
    const now = this.#clock.now();
    for (const sink of wire.sinks) {
      if (sink.subscribedAt === null) {
        sink.subscribedAt = now;
      } else if (sink.droppedAt !== null) {
        const gap: Gap = {
          channel: wire.name,
          lastBefore: sink.last,
          subscribedAt: sink.subscribedAt,
          disconnectedAt: sink.droppedAt,
          resumedAt: now,
          firstAfter: null,
        };
        sink.droppedAt = null;
        sink.pendingGap = gap;
        for (const listener of sink.gapListeners) {
          try {
            listener(gap);
          } catch (error) {
            this.#onListenerError(error);
          }
        }
      }
    }
  }

  /** Stops using the current socket; its late events are ignored from here on. */
  #detach(graceful = false): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#probe = null;
    this.#clock.clearTimeout(this.#watchdog);
    this.#watchdog = null;
    const now = this.#clock.now();
    for (const wire of this.#wires.values()) {
      wire.acked = false;
      for (const sink of wire.sinks) {
        sink.pendingGap = null;
        if (sink.subscribedAt !== null && sink.droppedAt === null) sink.droppedAt = now;
      }
    }
    if (!socket) return;
    try {
      // A close handshake needs a live peer: `ws` can drop any other socket at once; a browser
      // socket gets a close it may never finish, which no longer matters once detached.
      if (!viaNode(socket)) return socket.close(1000);
      if (!(graceful && socket.readyState === OPEN)) return socket.terminate();
      socket.close(1000);
      // `ws` waits 30 s, on a timer that keeps Node alive, for a peer that may never answer the close.
      const timer: unknown = setTimeout(() => socket.terminate(), 1_000);
      (timer as { unref?: () => void }).unref?.();
    } catch {
      // Already closing: nothing left to release.
    }
  }

  #retry(error: StreamError): void {
    if (this.#state === 'closed') return;
    this.#error = error;
    if (this.#openedAt && this.#clock.now() - this.#openedAt >= STABLE_AFTER_MS) this.#attempt = 0;
    this.#openedAt = 0;
    const { initialMs, maxMs, factor, jitter } = this.#backoff;
    const delay = Math.min(maxMs, initialMs * factor ** this.#attempt++) * (1 - jitter * this.#clock.random());
    // Scheduled before listeners run: one of them may close() the stream, which must clear it.
    this.#retryTimer = this.#clock.setTimeout(() => void this.#connect(), delay);
    this.#setState('reconnecting');
  }

  /**
   * One timer watches the socket: open within connectTimeoutMs, then never silent for deadAfterMs (plus,
   * where pings are invisible, an unanswered probe).
   */
  #arm(): void {
    this.#clock.clearTimeout(this.#watchdog);
    const socket = this.#socket;
    if (!socket) return;
    this.#watchdog = this.#clock.setTimeout(
      () => {
        if (socket !== this.#socket) return;
        const now = this.#clock.now();
        if (now < this.#due()) return this.#arm();
        const open = this.#openedAt !== 0;
        if (open && !this.#pingsVisible && this.#probe === null) {
          this.#startProbe();
          return this.#arm();
        }
        const why = !open
          ? `not open after ${now - this.#connectStartedAt} ms`
          : `no traffic for ${now - this.#lastTraffic} ms${this.#probe === null ? '' : ', not even a reply to a probe'}`;
        this.#detach();
        this.#retry(new StreamError('dead', `Streaming connection replaced: ${why}`));
      },
      Math.max(0, this.#due() - this.#clock.now()),
    );
  }

  #due(): number {
    if (!this.#openedAt) return this.#connectStartedAt + this.#connectTimeoutMs;
    return this.#probe === null ? this.#lastTraffic + this.#deadAfterMs : this.#probeSentAt + PROBE_TIMEOUT_MS;
  }

  #startProbe(): void {
    // Never reused, so neither a late reply nor its channel's events can reach a local instance.
    const id = String(++this.#nextId);
    this.#probe = id;
    this.#probeSentAt = this.#clock.now();
    this.#sendNow(JSON.stringify({ type: 'connect', body: { channel: PROBE_CHANNEL, id, params: {}, pong: true } }));
  }

  #endProbe(): void {
    this.#sendNow(JSON.stringify({ type: 'disconnect', body: { id: this.#probe } }));
    this.#probe = null;
  }

  #shutdown(error: StreamError | null): void {
    if (this.#state === 'closed') return;
    this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#endTokenCheck();
    this.#detach(true);
    if (error) this.#error = error;
    const sinks = [this.#sink];
    for (const wire of this.#wires.values()) sinks.push(...wire.sinks);
    this.#wires.clear();
    this.#sharedWires.clear();
    this.#notes.clear();
    this.#queue = [];
    this.#setState('closed');
    const heard = this.#stateListeners.size > 0 || sinks.some((sink) => sink.enders.size > 0);
    for (const sink of sinks) endSink(sink, error ?? undefined);
    // Like an 'error' event without a listener: a stream that stopped for good must not go silent
    // (a bot on Node 20 without `ws` would subscribe, hear nothing and exit 0).
    if (error && !heard) this.#onListenerError(error);
  }

  #setState(state: StreamState): void {
    if (state === this.#state && state !== 'reconnecting') return;
    this.#state = state;
    for (const listener of this.#stateListeners) {
      try {
        listener(state, this.#error);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  // ── sending ─────────────────────────────────────────────────────────────────────────────────────

  /** Subscription frames are not queued: on (re)open they are derived from what is live. */
  #sendNow(frame: string): void {
    if (this.#socket?.readyState === OPEN && this.#openedAt) this.#socket.send(frame);
  }

  #enqueue(wire: Wire, frame: string): boolean {
    if (!this.#wires.has(wire.id)) return false;
    if (this.#socket?.readyState === OPEN && this.#openedAt) {
      this.#socket.send(frame);
      return true;
    }
    if (this.#state === 'closed' || this.#queue.length >= this.#queueLimit) return false;
    this.#queue.push({ wire, frame });
    return true;
  }

  #release(wire: Wire, sink: Sink): void {
    if (!wire.sinks.delete(sink)) return;
    endSink(sink);
    if (wire.sinks.size > 0) return;
    this.#wires.delete(wire.id);
    if (this.#sharedWires.get(wire.name) === wire) this.#sharedWires.delete(wire.name);
    this.#sendNow(JSON.stringify({ type: 'disconnect', body: { id: wire.id } }));
  }

  #redact(text: string): string {
    return this.#token ? redact(redact(text, this.#token), encodeURIComponent(this.#token)) : text;
  }
}

export type IterateOptions = {
  signal?: AbortSignal | undefined;
  /** Unread events to buffer before the iterator fails with an 'overflow' StreamError; default 10 000. */
  limit?: number | undefined;
};

type ChannelPort = { send(type: string, body: unknown): boolean; dispose(): void };

/** One local channel instance. Get one from `stream.channel(name, params)`. */
class StreamChannel<S extends ChannelSpec, N extends string = string> {
  readonly name: N;
  readonly params: object | undefined;
  /** The id this instance is multiplexed by (shared by every instance of a shared channel). */
  readonly id: string;
  readonly #sink: Sink;
  readonly #port: ChannelPort;
  #disposed = false;

  constructor(name: N, params: object | undefined, id: string, sink: Sink, port: ChannelPort) {
    this.name = name;
    this.params = params;
    this.id = id;
    this.#sink = sink;
    this.#port = port;
  }

  on<E extends keyof S['events'] & string>(event: E, listener: (payload: S['events'][E]) => void): () => void {
    if (this.#disposed) return () => {};
    return listen(this.#sink, event, listener);
  }

  off<E extends keyof S['events'] & string>(event: E, listener: (payload: S['events'][E]) => void): void {
    this.#sink.listeners.get(event)?.delete(listener);
  }

  /** `for await (const note of home.events('note'))`; ends on `dispose()` or `stream.close()`. */
  events<E extends keyof S['events'] & string>(
    event: E,
    options?: IterateOptions,
  ): AsyncIterableIterator<S['events'][E]> {
    return iterate(this.#sink, event, options, this.#disposed);
  }

  /** Called after a reconnect with the window this instance missed (see `fillGaps` for timelines). */
  onGap(listener: (gap: Gap) => void): () => void {
    this.#sink.gapListeners.add(listener);
    return () => this.#sink.gapListeners.delete(listener);
  }

  /** The last note (event `note`) and when it arrived; other events carry ids of other entities. */
  get lastEvent(): { id: string; at: number } | null {
    return this.#sink.last;
  }

  /** When the server first confirmed this instance; null until then. */
  get subscribedAt(): number | null {
    return this.#sink.subscribedAt;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Sends a message to the channel (`requestLog`, `putStone`, …); queued while reconnecting. False when dropped. */
  send<K extends keyof ReceivesOf<S> & string>(type: K, ...body: BodyArg<ReceivesOf<S>[K]>): boolean {
    return !this.#disposed && this.#port.send(type, body[0]);
  }

  /** Stops delivery and ends iterators; the server is told `disconnect` once no local instance needs the subscription. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#port.dispose();
  }
}
export type { StreamChannel };

// ── helpers ───────────────────────────────────────────────────────────────────────────────────────

type NodeWebSocket = { on(event: string, listener: (...args: any[]) => void): unknown; terminate(): void };

/** `ws`, which shows what the standard API hides: a refused upgrade's status, and pings. */
function viaNode(socket: WebSocketLike): socket is WebSocketLike & NodeWebSocket {
  const node = socket as WebSocketLike & Partial<NodeWebSocket>;
  return typeof node.on === 'function' && typeof node.terminate === 'function';
}

async function loadWebSocket(): Promise<[WebSocketConstructor, boolean]> {
  if (typeof globalThis.WebSocket === 'function') return [globalThis.WebSocket, false];
  // A specifier TypeScript does not resolve: consumers compile without @types/ws.
  const name = 'ws';
  const mod = (await import(/* @vite-ignore */ name)) as {
    WebSocket?: WebSocketConstructor;
    default?: WebSocketConstructor;
  };
  const Ctor = mod.WebSocket ?? mod.default;
  if (typeof Ctor !== 'function') throw new TypeError('ws has no WebSocket export');
  return [Ctor, true];
}

function connectFrame(wire: Wire): string {
  return JSON.stringify({
    type: 'connect',
    body: { channel: wire.name, id: wire.id, params: wire.params ?? {}, pong: true },
  });
}

function newSink(): Sink {
  return {
    listeners: new Map(),
    gapListeners: new Set(),
    enders: new Set(),
    last: null,
    pendingGap: null,
    subscribedAt: null,
    droppedAt: null,
  };
}

function listen(sink: Sink, event: string, listener: Listener): () => void {
  let set = sink.listeners.get(event);
  if (!set) sink.listeners.set(event, (set = new Set()));
  set.add(listener);
  return () => void sink.listeners.get(event)?.delete(listener);
}

function endSink(sink: Sink, error?: StreamError): void {
  for (const end of [...sink.enders]) end(error);
  sink.listeners.clear();
  sink.gapListeners.clear();
}

/** A pull-based view of one event: buffers what arrives between `next()` calls. */
function iterate<V>(sink: Sink, event: string, options: IterateOptions = {}, ended = false): AsyncIterableIterator<V> {
  const buffer: V[] = [];
  const limit = options.limit ?? 10_000;
  let waiter: { resolve(result: IteratorResult<V>): void; reject(error: unknown): void } | null = null;
  let done = ended;
  let failure: StreamError | undefined;

  const finish = (error?: StreamError): void => {
    if (done) return;
    done = true;
    unlisten();
    sink.enders.delete(finish);
    options.signal?.removeEventListener('abort', onAbort);
    if (!waiter) return void (failure = error);
    const w = waiter;
    waiter = null;
    if (error) w.reject(error);
    else w.resolve({ value: undefined, done: true });
  };
  const onAbort = (): void => finish();
  const unlisten = done
    ? () => {}
    : listen(sink, event, (value: V) => {
        if (waiter) {
          const w = waiter;
          waiter = null;
          w.resolve({ value, done: false });
        } else if (buffer.length < limit) {
          buffer.push(value);
        } else {
          finish(new StreamError('overflow', `More than ${limit} '${event}' events were not read`));
        }
      });
  if (!done) {
    sink.enders.add(finish);
    if (options.signal?.aborted) finish();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  }

  return {
    next(): Promise<IteratorResult<V>> {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as V, done: false });
      if (failure) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => (waiter = { resolve, reject }));
    },
    return(): Promise<IteratorResult<V>> {
      finish();
      buffer.length = 0;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : '';
}
