// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Catching up a timeline after a reconnect: the server replays nothing, so the notes posted during an
// outage are re-read over HTTP (`sinceId`) and merged with the live ones, each delivered once.
import type { ChannelSpec, Gap, StreamChannel, TimelineRule } from './channels.js';

/** What the gap helper needs from an HTTP client; the generated client's `call` fits. */
export type HttpCaller = { call(endpoint: string, params: object | undefined): Promise<unknown> };

type NoteLike = { id: string };
type NoteOf<S extends ChannelSpec> = S['events'] extends { note: infer N extends NoteLike } ? N : never;

export type GapFillOptions<N> = {
  /** Notes per request (the server's maximum is 100). Default 100. */ pageSize?: number;
  /** Requests per gap; a longer outage is reported with `complete: false`. Default 10. */ maxPages?: number;
  /** Ids remembered to drop duplicates. Default 1000. */ remember?: number;
  /** After each gap: what was re-read, and the first live note after the outage. */ onRecovered?: (report: GapReport<N>) => void;
  /** A failed re-read; the live notes held meanwhile are still delivered. Default: rethrown asynchronously. */ onError?: (error: unknown) => void;
};

/** The gap (its `firstAfter`: the first live note, if one arrived while re-reading), and what was re-read. */
export type GapReport<N> = Gap & {
  /** Notes re-read over HTTP and delivered, oldest first. */ recovered: N[];
  /** False when `maxPages` ran out before reaching the present. */ complete: boolean;
};

/**
 * Delivers every note of a timeline channel to `onNote` exactly once, live or re-read after an outage.
 * While a gap is re-read, live notes are held, then delivered after the re-read ones, so order holds too.
 * Returns a function that stops it.
 *
 * @example
 * const home = stream.channel('homeTimeline');
 * fillGaps(home, client, (note) => console.log(note.text));
 */
export function fillGaps<S extends ChannelSpec>(
  channel: StreamChannel<S> & ('note' extends keyof S['events'] ? unknown : { 'not a timeline channel': never }),
  http: HttpCaller,
  onNote: (note: NoteOf<S>) => void,
  options: GapFillOptions<NoteOf<S>> = {},
): () => void {
  type N = NoteOf<S>;
  // Checked at run time too: the channel may come from untyped code.
  const { timeline } = channel;
  if (!timeline) throw new TypeError(`fillGaps: '${channel.name}' is not a timeline channel`);
  const { pageSize = 100, maxPages = 10, remember = 1000 } = options;
  const onError = options.onError ?? ((error: unknown) => queueMicrotask(() => { throw error; }));
  const seen = new Set<string>();
  let held: N[] | null = null;
  let pending = 0;
  let chain = Promise.resolve();
  let stopped = false;
  const guard = (run: () => void) => {
    try {
      run();
    } catch (error) {
      onError(error);
    }
  };
  const deliver = (note: N): void => {
    if (stopped || seen.has(note.id)) return;
    seen.add(note.id);
    if (seen.size > remember) seen.delete(seen.values().next().value as string); // a Set iterates oldest first
    guard(() => onNote(note));
  };
  const offNote = (channel as StreamChannel<{ params: null; events: { note: N } }>).on('note', (note) => (held ? held.push(note) : deliver(note)));
  const offGap = channel.onGap((gap) => {
    held ??= [];
    pending++;
    chain = chain.then(async () => {
      let result: { recovered: N[]; complete: boolean } = { recovered: [], complete: false };
      try {
        result = await reread<N>(http, timeline, channel.params, gap, pageSize, maxPages);
        result.recovered.forEach(deliver);
      } catch (error) {
        onError(error);
      }
      if (--pending === 0 && held) {
        const live = held;
        held = null;
        live.forEach(deliver);
      }
      // The gap as it is now: its `firstAfter` may have come while re-reading.
      if (!stopped) guard(() => options.onRecovered?.({ ...gap, ...result }));
    });
  });
  return () => void ((stopped = true), offNote(), offGap());
}

async function reread<N extends NoteLike>(http: HttpCaller, timeline: TimelineRule, channelParams: object | undefined, gap: Gap, pageSize: number, maxPages: number) {
  const base: Record<string, unknown> = { limit: pageSize };
  for (const key of timeline.params) {
    const value = (channelParams as Record<string, unknown> | undefined)?.[key];
    if (value !== undefined) base[timeline.rename?.[key] ?? key] = value;
  }
  // Without a note before the outage, everything since the subscription started may have been missed.
  let since: object = gap.lastBefore ? { sinceId: gap.lastBefore.id } : { sinceDate: gap.subscribedAt };
  const recovered: N[] = [];
  for (let page = 0; page < maxPages; page++) {
    const result = await http.call(timeline.endpoint, { ...base, ...since });
    if (!Array.isArray(result)) throw new TypeError(`${timeline.endpoint} did not return a list of notes`);
    // With sinceId, servers differ in the order they answer; ids of one server sort by time.
    const notes = (result as N[]).filter((n) => typeof n?.id === 'string').sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    recovered.push(...notes);
    const newest = notes.at(-1);
    if (!newest || result.length < pageSize) return { recovered, complete: true };
    since = { sinceId: newest.id };
  }
  return { recovered, complete: false };
}
