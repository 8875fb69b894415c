// Catching up a timeline after a reconnect: the server replays nothing, so the notes posted during an
// outage are re-read over HTTP (`sinceId`) and merged with the live ones, each delivered once.
import type { ChannelSpec, Gap, StreamChannel } from './stream.js';

/** What the gap helper needs from an HTTP client; the generated client's `call` fits. */
export type HttpCaller = { call(endpoint: string, params: object | undefined): Promise<unknown> };

type NoteLike = { id: string };
type TimelineSpec = ChannelSpec & { events: { note: NoteLike } };

export type TimelineChannelName =
  | 'homeTimeline'
  | 'localTimeline'
  | 'hybridTimeline'
  | 'globalTimeline'
  | 'userList'
  | 'roleTimeline'
  | 'channel'
  | 'antenna'
  | 'hashtag';

/** Per timeline channel: the endpoint that reads it over HTTP, and the channel params that endpoint shares. */
const TIMELINES: Record<TimelineChannelName, { endpoint: string; params: readonly string[] }> = {
  homeTimeline: { endpoint: 'notes/timeline', params: ['withRenotes', 'withFiles'] },
  localTimeline: { endpoint: 'notes/local-timeline', params: ['withRenotes', 'withReplies', 'withFiles'] },
  hybridTimeline: { endpoint: 'notes/hybrid-timeline', params: ['withRenotes', 'withReplies', 'withFiles'] },
  globalTimeline: { endpoint: 'notes/global-timeline', params: ['withRenotes', 'withFiles'] },
  userList: { endpoint: 'notes/user-list-timeline', params: ['listId', 'withRenotes', 'withFiles'] },
  roleTimeline: { endpoint: 'roles/notes', params: ['roleId'] },
  channel: { endpoint: 'channels/timeline', params: ['channelId'] },
  antenna: { endpoint: 'antennas/notes', params: ['antennaId'] },
  hashtag: { endpoint: 'notes/search-by-tag', params: ['q'] },
};

export type GapFillOptions<N> = {
  /** Notes per request (the server's maximum is 100). Default 100. */
  pageSize?: number;
  /** Requests per gap; a longer outage is reported with `complete: false`. Default 10. */
  maxPages?: number;
  /** Ids remembered to drop duplicates. Default 1000. */
  remember?: number;
  /** After each gap: what was re-read, and the first live note after the outage. */
  onRecovered?: (report: GapReport<N>) => void;
  /** A failed re-read; the live notes held meanwhile are still delivered. Default: rethrown asynchronously. */
  onError?: (error: unknown) => void;
};

/** The gap (its `firstAfter`: the first live note, if one arrived while re-reading), and what was re-read. */
export type GapReport<N> = Gap & {
  /** Notes re-read over HTTP and delivered, oldest first. */
  recovered: N[];
  /** False when `maxPages` ran out before reaching the present. */
  complete: boolean;
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
export function fillGaps<S extends TimelineSpec>(
  channel: StreamChannel<S, TimelineChannelName>,
  http: HttpCaller,
  onNote: (note: S['events']['note']) => void,
  options: GapFillOptions<S['events']['note']> = {},
): () => void {
  type N = S['events']['note'];
  // Checked at run time too: the channel may come from untyped code.
  const timeline = Object.hasOwn(TIMELINES, channel.name) ? TIMELINES[channel.name] : undefined;
  if (!timeline) throw new TypeError(`fillGaps: '${channel.name}' is not a timeline channel`);
  const { pageSize = 100, maxPages = 10, remember = 1000 } = options;
  const onError =
    options.onError ??
    ((error: unknown) =>
      queueMicrotask(() => {
        throw error;
      }));
  const seen = new Set<string>();
  let held: N[] | null = null;
  let pending = 0;
  let chain = Promise.resolve();
  let stopped = false;

  const deliver = (note: N): void => {
    if (stopped || seen.has(note.id)) return;
    seen.add(note.id);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (seen.size > remember) seen.delete(seen.values().next().value as string);
    try {
      onNote(note);
    } catch (error) {
      onError(error);
    }
  };

  const offNote = channel.on('note', (note: N) => {
    if (held) held.push(note);
    else deliver(note);
  });

  const offGap = channel.onGap((gap) => {
    held ??= [];
    pending++;
    chain = chain.then(async () => {
      let recovered: N[] = [];
      let complete = false;
      try {
        ({ recovered, complete } = await reread<N>(http, timeline, channel.params, gap, pageSize, maxPages));
        for (const note of recovered) deliver(note);
      } catch (error) {
        onError(error);
      }
      if (--pending === 0 && held) {
        const live = held;
        held = null;
        for (const note of live) deliver(note);
      }
      try {
        if (!stopped) options.onRecovered?.({ ...gap, recovered, complete });
      } catch (error) {
        onError(error);
      }
    });
  });

  return () => {
    stopped = true;
    offNote();
    offGap();
  };
}

async function reread<N extends NoteLike>(
  http: HttpCaller,
  timeline: { endpoint: string; params: readonly string[] },
  channelParams: object | undefined,
  gap: Gap,
  pageSize: number,
  maxPages: number,
): Promise<{ recovered: N[]; complete: boolean }> {
  const base: Record<string, unknown> = { limit: pageSize };
  for (const key of timeline.params) {
    const value = (channelParams as Record<string, unknown> | undefined)?.[key];
    // The hashtag channel's `q` is the search endpoint's `query`.
    if (value !== undefined) base[key === 'q' ? 'query' : key] = value;
  }
  // Without a note before the outage, everything since the subscription started may have been missed.
  let since: Record<string, unknown> = gap.lastBefore
    ? { sinceId: gap.lastBefore.id }
    : { sinceDate: gap.subscribedAt };
  const out: N[] = [];
  for (let page = 0; page < maxPages; page++) {
    const result = await http.call(timeline.endpoint, { ...base, ...since });
    if (!Array.isArray(result)) throw new TypeError(`${timeline.endpoint} did not return a list of notes`);
    // With sinceId, servers differ in the order they answer; ids of one server sort by time.
    const notes = (result as unknown[]).filter(isNoteLike).sort((a, b) => compareIds(a.id, b.id)) as N[];
    out.push(...notes);
    const newest = notes[notes.length - 1];
    if (!newest || result.length < pageSize) return { recovered: out, complete: true };
    since = { sinceId: newest.id };
  }
  return { recovered: out, complete: false };
}

function isNoteLike(value: unknown): value is NoteLike {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
