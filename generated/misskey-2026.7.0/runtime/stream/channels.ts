// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Channel instances and their listeners: typed by the generated channel map (templates/channels.ts), fed by the connection.
import { MisskeyError } from '../http/errors.js';
/** One channel in a channel map: what `connect` takes, what the server emits, what the channel accepts. */
export type ChannelSpec = { params: object | null; events: Record<string, unknown>; receives?: Record<string, unknown> };
/** Everything a stream is typed by. A generated package passes its own `StreamTypes`. */
export type StreamTypeMap = { channels: Record<string, ChannelSpec>; broadcasts: Record<string, unknown>; noteUpdated: Record<string, unknown> };
type Loose = Record<string, unknown>;
/** For untyped use: any channel, any event, payloads `unknown`. */
export type AnyStreamTypes = { channels: Record<string, { params: Loose | null; events: Loose; receives: Loose }>; broadcasts: Loose; noteUpdated: Loose };
/** The `noteUpdated` payload for a captured note, a union over the note event map. */
export type NoteUpdate<U> = { [K in keyof U & string]: { id: string; type: K; body: U[K] } }[keyof U & string];
export type StreamEvents<T extends StreamTypeMap> = T['broadcasts'] & { noteUpdated: NoteUpdate<T['noteUpdated']> };
/** `channel(name)` when the channel takes no params, `channel(name, params?)` when all are optional. */
export type ParamsArg<P> = [P] extends [null] ? [] : {} extends P ? [params?: P] : [params: P];
type ReceivesOf<S extends ChannelSpec> = S extends { receives: infer R } ? R : {};
type BodyArg<B> = [B] extends [null | undefined] ? [body?: B] : [body: B];
/** How a channel is re-read over HTTP after an outage (`channelMeta`'s `timeline`): channel `params` the endpoint takes too, `rename`d where needed. */
export type TimelineRule = { readonly endpoint: string; readonly params: readonly string[]; readonly rename?: { readonly [param: string]: string } | undefined };
type Mark = { id: string; at: number };
/** 'unauthorized' and 'unavailable' are not retried, 'network' and 'dead' are; 'overflow': an `events()` iterator fell behind. */
export type StreamErrorKind = 'unauthorized' | 'network' | 'dead' | 'unavailable' | 'overflow';
/** `status`: the HTTP status of a refused upgrade (`ws` shows it) or of the token check; `code`: the WebSocket close code. */
export class StreamError extends MisskeyError<{ kind: StreamErrorKind; status: number | undefined; code: number | undefined }> {
  override name = 'StreamError';
  declare readonly kind: StreamErrorKind; declare readonly status: number | undefined; declare readonly code: number | undefined;
  constructor(kind: StreamErrorKind, message: string, { status, code }: { status?: number | undefined; code?: number | undefined } = {}) {
    super(message, { kind, status, code });
  }
}
/** The outage a channel instance lived through, reported once the server confirms it is subscribed again (docs/runtime.md). */
export type Gap = { channel: string; lastBefore: Mark | null; subscribedAt: number; disconnectedAt: number; resumedAt: number; firstAfter: Mark | null };
/** `limit`: unread events to buffer before the iterator fails with an 'overflow' StreamError; default 10 000. */
export type IterateOptions = { signal?: AbortSignal | undefined; limit?: number | undefined };
type Listener = (payload: any) => void;
/** Calls each listener; what one throws goes to `onError` and stops no other. */
export function emit(listeners: Iterable<Listener> | undefined, payload: unknown, onError: (error: unknown) => void): void {
  for (const listener of listeners ?? []) try { listener(payload); } catch (error) { onError(error); }
}
/** The default `onError`: thrown asynchronously, like an uncaught error. */
export const rethrow = (error: unknown): void => queueMicrotask(() => { throw error; });
/** Sink events of their own, beside the server's: a gap reported, the instance ended (which ends its iterators). */
export const [GAP, END] = [Symbol('gap'), Symbol('end')];

/** The listeners of one channel instance (or of the stream itself), and where it stands across outages. */
export class Sink {
  readonly listeners = new Map<string | symbol, Set<Listener>>();
  last: Mark | null = null; // the last note: where a re-read starts
  pendingGap: Gap | null = null; // the gap reported last, until a note gives it its `firstAfter`
  subscribedAt: number | null = null; droppedAt: number | null = null; // first confirmed; lost since
  readonly onError: (error: unknown) => void;
  constructor(onError: (error: unknown) => void) { this.onError = onError; }
  on(event: string | symbol, listener: Listener): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set.add(listener));
    return () => void set.delete(listener);
  }
  off(event: string, listener: Listener): void { this.listeners.get(event)?.delete(listener); }
  deliver(type: string, payload: unknown, now: number): void {
    const id = type === 'note' && (payload as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      this.last = { id, at: now };
      if (this.pendingGap) [this.pendingGap.firstAfter, this.pendingGap] = [this.last, null];
    }
    emit(this.listeners.get(type), payload, this.onError);
  }
  /** The server confirmed the subscription: the first time, or after an outage, which is then reported. */
  subscribed(channel: string, now: number): void {
    this.subscribedAt ??= now;
    if (this.droppedAt === null) return;
    const gap = { channel, lastBefore: this.last, subscribedAt: this.subscribedAt, disconnectedAt: this.droppedAt, resumedAt: now, firstAfter: null };
    [this.pendingGap, this.droppedAt] = [gap, null];
    emit(this.listeners.get(GAP), gap, this.onError);
  }
  dropped(now: number): void { this.pendingGap = null; if (this.subscribedAt !== null) this.droppedAt ??= now; }
  end(error?: StreamError): void {
    emit(this.listeners.get(END), error, this.onError);
    this.listeners.clear();
  }
  /** A pull-based view of one event: buffers what arrives between `next()` calls, then the error that ended it. */
  events<V>(event: string, { signal, limit = 10_000 }: IterateOptions = {}, ended = false): AsyncIterableIterator<V> {
    type Result = IteratorResult<V> | StreamError;
    const [queue, end]: [Result[], IteratorResult<V>] = [[], { value: undefined, done: true }];
    let [waiter, done]: [((result: Result) => void) | null, boolean] = [null, false];
    const put = (result: Result) => (waiter ? waiter(result) : queue.push(result));
    const off = this.on(event, (value: V) => {
      if (waiter || queue.length < limit) put({ value, done: false });
      else finish(new StreamError('overflow', `More than ${limit} '${event}' events were not read`));
    });
    const abort = () => finish();
    const finish = (error?: StreamError): void => {
      if (done) return;
      done = true;
      void (off(), offEnd(), signal?.removeEventListener('abort', abort));
      if (waiter || error) put(error ?? end);
    };
    const offEnd = this.on(END, finish);
    signal?.addEventListener('abort', abort, { once: true });
    if (ended || signal?.aborted) finish();
    const next = (): Promise<IteratorResult<V>> => {
      const result = queue.shift() ?? (done ? end : undefined);
      if (result) return result instanceof StreamError ? Promise.reject(result) : Promise.resolve(result);
      return new Promise((resolve, reject) => (waiter = (r) => ((waiter = null), r instanceof StreamError ? reject(r) : resolve(r))));
    };
    const stop = () => (finish(), (queue.length = 0), Promise.resolve(end));
    const iterator: AsyncIterableIterator<V> = { next, return: stop, [Symbol.asyncIterator]: () => iterator };
    return iterator;
  }
}

/** What a channel instance asks of its stream. */
export type ChannelPort = { send(type: string, body: unknown): boolean; dispose(): void };
/** One local channel instance, from `stream.channel(name, params)`. */
export class StreamChannel<S extends ChannelSpec, N extends string = string> {
  readonly name: N;
  readonly params: object | undefined;
  /** What this instance is multiplexed by (shared by every instance of a shared channel). */
  readonly id: string;
  /** How to re-read this channel over HTTP (see `fillGaps`); null for a channel that is no timeline. */
  readonly timeline: TimelineRule | null;
  readonly #sink: Sink;
  readonly #port: ChannelPort;
  #disposed = false;
  constructor(name: N, params: object | undefined, id: string, timeline: TimelineRule | null, sink: Sink, port: ChannelPort) {
    [this.name, this.params, this.id, this.timeline, this.#sink, this.#port] = [name, params, id, timeline, sink, port];
  }
  on<E extends keyof S['events'] & string>(event: E, listener: (payload: S['events'][E]) => void): () => void {
    return this.#disposed ? () => {} : this.#sink.on(event, listener);
  }
  off<E extends keyof S['events'] & string>(event: E, listener: (payload: S['events'][E]) => void): void { this.#sink.off(event, listener); }
  /** `for await (const note of home.events('note'))`; ends on `dispose()` or `stream.close()`. */
  events<E extends keyof S['events'] & string>(event: E, options?: IterateOptions): AsyncIterableIterator<S['events'][E]> {
    return this.#sink.events(event, options, this.#disposed);
  }
  /** Called after a reconnect with the window this instance missed (see `fillGaps` for timelines). */
  onGap(listener: (gap: Gap) => void): () => void { return this.#sink.on(GAP, listener); }
  /** The last note (event `note`) and when it arrived. */ get lastEvent(): Mark | null { return this.#sink.last; }
  /** When the server first confirmed this instance; null until then. */ get subscribedAt(): number | null { return this.#sink.subscribedAt; }
  get disposed(): boolean { return this.#disposed; }
  /** Sends a message to the channel (`requestLog`, `putStone`, …); queued while reconnecting. False when dropped. */
  send<K extends keyof ReceivesOf<S> & string>(type: K, ...body: BodyArg<ReceivesOf<S>[K]>): boolean {
    return !this.#disposed && this.#port.send(type, body[0]);
  }
  /** Stops delivery and ends iterators; the server is told `disconnect` once no local instance needs the subscription. */
  dispose(): void { if (!this.#disposed) void ((this.#disposed = true), this.#port.dispose()); }
}
