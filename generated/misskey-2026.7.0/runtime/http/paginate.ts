// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Walking a paged list with an async iterator, by Misskey's id cursors: `untilId` for older items, `sinceId` for newer ones.
import type { EndpointMap, EndpointShape, MisskeyClient } from './client.js';
import { AbortError, atLeastZero } from './errors.js';
import type { Allowed } from './scope.js';

/** Endpoints of `E` taking `untilId` or `sinceId` and returning objects with an `id`. Inline: helper aliases cost five times as much. */
export type PageableEndpoint<E extends EndpointMap> = {
  [N in keyof E]: keyof E[N]['params'] & ('untilId' | 'sinceId') extends never ? never
    : string extends keyof E[N]['params'] ? never : E[N]['result'] extends readonly { id: string }[] ? N : never; // index test: Record<string, never>
}[keyof E] & string;
export type PageItem<S extends EndpointShape> = S['result'] extends readonly (infer I)[] ? I : never;
export interface PageOptions {
  /** Stop after this many items in total. Default: until the list ends. */ max?: number | undefined;
  /** Aborting rejects the iteration with AbortError (no further requests are made). */ signal?: AbortSignal | undefined;
}
/** Params optional when every param is optional. */
export type PageArgs<S extends EndpointShape> = {} extends S['params'] ? [params?: S['params'], options?: PageOptions] : [params: S['params'], options?: PageOptions];
/** Every item of a paged endpoint, one request per page: newest first, or with `sinceId` alone oldest first (docs/runtime.md, "Pagination"). */
export async function* paginate<E extends EndpointMap, P extends string, N extends PageableEndpoint<E>>(client: MisskeyClient<E, P>,
  endpoint: N & Allowed<E[N], P>, ...[params, options = {}]: PageArgs<E[N]>): AsyncGenerator<PageItem<E[N]>, void, undefined> {
  const { max = Infinity, signal } = options;
  atLeastZero(max, 'PageOptions.max');
  const query: Record<string, unknown> = { ...(params as object | undefined) };
  const pageSize = typeof query['limit'] === 'number' ? query['limit'] : undefined;
  const given = (key: string) => query[key] !== undefined;
  const forward = (given('sinceId') || given('sinceDate')) && !given('untilId') && !given('untilDate');
  const [cursorKey, dateKey] = forward ? ['sinceId', 'sinceDate'] : ['untilId', 'untilDate'];
  let cursor = typeof query[cursorKey] === 'string' ? (query[cursorKey] as string) : undefined;
  const idOf = (item: unknown): string => {
    const id = (item as { id?: unknown } | null | undefined)?.id;
    if (typeof id !== 'string') throw new TypeError(`${endpoint} returned an item without a string id; it cannot be paged`);
    return id;
  };
  for (let left = max; left > 0; ) {
    if (pageSize !== undefined) query['limit'] = Math.min(pageSize, left);
    const page = await client.call(endpoint, query, { signal });
    if (!Array.isArray(page)) throw new TypeError(`${endpoint} did not answer with an array; it cannot be paged`);
    const items = page.length > 1 && idOf(page[0]) < idOf(page.at(-1)) !== forward ? [...page].reverse() : page; // forks differ; ids sort by time
    if (items.length === 0) return;
    const next = idOf(items.at(-1));
    if (cursor !== undefined && (forward ? next <= cursor : next >= cursor)) return; // a server ignoring the cursor: the same page forever
    for (const item of items.slice(0, left)) {
      if (signal?.aborted) throw new AbortError(`${endpoint} aborted`, { endpoint, cause: signal.reason }); // also while handling an item
      yield item as PageItem<E[N]>;
    }
    left -= items.length;
    if (pageSize !== undefined && items.length < (query['limit'] as number)) return;
    query[cursorKey] = cursor = next;
    delete query[dateKey];
  }
}
