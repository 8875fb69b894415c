import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMisskeyClient, type MisskeyClient } from '../../runtime/http/client.js';
import { ApiError, MisskeyError, UnexpectedResponseError, isApiError } from '../../runtime/http/errors.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

const TOKEN = 'tok3nSECRETvalue0123456789abcdef';

let server: TestServer;
let client: MisskeyClient;
beforeAll(async () => {
  server = await startServer();
  client = createMisskeyClient({ origin: server.origin, token: TOKEN });
});
afterAll(() => server.close());

async function failure(endpoint: string): Promise<unknown> {
  return client.call(endpoint, { x: 1 }).then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
}

describe('ApiError', () => {
  it('carries every field of a Misskey error, the real status and the endpoint', async () => {
    server.route('/api/notes/create', {
      status: 400,
      headers: { 'www-authenticate': 'Bearer error="invalid_request"' },
      body: {
        error: {
          message: 'No such note.',
          code: 'NO_SUCH_NOTE',
          id: '490be23f-8c1f-4796-819f-94cb4f9d1630',
          kind: 'client',
          info: { param: '#/properties/renoteId' },
        },
      },
    });
    const e = await failure('notes/create');
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toBeInstanceOf(MisskeyError);
    expect(e).toBeInstanceOf(Error);
    expect(isApiError(e)).toBe(true);
    const err = e as ApiError;
    expect(err).toMatchObject({
      name: 'ApiError',
      code: 'NO_SUCH_NOTE',
      id: '490be23f-8c1f-4796-819f-94cb4f9d1630',
      kind: 'client',
      info: { param: '#/properties/renoteId' },
      status: 400,
      endpoint: 'notes/create',
      serverMessage: 'No such note.',
      retryAfterMs: undefined,
    });
    expect(err.message).toBe('notes/create failed: NO_SUCH_NOTE (400) — No such note.');
  });

  it('keeps the real status: NO_SUCH_USER (listed under 400 in the spec) arrives as 404', async () => {
    server.route('/api/users/show', {
      status: 404,
      body: {
        error: {
          message: 'No such user.',
          code: 'NO_SUCH_USER',
          id: '4362f8dc-731f-4ad8-a694-be5a88922a24',
          kind: 'client',
        },
      },
    });
    const e = (await failure('users/show')) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('NO_SUCH_USER');
    expect(e.status).toBe(404);
    expect(e.message).toBe('users/show failed: NO_SUCH_USER (404) — No such user.');
  });

  it('429: retryAfterMs from Retry-After seconds, and the rate-limit info', async () => {
    const info = { remaining: 0, reset: 12, resetMs: 1767225600000, total: 10 };
    server.route('/api/notifications/test-notification', {
      status: 429,
      headers: { 'retry-after': '12' },
      body: {
        error: {
          message: 'Rate limit exceeded.',
          code: 'RATE_LIMIT_EXCEEDED',
          id: 'd5826d14-3982-4d2e-8011-b9e9f02499ef',
          kind: 'client',
          info,
        },
      },
    });
    const e = (await failure('notifications/test-notification')) as ApiError;
    expect(e.status).toBe(429);
    expect(e.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(e.retryAfterMs).toBe(12_000);
    expect(e.info).toEqual(info);
  });

  it('401, 403 and 500 with their kinds; a missing kind is inferred from the status', async () => {
    server.route('/api/i', {
      status: 401,
      body: {
        error: { message: 'Authentication failed.', code: 'AUTHENTICATION_FAILED', id: 'b0a7f5f8', kind: 'client' },
      },
    });
    server.route('/api/admin/meta', {
      status: 403,
      body: { error: { message: 'denied', code: 'PERMISSION_DENIED', id: '1370e5b7', kind: 'permission' } },
    });
    server.route('/api/boom', {
      status: 500,
      body: { error: { message: 'Internal error occurred.', code: 'INTERNAL_ERROR', id: '5d37dbcb' } },
    });
    expect(await failure('i')).toMatchObject({
      status: 401,
      code: 'AUTHENTICATION_FAILED',
      kind: 'client',
      retryAfterMs: undefined,
    });
    expect(await failure('admin/meta')).toMatchObject({ status: 403, code: 'PERMISSION_DENIED', kind: 'permission' });
    expect(await failure('boom')).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      kind: 'server',
      info: undefined,
    });
  });

  it('ignores Retry-After on statuses other than 429', async () => {
    server.route('/api/x503', {
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: { code: 'INTERNAL_ERROR', id: 'x', message: 'm', kind: 'server' } },
    });
    expect(await failure('x503')).toMatchObject({ status: 503, retryAfterMs: undefined });
  });
});

describe('UnexpectedResponseError', () => {
  const expectUnexpected = async (endpoint: string, fields: Partial<UnexpectedResponseError>) => {
    const e = await failure(endpoint);
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect(e).toBeInstanceOf(MisskeyError);
    expect(isApiError(e)).toBe(false);
    expect(e).toMatchObject({ name: 'UnexpectedResponseError', endpoint, ...fields });
    const message = (e as Error).message;
    expect(message).toContain(endpoint);
    expect(message).toContain(String(fields.status));
    expect(message).toContain(String(fields.reason));
    return e as UnexpectedResponseError;
  };

  it("framework 404 for an unknown endpoint → 'not-misskey-error'", async () => {
    // No route registered: the helper answers like Fastify does.
    const e = await expectUnexpected('no/such/endpoint', {
      status: 404,
      reason: 'not-misskey-error',
      frameworkCode: undefined,
      contentType: 'application/json; charset=utf-8',
    });
    expect(e.excerpt).toBe(
      '{"message":"Route POST:/api/no/such/endpoint not found","error":"Not Found","statusCode":404}',
    );
    expect(e.message).toContain('Route POST:/api/no/such/endpoint not found');
  });

  it("flat framework 400 with a `code` → 'not-misskey-error' with frameworkCode", async () => {
    server.route('/api/flat', {
      status: 400,
      body: {
        statusCode: 400,
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
        error: 'Bad Request',
        message: "Body is not valid JSON but content-type is set to 'application/json'",
      },
    });
    const e = await expectUnexpected('flat', {
      status: 400,
      reason: 'not-misskey-error',
      frameworkCode: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(e.message).toContain('FST_ERR_CTP_INVALID_JSON_BODY');
    expect(isApiError(e)).toBe(false);
  });

  it('`error` that is an object without a string code is not a Misskey error', async () => {
    server.route('/api/half', { status: 400, body: { error: { message: 'no code here' } } });
    await expectUnexpected('half', { status: 400, reason: 'not-misskey-error' });
  });

  it("empty error body → 'empty-body'", async () => {
    server.route('/api/empty', { status: 400 });
    await expectUnexpected('empty', { status: 400, reason: 'empty-body', excerpt: '', contentType: undefined });
  });

  it("proxy HTML 502 → 'non-json' with an excerpt of at most 200 chars", async () => {
    const html = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(500)}</body></html>`;
    server.route('/api/proxy', { status: 502, headers: { 'content-type': 'text/html' }, body: html });
    const e = await expectUnexpected('proxy', { status: 502, reason: 'non-json', contentType: 'text/html' });
    expect(e.excerpt).toBe(html.slice(0, 200));
    expect(e.message).toContain('text/html');
  });

  it("broken JSON with a JSON content-type → 'invalid-json'", async () => {
    server.route('/api/broken', {
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"error": {"code": ',
    });
    await expectUnexpected('broken', { status: 500, reason: 'invalid-json', excerpt: '{"error": {"code": ' });
  });

  it("2xx with an empty body → 'empty-body'", async () => {
    server.route('/api/ok-empty', { status: 200 });
    await expectUnexpected('ok-empty', { status: 200, reason: 'empty-body' });
  });

  it("2xx with HTML → 'non-json'", async () => {
    server.route('/api/ok-html', {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><p>hi',
    });
    await expectUnexpected('ok-html', { status: 200, reason: 'non-json', contentType: 'text/html; charset=utf-8' });
  });

  it('2xx with broken JSON → invalid-json', async () => {
    server.route('/api/ok-broken', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"a":' });
    await expectUnexpected('ok-broken', { status: 200, reason: 'invalid-json' });
  });

  it('does not follow redirects (POST would become GET, or the token would go to another origin)', async () => {
    server.route('/api/moved', { status: 301, headers: { location: 'https://elsewhere.example/api/moved' } });
    const e = await expectUnexpected('moved', { status: 301, reason: 'empty-body' });
    expect(e.message).toContain('redirected to https://elsewhere.example/api/moved');
    expect(server.requests.filter((r) => r.path === '/api/moved')).toHaveLength(1);
  });
});

describe('isApiError', () => {
  it('recognises an ApiError from another copy of the runtime by shape', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ApiError', code: 'NO_SUCH_NOTE', status: 400 });
    expect(isApiError(foreign)).toBe(true);
    expect(isApiError(new Error('x'))).toBe(false);
    expect(isApiError({ name: 'ApiError', code: 'X' })).toBe(false);
    expect(isApiError(undefined)).toBe(false);
  });
});
