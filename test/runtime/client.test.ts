import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMisskeyClient } from '../../runtime/http/client.js';
import type { Transport } from '../../runtime/http/client.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

const TOKEN = 'tok3nSECRETvalue0123456789abcdef';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/api/notes/create': { status: 200, body: { createdNote: { id: 'n1', text: 'hi' } } },
    '/api/meta': { status: 200, body: { version: '2026.7.0' } },
    '/api/i/read-all': { status: 204 },
    '/api/admin/abuse-report/notification-recipient/create': { status: 200, body: { id: 'r1' } },
  });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  vi.unstubAllGlobals();
});

describe('request shape', () => {
  it('POSTs JSON to {origin}/api/{name} with the token as `i`', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    const result = await client.call('notes/create', { text: 'hi', visibility: 'home' });
    expect(result).toEqual({ createdNote: { id: 'n1', text: 'hi' } });
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/api/notes/create');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['authorization']).toBeUndefined();
    expect(req?.json).toEqual({ text: 'hi', visibility: 'home', i: TOKEN });
  });

  it('sends {} when there are no params and no token', async () => {
    const client = createMisskeyClient({ origin: server.origin });
    expect(await client.call('meta', undefined)).toEqual({ version: '2026.7.0' });
    expect(server.requests[0]?.rawBody.toString()).toBe('{}');
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends {"i": token} when there are no params', async () => {
    await createMisskeyClient({ origin: server.origin, token: TOKEN }).call('meta', undefined);
    expect(server.requests[0]?.json).toEqual({ i: TOKEN });
  });

  it("bearer mode: exact 'Authorization: Bearer TOKEN' header, no `i` in the body", async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN, credential: 'header' });
    await client.call('meta', {});
    const [req] = server.requests;
    expect(req?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(req?.rawBody.toString()).toBe('{}');
  });

  it('keeps slashes and dashes of the endpoint name in the path', async () => {
    const client = createMisskeyClient({ origin: server.origin });
    await client.call('admin/abuse-report/notification-recipient/create', { name: 'x' });
    expect(server.requests[0]?.path).toBe('/api/admin/abuse-report/notification-recipient/create');
  });

  it('ignores the path and trailing slash of origin (string or URL)', async () => {
    const a = createMisskeyClient({ origin: `${server.origin}/` });
    const b = createMisskeyClient({ origin: new URL(`${server.origin}/api-doc`) });
    expect(a.origin).toBe(server.origin);
    expect(b.origin).toBe(server.origin);
    await a.call('meta', undefined);
    await b.call('meta', undefined);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/meta', '/api/meta']);
  });

  it('sends custom headers, but not over content-type or the credential', async () => {
    const client = createMisskeyClient({
      origin: server.origin,
      token: TOKEN,
      credential: 'header',
      headers: { 'user-agent': 'my-bot/1.0', 'Content-Type': 'text/plain', Authorization: 'Bearer other' },
    });
    await client.call('meta', {});
    const [req] = server.requests;
    expect(req?.headers['user-agent']).toBe('my-bot/1.0');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('204 → undefined', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    await expect(client.call('i/read-all', {})).resolves.toBeUndefined();
  });

  it('returns a success body unchanged even when it contains the token (e.g. a token-issuing endpoint)', async () => {
    server.route('/api/miauth/s1/check', { body: { ok: true, token: TOKEN } });
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    expect(await client.call('miauth/s1/check', undefined)).toEqual({ ok: true, token: TOKEN });
  });
});

describe('request()', () => {
  type Endpoints = {
    'notes/create': { params: { text: string }; result: { createdNote: { id: string } }; errors: 'NO_SUCH_NOTE' };
    meta: { params: { detail?: boolean }; result: { version: string }; errors: never };
  };

  it('dispatches exactly like call()', async () => {
    const client = createMisskeyClient<Endpoints>({ origin: server.origin, token: TOKEN });
    const viaRequest = await client.request('notes/create', { text: 'x' });
    const viaCall = await client.call('notes/create', { text: 'x' });
    expect(viaRequest).toEqual(viaCall);
    expect(viaRequest.createdNote.id).toBe('n1');
    const [a, b] = server.requests;
    expect(a?.path).toBe(b?.path);
    expect(a?.rawBody.toString()).toBe(b?.rawBody.toString());
    expect(a?.headers['content-type']).toBe(b?.headers['content-type']);
    expect((await client.request('meta')).version).toBe('2026.7.0');
  });

  it('passes call options through', async () => {
    const client = createMisskeyClient<Endpoints>({ origin: server.origin });
    await expect(client.request('meta', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('is a Transport that generated functions can use', async () => {
    const notesCreate = (c: Transport, p: { text: string }) => c.call('notes/create', p) as Promise<unknown>;
    expect(await notesCreate(createMisskeyClient({ origin: server.origin }), { text: 'x' })).toMatchObject({
      createdNote: {},
    });
  });
});

describe('options', () => {
  it('rejects a non-string token without showing it', () => {
    const bad = { origin: server.origin, token: 987654321 as unknown as string };
    expect(() => createMisskeyClient(bad)).toThrow(TypeError);
    expect(() => createMisskeyClient(bad)).toThrow(/token must be a string/);
    try {
      createMisskeyClient(bad);
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('987654321');
    }
  });

  it('rejects a token that cannot go in a header, without showing it', () => {
    const bad = `${TOKEN}\nX-Evil: 1`;
    let error: unknown;
    try {
      createMisskeyClient({ origin: server.origin, token: bad, credential: 'header' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(inspect(error)).not.toContain(TOKEN);
  });

  it('rejects non-http origins and bad credential / timeout values', () => {
    expect(() => createMisskeyClient({ origin: 'ftp://example.com' })).toThrow(TypeError);
    expect(() => createMisskeyClient({ origin: 'not a url' })).toThrow(TypeError);
    expect(() => createMisskeyClient({ origin: server.origin, credential: 'query' as 'body' })).toThrow(TypeError);
    expect(() => createMisskeyClient({ origin: server.origin, timeoutMs: -1 })).toThrow(RangeError);
    expect(() => createMisskeyClient({ origin: server.origin, timeoutMs: Number.NaN })).toThrow(RangeError);
  });

  it("refuses params that contain `i` (the client's token is the only credential)", async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    await expect(client.call('meta', { i: 12345 })).rejects.toThrow(TypeError);
    await expect(client.call('meta', { i: 'other-token' })).rejects.toThrow(/must not contain 'i'/);
    expect(server.requests).toHaveLength(0);
    // An `i: undefined` left over from spreading is harmless and dropped.
    await client.call('meta', { i: undefined });
    expect(server.requests[0]?.json).toEqual({ i: TOKEN });
  });

  it('looks up the global fetch at call time, not at construction', async () => {
    const client = createMisskeyClient({ origin: 'https://misskey.example' });
    const fake = vi.fn(
      async () => new Response('{"ok":1}', { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fake);
    expect(await client.call('meta', undefined)).toEqual({ ok: 1 });
    expect(fake).toHaveBeenCalledOnce();
    expect(fake.mock.calls[0]).toEqual([
      'https://misskey.example/api/meta',
      expect.objectContaining({ method: 'POST' }),
    ]);
  });

  it('calls an injected fetch unbound (browser fetch throws "Illegal invocation" otherwise)', async () => {
    let self: unknown = 'not called';
    const fetchFn = function (this: unknown) {
      self = this;
      return Promise.resolve(new Response(null, { status: 204 }));
    } as unknown as typeof fetch;
    await createMisskeyClient({ origin: 'https://misskey.example', fetch: fetchFn }).call('i/read-all', {});
    expect(self).toBeUndefined();
  });

  it('keeps the token out of console.log(client)', () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN, credential: 'header' });
    expect(inspect(client, { showHidden: true, depth: 10 })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
    expect(Object.keys(client)).toEqual(['origin', 'permissions', 'call', 'request']); // the token lives in a closure
  });
});
