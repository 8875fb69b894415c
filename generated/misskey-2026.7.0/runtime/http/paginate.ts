// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Walking a paged list (timelines, notifications, followers…) with an async iterator, by the id
// cursors Misskey uses: `untilId` for older items, `sinceId` for newer ones.
import type { EndpointMap, EndpointShape, MisskeyClient } from './client.js';
import { AbortError } from './errors.js';
import type { Allowed } from './scope.js';

/**
 * Endpoints of `E` that take `untilId` or `sinceId` and return an array of objects with an `id`. Params without
 * fields are `Record<string, never>`, whose keys (`string`) take any cursor name: hence the index test. Inline,
 * because each level is instantiated per endpoint: as helper aliases it costs about five times as much.
 */
export type PageableEndpoint<E extends EndpointMap> = {
  [N in keyof E]: keyof E[N]['params'] & ('untilId' | 'sinceId') extends never ? never
    : string extends keyof E[N]['params'] ? never : E[N]['result'] extends readonly { id: string }[] ? N : never;
}[keyof E] & string;

export type PageItem<S extends EndpointShape> = S['result'] extends readonly (infer I)[] ? I : never;

export interface PageOptions {
  /** Stop after this many items in total. Default: until the list ends. */ max?: number | undefined;
  /** Aborting rejects the iteration with AbortError (no further requests are made). */ signal?: AbortSignal | undefined;
}

/** Params optional when every param is optional. */
export type PageArgs<S extends EndpointShape> = {} extends S['params'] ? [params?: S['params'], options?: PageOptions] : [params: S['params'], options?: PageOptions];

/**
 * Every item of a paged endpoint, one request per page. Newest first, walking back with `untilId`; `sinceId` (or
 * `sinceDate`) alone walks forward, oldest first, from there. `untilId`/`untilDate` start a newest-first walk there;
 * with a `sinceId` too, it stops there. `params.limit` is the page size: a shorter page ends the walk (as in Misskey's
 * web client); without it, an empty page does. So does a page that does not move past the cursor.
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
  const given = (key: string) => query[key] !== undefined;
  const forward = (given('sinceId') || given('sinceDate')) && !given('untilId') && !given('untilDate');
  const [cursorKey, dateKey] = forward ? ['sinceId', 'sinceDate'] : ['untilId', 'untilDate'];
  let cursor = typeof query[cursorKey] === 'string' ? (query[cursorKey] as string) : undefined;
  for (let left = max; left > 0; ) {
    if (pageSize !== undefined) query['limit'] = Math.min(pageSize, left);
    const page = await client.call(endpoint, query, { signal });
    if (!Array.isArray(page)) throw new TypeError(`${endpoint} did not answer with an array; it cannot be paged`);
    // Servers answer `sinceId` alone oldest first, anything else newest first, but forks differ: ids sort by time.
    const items = page.length > 1 && idOf(page[0], endpoint) < idOf(page.at(-1), endpoint) !== forward ? [...page].reverse() : page;
    if (items.length === 0) return;
    const next = idOf(items.at(-1), endpoint);
    // A server that ignores the cursor would send the same page forever.
    if (cursor !== undefined && (forward ? next <= cursor : next >= cursor)) return;
    for (const item of items.slice(0, left)) {
      // The caller may abort while handling an item; the rest of the page is not theirs any more.
      if (signal?.aborted) throw new AbortError(`${endpoint} aborted`, { endpoint, cause: signal.reason });
      yield item as PageItem<E[N]>;
    }
    left -= items.length;
    if (pageSize !== undefined && items.length < (query['limit'] as number)) return;
    query[cursorKey] = cursor = next;
    delete query[dateKey];
  }
}

function idOf(item: unknown, endpoint: string): string {
  const id = (item as { id?: unknown } | null | undefined)?.id;
  if (typeof id !== 'string') throw new TypeError(`${endpoint} returned an item without a string id; it cannot be paged`);
  return id;
}
