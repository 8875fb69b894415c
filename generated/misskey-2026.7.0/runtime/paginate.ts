/**
 * Walking a paged list (timelines, notifications, followers…) with an async iterator, by the id
 * cursors Misskey uses: `untilId` for older items, `sinceId` for newer ones.
 */
import type { EndpointMap, EndpointShape, MisskeyClient } from './client.js';
import { AbortError } from './errors.js';
import type { Allowed } from './scope.js';

/**
 * Names of the endpoints of `E` that take `untilId` or `sinceId` and return an array of objects with an `id`.
 * Params without fields are typed `Record<string, never>`, whose keys (`string`) would take in any
 * cursor name, hence the index-signature test. Inline, because each level is instantiated once per
 * endpoint of the map: as helper aliases the same tests cost about five times as many instantiations.
 */
export type PageableEndpoint<E extends EndpointMap> = {
  [N in keyof E]: keyof E[N]['params'] & ('untilId' | 'sinceId') extends never
    ? never
    : string extends keyof E[N]['params']
      ? never
      : E[N]['result'] extends readonly { id: string }[]
        ? N
        : never;
}[keyof E] &
  string;

export type PageItem<S extends EndpointShape> = S['result'] extends readonly (infer I)[] ? I : never;

export interface PageOptions {
  /** Stop after this many items in total. Default: until the list ends. */
  max?: number | undefined;
  /** Aborting rejects the iteration with AbortError (no further requests are made). */
  signal?: AbortSignal | undefined;
}

/** Params optional when every param is optional. */
export type PageArgs<S extends EndpointShape> = {} extends S['params']
  ? [params?: S['params'], options?: PageOptions]
  : [params: S['params'], options?: PageOptions];

/**
 * Every item of a paged endpoint, one request per page. Newest first by default, walking back with
 * `untilId`; pass `sinceId` (or `sinceDate`, where the endpoint takes it) alone to walk forward, oldest
 * first, from there. `untilId`/`untilDate` in `params` start a newest-first walk at that point; with a
 * `sinceId` as well, it stops there (whether a `sinceDate` still bounds pages walked by id is up to the
 * server version). `params.limit` is the page size: a shorter page ends the walk (as in Misskey's own
 * web client); without it, an empty page does. A page that does not move past the cursor ends it too.
 *
 * @example
 * for await (const note of paginate(client, 'notes/timeline', { limit: 100 }, { max: 500 })) …
 */
export async function* paginate<E extends EndpointMap, P extends string, N extends PageableEndpoint<E>>(
  client: MisskeyClient<E, P>,
  endpoint: N & Allowed<E[N], P>,
  ...[params, options = {}]: PageArgs<E[N]>
): AsyncGenerator<PageItem<E[N]>, void, undefined> {
  const { max = Infinity, signal } = options;
  if (typeof max !== 'number' || !(max >= 0)) throw new RangeError('PageOptions.max must be a number ≥ 0');
  const query: Record<string, unknown> = { ...(params as object | undefined) };
  const pageSize = typeof query['limit'] === 'number' ? query['limit'] : undefined;
  const forward = (query['sinceId'] !== undefined || query['sinceDate'] !== undefined) &&
    query['untilId'] === undefined && query['untilDate'] === undefined;
  let left = max;
  const start = forward ? query['sinceId'] : query['untilId'];
  let cursor = typeof start === 'string' ? start : undefined;
  while (left > 0) {
    if (pageSize !== undefined) query['limit'] = Math.min(pageSize, left);
    const page = await client.call(endpoint, query, { signal });
    if (!Array.isArray(page)) throw new TypeError(`${endpoint} did not answer with an array; it cannot be paged`);
    const items = inOrder(page as unknown[], forward, endpoint);
    const last = items.at(-1);
    if (last === undefined) return;
    const next = idOf(last, endpoint);
    // A server that ignores the cursor would send the same page forever.
    if (cursor !== undefined && (forward ? next <= cursor : next >= cursor)) return;
    for (const item of items.slice(0, left)) {
      // The caller may abort while handling an item; the rest of the page is not theirs any more.
      if (signal?.aborted) throw new AbortError(`${endpoint} aborted`, { endpoint, cause: signal.reason });
      yield item as PageItem<E[N]>;
    }
    left -= items.length;
    if (pageSize !== undefined && items.length < (query['limit'] as number)) return;
    cursor = next;
    if (forward) {
      query['sinceId'] = cursor;
      delete query['sinceDate'];
    } else {
      query['untilId'] = cursor;
      delete query['untilDate'];
    }
  }
}

/**
 * The page in walking order. Servers answer `sinceId` alone oldest first and everything else newest
 * first, but forks differ; ids sort by creation time, so the ends of the page tell.
 */
function inOrder(page: unknown[], forward: boolean, endpoint: string): unknown[] {
  if (page.length < 2) return page;
  const ascending = idOf(page[0], endpoint) < idOf(page.at(-1), endpoint);
  return ascending === forward ? page : [...page].reverse();
}

function idOf(item: unknown, endpoint: string): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  if (typeof id !== 'string') throw new TypeError(`${endpoint} returned an item without a string id; it cannot be paged`);
  return id;
}
