// Channel instances and their listeners: typed by a channel map the generator fills with the server's
// entities (templates/channels.ts), fed by the connection, iterable, and told about outages.
import { MisskeyError } from '../http/errors.js';

/** One channel in a channel map: what `connect` takes, what the server emits, what the channel accepts. */
export type ChannelSpec = { params: object | null; events: Record<string, unknown>; receives?: Record<string, unknown> };
/** Everything a stream is typed by. A generated package passes its own `StreamTypes`. */
export type StreamTypeMap = { channels: Record<string, ChannelSpec>; broadcasts: Record<string, unknown>; noteUpdated: Record<string, unknown> };
/** For untyped use: any channel, any event, payloads `unknown`. */
export type AnyStreamTypes = {
  channels: Record<string, { params: Record<string, unknown> | null; events: Record<string, unknown>; receives: Record<string, unknown> }>;
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

/** How a channel is re-read over HTTP after an outage (the generated `channelMeta`'s `timeline`). */
export type TimelineRule = {
  readonly endpoint: string;
  /** Channel params the endpoint takes too; `rename` gives the endpoint's name where it differs. */ readonly params: readonly string[];
  readonly rename?: { readonly [param: string]: string } | undefined;
};

export type StreamErrorKind =
  /** HTTP 401/403 on upgrade or, where the WebSocket hides it (browsers, Node 22+), from the token check at `/api/i`. Not retried. */
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
  /** The HTTP status of a refused upgrade (`ws` exposes it), or of the token check at `/api/i`. */ readonly status: number | undefined;
  /** The WebSocket close code, when there was a close. */ readonly code: number | undefined;
  constructor(kind: StreamErrorKind, message: string, init: { status?: number | undefined; code?: number | undefined } = {}) {
    super(message);
    this.kind = kind;
    this.status = init.status;
    this.code = init.code;
  }
}

/** The outage a channel instance lived through, reported once the server confirms it is subscribed again. */
export type Gap = {
  channel: string;
  /** The last note (event `note`) before the socket was lost, and when: the `sinceId` of a re-read. Other events carry other ids. */
  lastBefore: { id: string; at: number } | null;
  /** When the instance was first subscribed: the lower bound of what was missed when `lastBefore` is null. */ subscribedAt: number;
  disconnectedAt: number;
  /** When the server confirmed the new subscription; events after this arrive live. */ resumedAt: number;
  /**
   * The first note after the outage. Null when the gap is reported (the server confirms a subscription
   * before it sends on it); set on this object when that note arrives, before its listeners run.
   */
  firstAfter: { id: string; at: number } | null;
};

export type IterateOptions = {
  signal?: AbortSignal | undefined;
  /** Unread events to buffer before the iterator fails with an 'overflow' StreamError; default 10 000. */ limit?: number | undefined;
};

type Listener = (payload: any) => void;

/** The listeners of one channel instance (or of the stream itself), and where it stands across outages. */
export class Sink {
  readonly listeners = new Map<string, Set<Listener>>();
  readonly gapListeners = new Set<(gap: Gap) => void>();
  /** Iterators to end when the instance ends. */ readonly enders = new Set<(error?: StreamError) => void>();
  /** The last note: where a re-read starts. */ last: { id: string; at: number } | null = null;
  /** The gap reported last, until a note gives it its `firstAfter`. */ pendingGap: Gap | null = null;
  subscribedAt: number | null = null;
  droppedAt: number | null = null;
  readonly onError: (error: unknown) => void;
  constructor(onError: (error: unknown) => void) {
    this.onError = onError;
  }

  on(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void this.listeners.get(event)?.delete(listener);
  }

  emit(listeners: Iterable<Listener> | undefined, payload: unknown): void {
    for (const listener of listeners ?? []) {
      try {
        listener(payload);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  deliver(type: string, payload: unknown, now: number): void {
    const id = type === 'note' && (payload as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      this.last = { id, at: now };
      if (this.pendingGap) this.pendingGap.firstAfter = this.last;
      this.pendingGap = null;
    }
    this.emit(this.listeners.get(type), payload);
  }

  /** The server confirmed the subscription: the first time, or after an outage, which is then reported. */
  subscribed(channel: string, now: number): void {
    if (this.subscribedAt === null) this.subscribedAt = now;
    if (this.droppedAt === null) return;
    const gap: Gap = { channel, lastBefore: this.last, subscribedAt: this.subscribedAt, disconnectedAt: this.droppedAt, resumedAt: now, firstAfter: null };
    this.droppedAt = null;
    this.pendingGap = gap;
    this.emit(this.gapListeners, gap);
  }

  dropped(now: number): void {
    this.pendingGap = null;
    if (this.subscribedAt !== null) this.droppedAt ??= now;
  }

  end(error?: StreamError): void {
    for (const end of [...this.enders]) end(error);
    this.listeners.clear();
    this.gapListeners.clear();
  }

  /** A pull-based view of one event: buffers what arrives between `next()` calls. */
  events<V>(event: string, options: IterateOptions = {}, ended = false): AsyncIterableIterator<V> {
    const { signal, limit = 10_000 } = options;
    const buffer: V[] = [];
    let waiter: { resolve(result: IteratorResult<V>): void; reject(error: unknown): void } | null = null;
    let failure: StreamError | undefined;
    let done = ended;
    const finish = (error?: StreamError): void => {
      if (done) return;
      done = true;
      off();
      this.enders.delete(finish);
      signal?.removeEventListener('abort', abort);
      const w = waiter;
      waiter = null;
      if (!w) failure = error;
      else if (error) w.reject(error);
      else w.resolve({ value: undefined, done: true });
    };
    const abort = () => finish();
    const off = done
      ? () => {}
      : this.on(event, (value: V) => {
          const w = waiter;
          waiter = null;
          if (w) w.resolve({ value, done: false });
          else if (buffer.length < limit) buffer.push(value);
          else finish(new StreamError('overflow', `More than ${limit} '${event}' events were not read`));
        });
    if (!done) this.enders.add(finish);
    if (signal?.aborted) finish();
    else if (!done) signal?.addEventListener('abort', abort, { once: true });
    return {
      next(): Promise<IteratorResult<V>> {
        if (buffer.length) return Promise.resolve({ value: buffer.shift() as V, done: false });
        const error = failure;
        failure = undefined;
        if (error) return Promise.reject(error);
        return done ? Promise.resolve({ value: undefined, done: true }) : new Promise((resolve, reject) => (waiter = { resolve, reject }));
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
}

/** What a channel instance asks of its stream. */ export type ChannelPort = { send(type: string, body: unknown): boolean; dispose(): void };

/** One local channel instance. Get one from `stream.channel(name, params)`. */
export class StreamChannel<S extends ChannelSpec, N extends string = string> {
  readonly name: N;
  readonly params: object | undefined;
  /** What this instance is multiplexed by (shared by every instance of a shared channel). */ readonly id: string;
  /** How to re-read this channel over HTTP (see `fillGaps`); null for a channel that is no timeline. */ readonly timeline: TimelineRule | null;
  readonly #sink: Sink;
  readonly #port: ChannelPort;
  #disposed = false;

  constructor(name: N, params: object | undefined, id: string, timeline: TimelineRule | null, sink: Sink, port: ChannelPort) {
    [this.name, this.params, this.id, this.timeline, this.#sink, this.#port] = [name, params, id, timeline, sink, port];
  }

  on<E extends keyof S['events'] & string>(event: E, listener: (payload: S['events'][E]) => void): () => void {
    return this.#disposed ? () => {} : this.#sink.on(event, listener);
  }

  off<E extends keyof S['events'] & string>(event: E, listener: (payload: S['events'][E]) => void): void {
    this.#sink.listeners.get(event)?.delete(listener);
  }

  /** `for await (const note of home.events('note'))`; ends on `dispose()` or `stream.close()`. */
  events<E extends keyof S['events'] & string>(event: E, options?: IterateOptions): AsyncIterableIterator<S['events'][E]> {
    return this.#sink.events(event, options, this.#disposed);
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
