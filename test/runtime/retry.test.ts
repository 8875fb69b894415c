/**
 * Retry policies against a local server, with the reference package's `createClient` (so endpoint
 * safety comes from the real `endpointMeta`), built from the current sources. Waits are recorded
 * through an injected `sleep`, except in the one test that checks a real one-second Retry-After.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RetryEvent, RetryOptions } from '../../runtime/http/retry.js';
import { fromSources } from '../helpers/from-sources.js';
import { startServer, type Reply, type TestServer } from '../helpers/http-server.js';

// One package, so its error classes are the ones its client throws.
const { createClient, retries, AbortError, ApiError, NetworkError, UnexpectedResponseError, mayChangeState, retryPolicy } =
  await fromSources<typeof import('../../generated/misskey-2026.7.0/index.js')>('index.ts');

const TOKEN = 'tok3nRETRYsecret0123456789abcdef';
const NOTE = { id: 'n1', text: 'hi' };
const serverError: Reply = { status: 500, body: { error: { code: 'INTERNAL_ERROR', id: 'e', message: 'Internal error occurred.', kind: 'server' } } };
const rateLimited = (headers: Record<string, string>, info?: object): Reply => ({
  status: 429,
  headers,
  body: { error: { code: 'RATE_LIMIT_EXCEEDED', id: 'r', message: 'Rate limit exceeded.', kind: 'client', info } },
});

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

/** Answers the n-th request to `endpoint` with replies[n], repeating the last one. */
function script(endpoint: string, ...replies: Reply[]): void {
  let n = 0;
  server.route(`/api/${endpoint}`, () => replies[Math.min(n++, replies.length - 1)]!);
}

/** A client whose policy records its retries and waits instead of sleeping. */
function setup(options: RetryOptions = {}) {
  const events: RetryEvent[] = [];
  const waits: number[] = [];
  const policy = retries({
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
    onRetry: (e) => void events.push(e),
    ...options,
  });
  const client = createClient({ origin: server.origin, token: TOKEN, retry: policy, timeoutMs: 5_000 });
  return { client, policy, events, waits };
}

const count = (endpoint: string) => server.requests.filter((r) => r.path === `/api/${endpoint}`).length;

describe('429', () => {
  it('Retry-After: 1 is retried once, after about a second (real timers)', async () => {
    script('notes/create', rateLimited({ 'retry-after': '1' }), { body: { createdNote: NOTE } });
    const events: RetryEvent[] = [];
    const client = createClient({ origin: server.origin, token: TOKEN, retry: retries({ onRetry: (e) => void events.push(e) }) });
    const started = performance.now();
    // A write: a 429 is refused before the endpoint runs, so retrying it cannot do anything twice.
    expect(await client.request('notes/create', { text: 'hi' })).toEqual({ createdNote: NOTE });
    const elapsed = performance.now() - started;
    expect(count('notes/create')).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(15_000);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ endpoint: 'notes/create', attempt: 1, reason: 'rate-limit' });
    expect(events[0]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(events[0]!.delayMs).toBeLessThanOrEqual(1100);
    expect(events[0]!.error).toBeInstanceOf(ApiError);
  });

  it('waits for info.resetMs when there is no Retry-After (epoch ms, or a duration as some forks send)', async () => {
    const now = 1_800_000_000_000;
    script('notes/show', rateLimited({}, { resetMs: now + 3_000 }), rateLimited({}, { resetMs: 2_500 }), { body: NOTE });
    const { client, waits } = setup({ now: () => now, random: () => 0 });
    await client.request('notes/show', { noteId: 'n1' });
    expect(waits).toEqual([3_000, 2_500]);
  });

  it('a wait longer than maxWaitMs fails at once, with the server hint on the error', async () => {
    script('notes/show', rateLimited({ 'retry-after': '3600' }), { body: NOTE });
    const { client, events } = setup();
    const error = await client.request('notes/show', { noteId: 'n1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(events).toHaveLength(0);
    expect(count('notes/show')).toBe(1);
  });

  it('without any hint, backs off', async () => {
    script('notes/create', rateLimited({}), { body: { createdNote: NOTE } });
    const { client, waits } = setup({ backoffMs: 200 });
    await client.request('notes/create', { text: 'x' });
    expect(waits).toEqual([100]); // 0.5 × 200
  });
});

describe('5xx, network errors and timeouts: reads only, unless the caller opts in', () => {
  it('a 500 on notes/create (a write) is not retried by default', async () => {
    script('notes/create', serverError, { body: { createdNote: NOTE } });
    const { client, events } = setup();
    await expect(client.request('notes/create', { text: 'x' })).rejects.toMatchObject({ name: 'ApiError', status: 500 });
    expect(count('notes/create')).toBe(1);
    expect(events).toHaveLength(0);
  });

  it('a 500 on notes/show (no credential) is retried', async () => {
    script('notes/show', serverError, { body: NOTE });
    const { client, events } = setup();
    expect(await client.request('notes/show', { noteId: 'n1' })).toEqual(NOTE);
    expect(count('notes/show')).toBe(2);
    expect(events.map((e) => [e.attempt, e.reason])).toEqual([[1, 'server']]);
  });

  it('a read: permission counts as a read; a proxy 502 page counts as a 5xx', async () => {
    script('i/notifications', { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad Gateway</h1>' }, { body: [] });
    const { client, events } = setup();
    expect(await client.request('i/notifications', {})).toEqual([]);
    expect(events[0]?.error).toBeInstanceOf(UnexpectedResponseError);
  });

  it('a reset connection is retried for a read, not for a write', async () => {
    script('notes/show', 'reset', { body: NOTE });
    script('notes/create', 'reset', { body: { createdNote: NOTE } });
    const { client, events } = setup();
    expect(await client.request('notes/show', { noteId: 'n1' })).toEqual(NOTE);
    expect(events.map((e) => e.reason)).toEqual(['network']);
    await expect(client.request('notes/create', { text: 'x' })).rejects.toBeInstanceOf(NetworkError);
    expect(count('notes/create')).toBe(1);
  });

  it('a timed-out read is retried', async () => {
    script('notes/show', 'hang', { body: NOTE });
    const { policy, events } = setup();
    const client = createClient({ origin: server.origin, token: TOKEN, retry: policy, timeoutMs: 300 });
    expect(await client.request('notes/show', { noteId: 'n1' })).toEqual(NOTE);
    expect(events.map((e) => e.reason)).toEqual(['timeout']);
  });

  it('retryWrites: true, or a list of endpoints, opts writes in', async () => {
    script('notes/create', serverError, { body: { createdNote: NOTE } });
    await setup({ retryWrites: true }).client.request('notes/create', { text: 'x' });
    expect(count('notes/create')).toBe(2);

    script('notes/create', serverError, { body: { createdNote: NOTE } });
    script('notes/delete', serverError, { status: 204 });
    const { client } = setup({ retryWrites: ['notes/create'] });
    await client.request('notes/create', { text: 'x' });
    await expect(client.request('notes/delete', { noteId: 'n1' })).rejects.toBeInstanceOf(ApiError);
    expect(count('notes/create')).toBe(4);
    expect(count('notes/delete')).toBe(1);
  });

  it('client errors are never retried', async () => {
    script('notes/show', { status: 400, body: { error: { code: 'NO_SUCH_NOTE', id: 'x', message: 'No such note.' } } });
    const { client, events } = setup();
    await expect(client.request('notes/show', { noteId: 'nope' })).rejects.toMatchObject({ code: 'NO_SUCH_NOTE' });
    expect(events).toHaveLength(0);
    expect(count('notes/show')).toBe(1);
  });
});

describe('limits', () => {
  it('gives up after `limit` retries with the last error; backoff doubles, jittered, capped', async () => {
    script('notes/show', serverError);
    const { client, events, waits } = setup({ limit: 3, backoffMs: 100, maxBackoffMs: 300 });
    await expect(client.request('notes/show', { noteId: 'n1' })).rejects.toMatchObject({ status: 500 });
    expect(count('notes/show')).toBe(4);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(waits).toEqual([50, 100, 150]); // 0.5 × min(300, 100·2^n)
  });

  it('one budget per policy: spent by retries, earned back by successes', async () => {
    script('notes/show', serverError);
    script('meta', { body: { version: '2026.7.0' } });
    const { client, events } = setup({ limit: 5, budget: 2 });
    await expect(client.request('notes/show', { noteId: 'n1' })).rejects.toBeInstanceOf(ApiError);
    expect(count('notes/show')).toBe(3); // 2 retries: the budget
    await expect(client.request('notes/show', { noteId: 'n1' })).rejects.toBeInstanceOf(ApiError);
    expect(count('notes/show')).toBe(4); // none left
    for (let i = 0; i < 10; i++) await client.request('meta');
    await expect(client.request('notes/show', { noteId: 'n1' })).rejects.toBeInstanceOf(ApiError);
    expect(count('notes/show')).toBe(6); // ten successes earned one retry back
    expect(events).toHaveLength(3);
  });

  it('aborting during a wait ends the call at once with AbortError, without another request', async () => {
    script('notes/show', rateLimited({ 'retry-after': '30' }), { body: NOTE });
    const controller = new AbortController();
    const client = createClient({
      origin: server.origin,
      token: TOKEN,
      retry: retries({ onRetry: () => queueMicrotask(() => controller.abort()) }),
    });
    const started = performance.now();
    await expect(client.request('notes/show', { noteId: 'n1' }, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(count('notes/show')).toBe(1);
  });

  it('an onRetry hook that throws ends the call with its error', async () => {
    script('notes/show', serverError, { body: NOTE });
    const stop = new Error('stop');
    const { client } = setup({
      onRetry: () => {
        throw stop;
      },
    });
    await expect(client.request('notes/show', { noteId: 'n1' })).rejects.toBe(stop);
    expect(count('notes/show')).toBe(1);
  });

  it('without the server rules (the bare runtime policy), only 429s are retried', async () => {
    script('notes/show', serverError, { body: NOTE });
    const events: RetryEvent[] = [];
    const client = createClient({ origin: server.origin, retry: retryPolicy({ sleep: async () => {}, onRetry: (e) => void events.push(e) }) });
    await expect(client.request('notes/show', { noteId: 'n1' })).rejects.toBeInstanceOf(ApiError);
    script('notes/show', rateLimited({ 'retry-after': '0' }), { body: NOTE });
    await client.request('notes/show', { noteId: 'n1' });
    expect(events.map((e) => e.reason)).toEqual(['rate-limit']);
  });

  it('without a policy, nothing is retried', async () => {
    script('notes/show', serverError, { body: NOTE });
    const client = createClient({ origin: server.origin, token: TOKEN });
    await expect(client.request('notes/show', { noteId: 'n1' })).rejects.toBeInstanceOf(ApiError);
    expect(count('notes/show')).toBe(1);
  });
});

describe('the policy as data', () => {
  it('exposes its settings, frozen, with defaults', () => {
    const policy = retryPolicy({ retryWrites: ['notes/create'] });
    expect(policy).toMatchObject({ limit: 2, budget: 10, maxWaitMs: 60_000, backoffMs: 500, maxBackoffMs: 10_000, retryWrites: ['notes/create'] });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.retryWrites)).toBe(true);
    expect(retryPolicy().retryWrites).toBe(false);
  });

  it('rejects nonsense settings', () => {
    for (const bad of [{ limit: -1 }, { budget: Number.NaN }, { maxWaitMs: Infinity }, { backoffMs: '5' as unknown as number }]) {
      expect(() => retryPolicy(bad)).toThrow(RangeError);
    }
  });

  it('mayChangeState: only no-credential and read: endpoints are known reads', () => {
    expect(mayChangeState({ credential: false, permission: null, internal: false })).toBe(false);
    expect(mayChangeState({ credential: true, permission: 'read:account', internal: false })).toBe(false);
    expect(mayChangeState({ credential: true, permission: 'write:notes', internal: false })).toBe(true);
    expect(mayChangeState({ credential: true, permission: null, internal: true })).toBe(true);
    expect(mayChangeState(undefined)).toBe(true);
  });
});
