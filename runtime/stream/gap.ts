// Catching up a timeline after a reconnect: the server replays nothing, so notes of the outage are re-read over HTTP.
import type { MisskeyClient } from '../http/client.js';
import { paginate } from '../http/paginate.js';
import { emit, rethrow, type ChannelSpec, type Gap, type StreamChannel, type TimelineRule } from './channels.js';
/** What the gap helper needs from an HTTP client; the generated client's `call` fits. */
export type HttpCaller = { call(endpoint: string, params: object | undefined): Promise<unknown> };
type NoteOf<S extends ChannelSpec> = S['events'] extends { note: infer N extends { id: string } } ? N : never;
type TimelineChannel<S extends ChannelSpec> = StreamChannel<S> & ('note' extends keyof S['events'] ? unknown : { 'not a timeline channel': never });
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

/** Delivers every note of a timeline channel to `onNote` once, live or re-read after an outage, in order; returns a function that stops it. */
export function fillGaps<S extends ChannelSpec>(channel: TimelineChannel<S>, http: HttpCaller, onNote: (note: NoteOf<S>) => void,
  options: GapFillOptions<NoteOf<S>> = {}): () => void {
  type N = NoteOf<S>;
  const { timeline } = channel; // checked at run time too: the channel may come from untyped code
  if (!timeline) throw new TypeError(`fillGaps: '${channel.name}' is not a timeline channel`);
  const { pageSize = 100, maxPages = 10, remember = 1000 } = options;
  const onError = options.onError ?? rethrow;
  const seen = new Set<string>();
  let [held, pending, chain, stopped]: [N[] | null, number, Promise<void>, boolean] = [null, 0, Promise.resolve(), false];
  const deliver = (note: N): void => {
    if (stopped || seen.has(note.id)) return;
    seen.add(note.id);
    if (seen.size > remember) seen.delete(seen.values().next().value as string); // a Set iterates oldest first
    emit([onNote], note, onError);
  };
  const offNote = (channel as StreamChannel<{ params: null; events: { note: N } }>).on('note', (note) => (held ? held.push(note) : deliver(note)));
  const offGap = channel.onGap((gap) => {
    [held, pending] = [held ?? [], pending + 1];
    chain = chain.then(async () => {
      const failed = (error: unknown) => (onError(error), { recovered: [] as N[], complete: false });
      const result = await reread<N>(http, timeline, channel.params, gap, pageSize, maxPages).catch(failed);
      result.recovered.forEach(deliver);
      const live = --pending === 0 ? held : null;
      if (live) held = null;
      live?.forEach(deliver);
      // The gap as it is now: its `firstAfter` may have come while re-reading.
      if (!stopped && options.onRecovered) emit([options.onRecovered], { ...gap, ...result }, onError);
    });
  });
  return () => void ((stopped = true), offNote(), offGap());
}
/** The notes since the gap started, oldest first: `paginate` walks forward from a `sinceId` or `sinceDate`. */
async function reread<N extends { id: string }>(http: HttpCaller, timeline: TimelineRule, channelParams: object | undefined, gap: Gap, pageSize: number, maxPages: number) {
  const given = (channelParams ?? {}) as Record<string, unknown>; // the channel params the endpoint takes too, renamed where needed
  const base = { limit: pageSize, ...Object.fromEntries(timeline.params.filter((k) => given[k] !== undefined).map((k) => [timeline.rename?.[k] ?? k, given[k]])) };
  // Without a note before the outage, everything since the subscription started may have been missed.
  const since = gap.lastBefore ? { sinceId: gap.lastBefore.id } : { sinceDate: gap.subscribedAt };
  const max = pageSize * maxPages;
  const recovered: N[] = [];
  for await (const note of paginate(http as MisskeyClient, timeline.endpoint as never, { ...base, ...since }, { max })) recovered.push(note as N);
  return { recovered, complete: recovered.length < max };
}
