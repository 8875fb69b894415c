/**
 * paginate() against a local server that pages a 250-note timeline the way Misskey does:
 * `untilId` → newest first below it; `sinceId` alone → oldest first above it; both → newest first
 * between them; dates work like ids; `limit` is the page size.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMisskeyClient, type MisskeyClient } from '../../runtime/http/client.js';
import { AbortError } from '../../runtime/http/errors.js';
import { paginate } from '../../runtime/http/paginate.js';
import { startServer, type RecordedRequest, type TestServer } from '../helpers/http-server.js';

type Item = { id: string; createdAt: number };
type Paged = {
  params: { limit?: number; untilId?: string; sinceId?: string; untilDate?: number; sinceDate?: number; userId?: string };
  result: Item[];
  errors: never;
};
type Endpoints = {
  'notes/timeline': Paged;
  'users/notes': Paged & { params: { userId: string } };
  stuck: Paged;
  reversed: Paged;
  'no-id': { params: { untilId?: string }; result: { id: string }[]; errors: never };
  hang: Paged;
};

const TOTAL = 250;
// Sortable ids, oldest first: n0001 … n0250, created one second apart.
const ITEMS: Item[] = Array.from({ length: TOTAL }, (_, i) => ({
  id: `n${String(i + 1).padStart(4, '0')}`,
  createdAt: 1_700_000_000_000 + i * 1000,
}));

function page(params: Paged['params']): Item[] {
  const limit = params.limit ?? 10;
  const since = params.sinceId ?? (params.sinceDate === undefined ? undefined : ITEMS.find((n) => n.createdAt > params.sinceDate!)?.id);
  const until = params.untilId ?? (params.untilDate === undefined ? undefined : ITEMS.findLast((n) => n.createdAt < params.untilDate!)?.id);
  let rows = ITEMS.filter((n) => (since === undefined || n.id > since || (params.sinceId === undefined && n.id === since)) && (until === undefined || n.id < until || (params.untilId === undefined && n.id === until)));
  const ascending = since !== undefined && until === undefined;
  rows = ascending ? rows.slice(0, limit) : rows.reverse().slice(0, limit);
  return rows;
}

const sent = (r: RecordedRequest) => r.json as Paged['params'];

let server: TestServer;
let client: MisskeyClient<Endpoints>;
beforeAll(async () => {
  server = await startServer({
    '/api/notes/timeline': (r) => ({ body: page(sent(r)) }),
    '/api/users/notes': (r) => ({ body: page(sent(r)) }),
    // Ignores every cursor: the same first page forever.
    '/api/stuck': (r) => ({ body: page({ limit: sent(r).limit ?? 10 }) }),
    // A fork that answers `sinceId` newest first.
    '/api/reversed': (r) => ({ body: [...page(sent(r))].sort((a, b) => (a.id < b.id ? 1 : -1)) }),
    '/api/no-id': { body: [{ id: 'a' }, { name: 'no id' }] },
    '/api/hang': 'hang',
  });
  client = createMisskeyClient<Endpoints>({ origin: server.origin, token: 'tok3nPAGEsecret' });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
const ids = (items: { id: string }[]) => items.map((n) => n.id);
const newestFirst = ids([...ITEMS].reverse());

describe('paginate', () => {
  it('walks a 250-item timeline newest first in pages of 100, fetching each page exactly once', async () => {
    const items = await collect(paginate(client, 'notes/timeline', { limit: 100 }));
    expect(ids(items)).toEqual(newestFirst);
    expect(server.requests.map(sent)).toEqual([
      { limit: 100, i: 'tok3nPAGEsecret' },
      { limit: 100, untilId: 'n0151', i: 'tok3nPAGEsecret' },
      { limit: 100, untilId: 'n0051', i: 'tok3nPAGEsecret' },
    ]);
  });

  it('stops at the total limit, asking only for what is left', async () => {
    const items = await collect(paginate(client, 'notes/timeline', { limit: 100 }, { max: 120 }));
    expect(ids(items)).toEqual(newestFirst.slice(0, 120));
    expect(server.requests.map((r) => sent(r).limit)).toEqual([100, 20]);
    expect(await collect(paginate(client, 'notes/timeline', { limit: 100 }, { max: 0 }))).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('without a page size, walks until an empty page', async () => {
    const items = await collect(paginate(client, 'notes/timeline', { untilId: 'n0031' }));
    expect(ids(items)).toEqual(newestFirst.slice(220));
    expect(server.requests).toHaveLength(4); // 10 + 10 + 10 + the empty page
    expect(sent(server.requests[3]!).untilId).toBe('n0001');
  });

  it('walks oldest first from a sinceId', async () => {
    const items = await collect(paginate(client, 'notes/timeline', { sinceId: 'n0100', limit: 100 }));
    expect(ids(items)).toEqual(ids(ITEMS.slice(100)));
    expect(server.requests.map((r) => sent(r).sinceId)).toEqual(['n0100', 'n0200']);
  });

  it('starts from a date where the endpoint takes one, then continues by id', async () => {
    const since = ITEMS[199]!.createdAt; // after n0200
    const forward = await collect(paginate(client, 'users/notes', { userId: 'u', sinceDate: since, limit: 30 }));
    expect(ids(forward)).toEqual(ids(ITEMS.slice(200)));
    expect(server.requests.map(sent)).toMatchObject([
      { userId: 'u', sinceDate: since, limit: 30 },
      { userId: 'u', sinceId: 'n0230', limit: 30 },
    ]);
    expect(sent(server.requests[1]!).sinceDate).toBeUndefined();
    server.requests.length = 0;

    const until = ITEMS[20]!.createdAt; // before n0021
    const back = await collect(paginate(client, 'users/notes', { userId: 'u', untilDate: until, limit: 15 }));
    expect(ids(back)).toEqual(newestFirst.slice(230));
    expect(server.requests.map(sent)).toMatchObject([{ untilDate: until }, { untilId: 'n0006' }]);
    expect(sent(server.requests[1]!).untilDate).toBeUndefined();
  });

  it('walks newest first between a since and an until bound', async () => {
    const items = await collect(paginate(client, 'notes/timeline', { sinceId: 'n0010', untilId: 'n0031', limit: 8 }));
    expect(ids(items)).toEqual(newestFirst.slice(220, 240));
    expect(server.requests.every((r) => sent(r).sinceId === 'n0010')).toBe(true);
  });

  it('puts a page the server sent the other way round into walking order', async () => {
    const items = await collect(paginate(client, 'reversed', { sinceId: 'n0230', limit: 8 }));
    expect(ids(items)).toEqual(ids(ITEMS.slice(230)));
  });

  it('stops when the abort signal fires between items, without another request', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const walk = (async () => {
      for await (const note of paginate(client, 'notes/timeline', { limit: 100 }, { signal: controller.signal })) {
        seen.push(note.id);
        if (seen.length === 120) controller.abort(new Error('enough'));
      }
    })();
    const error = await walk.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(120);
    expect(server.requests).toHaveLength(2);
  });

  it('stops when the abort signal fires during a request', async () => {
    const controller = new AbortController();
    const walk = collect(paginate(client, 'hang', {}, { signal: controller.signal }));
    await server.nextRequest();
    controller.abort();
    await expect(walk).rejects.toBeInstanceOf(AbortError);
  });

  it('does not fetch past a break', async () => {
    for await (const note of paginate(client, 'notes/timeline', { limit: 100 })) if (note.id === 'n0200') break;
    expect(server.requests).toHaveLength(1);
  });

  it('stops when the server ignores the cursor instead of looping', async () => {
    const items = await collect(paginate(client, 'stuck', { limit: 10 }));
    expect(ids(items)).toEqual(newestFirst.slice(0, 10));
    expect(server.requests).toHaveLength(2);
    // Also when it ignores the cursor the caller started from.
    expect(await collect(paginate(client, 'stuck', { untilId: 'n0100', limit: 10 }))).toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it('fails clearly on an item without an id, and on a bad max', async () => {
    await expect(collect(paginate(client, 'no-id'))).rejects.toThrow(/no-id returned an item without a string id/);
    await expect(collect(paginate(client, 'notes/timeline', {}, { max: -1 }))).rejects.toThrow(RangeError);
  });
});
