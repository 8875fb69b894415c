/**
 * The escape hatch for endpoints the spec omits (`signin`, `signup`, a fork's own):
 * `requestUnlisted<Result, Params>(client, name, params?, options?)`. Its types (a compiled fixture
 * with `@ts-expect-error` lines, both TypeScript lines and both module resolutions) and its
 * behaviour against a local server: same transport, credential, errors and redaction as any call.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromSources } from '../helpers/from-sources.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { tempDir } from '../helpers/generate.js';
import { ROOT } from '../helpers/specs.js';
import { compile, type Compiler, type Resolution } from '../helpers/tsc.js';

const { ApiError, createClient, createValidator, requestUnlisted, retryPolicy, UnexpectedResponseError } =
  await fromSources<typeof import('../../generated/misskey-2026.7.0/index.js')>('index.ts');
type ApiError = InstanceType<typeof ApiError>;
const { resultSchemas } = await fromSources<typeof import('../../generated/misskey-2026.7.0/validation.js')>('validation.ts');

const TOKEN = 'tok-unlisted-SECRET-000111';
let server: TestServer;
let flaky = 0;
beforeAll(async () => {
  server = await startServer({
    '/api/signin': (req) => ({ body: { id: 'u1', i: 'session-token', echo: req.json } }),
    '/api/fork/thing': {
      status: 400,
      body: { error: { message: `bad ${TOKEN}`, code: 'FORK_ERROR', id: '00000000-0000-0000-0000-000000000000', kind: 'client' } },
    },
    '/api/fork/void': { status: 204 },
    '/api/fork/flaky': () => (flaky++ === 0 ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'slow down', id: 'd5826d14-3982-4d2e-8011-b9e9f02499ef', kind: 'client' } } } : { body: { ok: true } }),
  });
});
afterAll(() => server.close());

describe('requestUnlisted against a local server', () => {
  it('POSTs to /api/{name} with the params and the token in `i`, and returns the body as the caller typed it', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    const session = await requestUnlisted<{ id: string; i: string }>(client, 'signin', { username: 'alice', password: 'pw' });
    expect(session).toMatchObject({ id: 'u1', i: 'session-token' });
    const req = server.requests.at(-1)!;
    expect(req.path).toBe('/api/signin');
    expect(req.json).toEqual({ username: 'alice', password: 'pw', i: TOKEN });
  });

  it('sends {} with no params and the header credential when the client is set so', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN, credential: 'header' });
    await requestUnlisted(client, 'signin');
    const req = server.requests.at(-1)!;
    expect(req.json).toEqual({});
    expect(req.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('turns errors into the same classes, token redacted; 204 into undefined', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    const error = await requestUnlisted(client, 'fork/thing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'FORK_ERROR', status: 400, endpoint: 'fork/thing' });
    expect(String(error) + JSON.stringify(error) + (error as ApiError).serverMessage).not.toContain(TOKEN);
    await expect(requestUnlisted(client, 'fork/void')).resolves.toBeUndefined();
    await expect(requestUnlisted(client, 'fork/missing')).rejects.toBeInstanceOf(UnexpectedResponseError);
  });

  it('goes through the client retry policy like any call', async () => {
    const client = createClient({ origin: server.origin, retry: retryPolicy({ limit: 1, sleep: async () => {} }) });
    await expect(requestUnlisted(client, 'fork/flaky')).resolves.toEqual({ ok: true });
    expect(flaky).toBe(2);
  });

  it('is not validated (the package has no schema for it), even with validation in throw mode', async () => {
    const client = createClient({ origin: server.origin, validate: createValidator(resultSchemas, { mode: 'throw' }) });
    await expect(requestUnlisted(client, 'signin')).resolves.toMatchObject({ id: 'u1' });
  });

  it('refuses names that are not plain endpoint paths, before sending', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    const before = server.requests.length;
    for (const bad of ['../admin', 'a/../b', '/signin', 'signin?x=1', 'a//b', '', 'notes create', 'x#y', 1 as unknown as string]) {
      await expect(requestUnlisted(client, bad), String(bad)).rejects.toThrow(TypeError);
    }
    await expect(requestUnlisted(client, 'signin', { i: 'other' })).rejects.toThrow(/must not contain 'i'/);
    expect(server.requests.length).toBe(before);
    await expect(requestUnlisted(client, 'miauth/0b3a7c8e-2f4d-4c1e-9a6b-1d2e3f4a5b6c/check')).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});

const dir = tempDir('mkcg-unlisted-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('requestUnlisted types', () => {
  it.each([
    ['tsc5', 'nodenext'],
    ['tsc7', 'bundler'],
  ] as [Compiler, Resolution][])('%s / %s: every expectation in unlisted.fixture.ts holds', async (compiler, resolution) => {
    const result = await compile(dir, { compiler, resolution, include: [join(ROOT, 'test/fixtures/validation/unlisted.fixture.ts')] });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
