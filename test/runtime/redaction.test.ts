import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMisskeyClient } from '../../runtime/http/client.js';
import {
  AbortError,
  ApiError,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
  redact,
  scrub,
} from '../../runtime/http/errors.js';
import { closedPort, startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

const TOKEN = 'tok3nSECRETvalue0123456789abcdef';

/** Every place a token could hide in an error: message, stack, cause chain, own properties, inspect(), JSON. */
function leaks(e: unknown): string[] {
  const found: string[] = [];
  const check = (where: string, text: string | undefined) => {
    if (text?.includes(TOKEN)) found.push(where);
  };
  const err = e as Error;
  check('message', err.message);
  check('stack', err.stack);
  check('String()', String(e));
  check('inspect', inspect(e, { showHidden: true, depth: 20 }));
  check('JSON', JSON.stringify(e));
  for (const key of Object.getOwnPropertyNames(e)) {
    const value = (e as Record<string, unknown>)[key];
    check(`own property ${key}`, typeof value === 'string' ? value : inspect(value, { showHidden: true, depth: 20 }));
  }
  let cause: unknown = err.cause;
  for (let i = 0; cause !== undefined && i < 10; i++) {
    if (cause instanceof Error) {
      check(`cause[${i}].message`, cause.message);
      check(`cause[${i}].stack`, cause.stack);
      cause = cause.cause;
    } else {
      check(`cause[${i}]`, inspect(cause));
      break;
    }
  }
  return found;
}

const echo = (s: string) => `${s} ${TOKEN} ${s}`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/api/api-error': {
      status: 400,
      body: {
        error: {
          message: echo('bad token'),
          code: `CODE_${TOKEN}`,
          id: TOKEN,
          kind: echo('client'),
          info: { param: TOKEN, nested: [{ deep: echo('x') }], [TOKEN]: 1 },
        },
      },
    },
    '/api/rate': {
      status: 429,
      headers: { 'retry-after': '1' },
      body: {
        error: { message: echo('slow down'), code: 'RATE_LIMIT_EXCEEDED', id: 'x', kind: 'client', info: { i: TOKEN } },
      },
    },
    '/api/framework': {
      status: 400,
      body: { statusCode: 400, code: `FST_${TOKEN}`, error: 'Bad Request', message: echo('Body') },
    },
    '/api/html': { status: 502, headers: { 'content-type': 'text/html' }, body: `<html>${echo('proxy')}</html>` },
    '/api/invalid': { status: 500, headers: { 'content-type': 'application/json' }, body: `{"i": "${TOKEN}", ` },
    '/api/ok-html': { status: 200, headers: { 'content-type': 'text/html' }, body: echo('<p>') },
    '/api/redirect': { status: 302, headers: { location: `https://evil.example/?i=${TOKEN}` } },
    '/api/hang': 'hang',
  });
});
afterAll(() => server.close());

describe('the token never leaks into an error', () => {
  it('the leak detector itself finds a token', () => {
    expect(leaks(new Error(TOKEN))).toContain('message');
    expect(leaks(new Error('x', { cause: new Error(TOKEN) }))).toContain('cause[0].message');
    expect(leaks(Object.assign(new Error('x'), { url: TOKEN }))).toContain('own property url');
  });

  for (const credential of ['body', 'header'] as const) {
    it(`server responses that echo the token (credential: ${credential})`, async () => {
      const client = createMisskeyClient({ origin: server.origin, token: TOKEN, credential });
      const cases: [string, new (...a: never[]) => Error][] = [
        ['api-error', ApiError],
        ['rate', ApiError],
        ['framework', UnexpectedResponseError],
        ['html', UnexpectedResponseError],
        ['invalid', UnexpectedResponseError],
        ['ok-html', UnexpectedResponseError],
        ['redirect', UnexpectedResponseError],
      ];
      for (const [endpoint, type] of cases) {
        const e = await client.call(endpoint, {}).catch((x: unknown) => x);
        expect(e, endpoint).toBeInstanceOf(type);
        expect(leaks(e), endpoint).toEqual([]);
        expect(JSON.stringify(server.requests.at(-1)?.headers) + server.requests.at(-1)?.rawBody.toString()).toContain(
          TOKEN,
        );
      }
    });
  }

  it('redacts in place, keeping the rest of what the server said', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    const e = (await client.call('api-error', {}).catch((x: unknown) => x)) as ApiError;
    expect(e.serverMessage).toBe('bad token [redacted] bad token');
    expect(e.info).toEqual({ param: '[redacted]', nested: [{ deep: 'x [redacted] x' }], '[redacted]': 1 });
    const html = (await client.call('html', {}).catch((x: unknown) => x)) as UnexpectedResponseError;
    expect(html.excerpt).toBe('<html>proxy [redacted] proxy</html>');
  });

  it('a fetch that rejects with the token in message, stack, own properties and nested causes', async () => {
    const inner = Object.assign(new Error(`connect failed for ${TOKEN}`), {
      code: 'ECONNRESET',
      url: `https://x/?i=${TOKEN}`,
    });
    const aggregate = new AggregateError([new Error(echo('a')), new Error('b')], echo('many'));
    const outer = new TypeError(`fetch failed ${TOKEN}`, { cause: inner });
    Object.assign(inner, { cause: aggregate });
    const client = createMisskeyClient({
      origin: 'https://misskey.example',
      token: TOKEN,
      fetch: () => Promise.reject(outer),
    });
    const e = (await client.call('meta', {}).catch((x: unknown) => x)) as NetworkError;
    expect(e).toBeInstanceOf(NetworkError);
    expect(leaks(outer).length).toBeGreaterThan(0);
    expect(leaks(e)).toEqual([]);
    // The sanitized cause keeps what is useful for debugging.
    const cause = e.cause as Error & { cause: Error & { code: string } };
    expect(cause.name).toBe('TypeError');
    expect(cause.message).toBe('fetch failed [redacted]');
    expect(cause.cause.code).toBe('ECONNRESET');
    expect(e.message).toBe('meta failed: fetch failed [redacted]: connect failed for [redacted]: many [redacted] many');
  });

  it('a fetch that throws a non-Error containing the token', async () => {
    const client = createMisskeyClient({
      origin: 'https://misskey.example',
      token: TOKEN,
      fetch: () => Promise.reject(echo('raw')),
    });
    const e = await client.call('meta', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect(leaks(e)).toEqual([]);
  });

  it('network, timeout and abort errors from a real connection', async () => {
    const port = await closedPort();
    const refused = await createMisskeyClient({ origin: `http://127.0.0.1:${port}`, token: TOKEN })
      .call('meta', {})
      .catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(NetworkError);
    expect(leaks(refused)).toEqual([]);

    const client = createMisskeyClient({ origin: server.origin, token: TOKEN, timeoutMs: 100 });
    const timeout = await client.call('hang', {}).catch((x: unknown) => x);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(leaks(timeout)).toEqual([]);

    const controller = new AbortController();
    const pending = client.call('hang', {}, { signal: controller.signal, timeoutMs: 0 }).catch((x: unknown) => x);
    await server.nextRequest();
    controller.abort(new Error(echo('cancelled')));
    const aborted = await pending;
    expect(aborted).toBeInstanceOf(AbortError);
    expect(leaks(aborted)).toEqual([]);
    expect(((aborted as Error).cause as Error).message).toBe('cancelled [redacted] cancelled');
  });
});

describe('redact / scrub', () => {
  it('redact replaces every occurrence; an empty or missing secret changes nothing', () => {
    expect(redact(`a${TOKEN}b${TOKEN}`, TOKEN)).toBe('a[redacted]b[redacted]');
    expect(redact('abc', '')).toBe('abc');
    expect(redact('abc', undefined)).toBe('abc');
  });

  it('scrub copies plain data deeply, drops class instances, and leaves values alone without a secret', () => {
    const data = { a: [TOKEN, 1, null, true], b: { c: `x${TOKEN}` } };
    expect(scrub(data, TOKEN)).toEqual({ a: ['[redacted]', 1, null, true], b: { c: 'x[redacted]' } });
    expect(scrub(data, undefined)).toBe(data);
    expect(scrub({ when: new Date(0) }, TOKEN)).toEqual({ when: undefined });
    const cyclic: Record<string, unknown> = { s: TOKEN };
    cyclic['self'] = cyclic;
    expect(JSON.stringify(scrub(cyclic, TOKEN), (_, v: unknown) => v ?? null)).not.toContain(TOKEN);
  });
});
