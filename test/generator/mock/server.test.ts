/**
 * The mock's HTTP API against whole specs: every endpoint of every real spec answers a request built
 * from its schema with a result our own response validator accepts, and refuses a wrong param type
 * with Misskey's INVALID_PARAM; the access rules of the protocol document, table-driven; loopback only.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../../generator/mock/index.js';
import { sample, seededRandom } from '../../../generator/mock/schema-data.js';
import { loadSpec } from '../../../generator/load/index.js';
import { isObject } from '../../../generator/model/json.js';
import type { Endpoint, JsonSchema } from '../../../generator/model/types.js';
import { validationData } from '../../../generator/model/validation-data.js';
import { validateResult } from '../../../runtime/validate.js';
import { callApi, errorCode } from '../../helpers/mock-client.js';
import { realSpecs, ROOT, specsAvailable } from '../../helpers/specs.js';

const available = specsAvailable();

/** A JSON value whose type `schema` does not allow, or undefined when the schema names no type. */
function wrongValue(schema: unknown): unknown {
  if (!isObject(schema) || schema['type'] === undefined) return undefined;
  const allowed = new Set(Array.isArray(schema['type']) ? schema['type'] : [schema['type']]);
  if (allowed.has('number')) allowed.add('integer');
  const candidates: [string, unknown][] = [['object', { wrong: true }], ['boolean', true], ['string', 'wrong'], ['integer', 7], ['array', []]];
  return candidates.find(([type]) => !allowed.has(type))?.[1];
}

/** The first param a wrong type can be given to: its name and that value. */
function wrongParam(endpoint: Endpoint): [string, unknown] | undefined {
  const properties = isObject(endpoint.body.schema) && isObject(endpoint.body.schema['properties']) ? endpoint.body.schema['properties'] : {};
  for (const [name, schema] of Object.entries(properties)) {
    // Multipart fields are text: only a boolean or number field can be given a wrong one.
    if (endpoint.body.kind === 'multipart') {
      const type = isObject(schema) ? schema['type'] : undefined;
      if (type === 'boolean' || type === 'integer' || type === 'number') return [name, 'wrong'];
      continue;
    }
    const value = wrongValue(schema);
    if (value !== undefined && name !== 'file') return [name, value];
  }
  return undefined;
}

async function callWith(mock: Mock, endpoint: Endpoint, params: Record<string, unknown>, token: string) {
  if (endpoint.body.kind !== 'multipart') return callApi(mock.origin, endpoint.name, { ...params, i: token });
  const form = new FormData();
  for (const [name, value] of Object.entries(params)) if (name !== 'file' && value !== null) form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  form.append('file', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'a.png');
  form.append('i', token);
  const res = await fetch(`${mock.origin}/api/${endpoint.name}`, { method: 'POST', body: form });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

describe.skipIf(!available).each(available ? realSpecs() : [{ version: 'none', path: '' }])('every endpoint of real spec $version', ({ path }) => {
  let mock: Mock;
  beforeAll(async () => {
    mock = await startMock({ spec: path, seed: 'conformance' });
  });
  afterAll(() => mock?.close());

  it('answers params made from its schema with a result the response validator accepts (or, where the state looks a made-up id up, the error it documents for that)', async () => {
    const schemas = validationData(mock.model);
    const components = new Map(mock.model.schemas.map((s) => [s.name, s.schema]));
    const failures: string[] = [];
    let validated = 0;
    for (const endpoint of mock.model.endpoints) {
      const params = endpoint.body.schema ? (sample(endpoint.body.schema as JsonSchema, { components, random: seededRandom(endpoint.name) }) as Record<string, unknown>) : {};
      const answer = await callWith(mock, endpoint, params, mock.tokens['alice']!);
      if (answer.status === 200 || answer.status === 204) {
        const mismatches = validateResult(schemas, endpoint.name, answer.status === 204 ? undefined : answer.json);
        if (mismatches.length > 0) failures.push(`${endpoint.name}: ${JSON.stringify(mismatches.slice(0, 2))}`);
        else validated++;
      } else if (errorCode(answer) === 'INVALID_PARAM' || !endpoint.errors.some((e) => e.code === errorCode(answer))) {
        // Params made from the schema are valid: refusing them would be the mock's fault (or the sampler's).
        failures.push(`${endpoint.name}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    // Only the endpoints the state models may answer with one of their errors (a made-up id names no note).
    expect(validated).toBeGreaterThan(mock.model.endpoints.length - 20);
  }, 120_000);

  it('refuses a param of the wrong type with INVALID_PARAM, HTTP 400, naming the param', async () => {
    const invalid = mock.model.endpoints.flatMap((e) => e.errors.filter((x) => x.code === 'INVALID_PARAM')).at(0);
    const failures: string[] = [];
    let checked = 0;
    for (const endpoint of mock.model.endpoints) {
      const wrong = wrongParam(endpoint);
      if (wrong === undefined) continue;
      const answer = await callWith(mock, endpoint, { [wrong[0]]: wrong[1] }, mock.tokens['alice']!);
      const error = (answer.json as { error?: { code: string; id: string; kind: string; info?: { param?: string } } } | undefined)?.error;
      checked++;
      if (answer.status !== 400 || error?.code !== 'INVALID_PARAM' || error.kind !== 'client' || (invalid && error.id !== invalid.id) || !error.info?.param?.startsWith('#/')) {
        failures.push(`${endpoint.name} ${wrong[0]}=${JSON.stringify(wrong[1])}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(mock.model.endpoints.length / 2);
  }, 120_000);
});

describe('the protocol document\'s access rules', () => {
  let mock: Mock;
  beforeAll(async () => {
    mock = await startMock({ seed: 'access' });
  });
  afterAll(() => mock.close());

  const pick = (test: (e: Endpoint) => boolean): Endpoint => {
    const found = mock.model.endpoints.find((e) => test(e) && e.body.kind !== 'multipart' && !(isObject(e.body.schema) && Array.isArray(e.body.schema['required']) && e.body.schema['required'].length > 0));
    if (!found) throw new Error('no endpoint fits');
    return found;
  };
  const withPermission = () => pick((e) => e.credential && e.permission !== null && !e.internal);
  const internal = () => pick((e) => e.internal && e.credential);
  const anonymousOk = () => pick((e) => !e.credential && !e.internal);

  type Credential = 'none' | 'bad' | 'native' | 'app with it' | 'app without it' | 'header' | 'lowercase bearer';
  const rows: [string, () => Endpoint, Credential, number, string | null, string | null][] = [
    ['a credential endpoint, no token', withPermission, 'none', 401, 'CREDENTIAL_REQUIRED', 'error="invalid_token"'],
    ['a credential endpoint, a bad token', withPermission, 'bad', 401, 'AUTHENTICATION_FAILED', 'error="invalid_token"'],
    ['an open endpoint, a bad token (fails even there)', anonymousOk, 'bad', 401, 'AUTHENTICATION_FAILED', 'error="invalid_token"'],
    ['an open endpoint, no token', anonymousOk, 'none', 200, null, null],
    ['a native token: everything the user may', withPermission, 'native', 200, null, null],
    ['an app token holding the permission', withPermission, 'app with it', 200, null, null],
    ['an app token lacking the permission', withPermission, 'app without it', 403, 'PERMISSION_DENIED', 'error="insufficient_scope"'],
    ['an app token without permissions, on an endpoint that names none', anonymousOk, 'app without it', 200, null, null],
    ['an internal endpoint, a native token', internal, 'native', 200, null, null],
    ['an internal endpoint, an app token: 400 ACCESS_DENIED, not 403', internal, 'app with it', 400, 'ACCESS_DENIED', 'error="invalid_request"'],
    ['an internal endpoint, no token: 400 ACCESS_DENIED, before the credential check', internal, 'none', 400, 'ACCESS_DENIED', 'error="invalid_request"'],
    ['the token in an Authorization: Bearer header', withPermission, 'header', 200, null, null],
    ['a lowercase `bearer` header is ignored: anonymous', withPermission, 'lowercase bearer', 401, 'CREDENTIAL_REQUIRED', 'error="invalid_token"'],
  ];

  it.each(rows)('%s', async (_name, which, credential, status, code, challenge) => {
    const endpoint = which();
    const grant = [endpoint.permission ?? 'read:account'];
    const token: Record<Credential, string | undefined> = {
      none: undefined,
      bad: 'not-a-token',
      native: mock.tokens['alice'],
      'app with it': mock.appToken('alice', grant),
      'app without it': mock.appToken('alice', []),
      header: undefined,
      'lowercase bearer': undefined,
    };
    const headers: Record<string, string> = credential === 'header' ? { authorization: `Bearer ${mock.tokens['alice']}` } : credential === 'lowercase bearer' ? { authorization: `bearer ${mock.tokens['alice']}` } : {};
    const given = token[credential];
    const answer = await callApi(mock.origin, endpoint.name, given !== undefined ? { i: given } : {}, { headers });
    expect([answer.status === 204 ? 200 : answer.status, errorCode(answer) ?? null]).toEqual([status, code]);
    expect(answer.headers.get('www-authenticate')?.match(/error="[a-z_]+"/)?.[0] ?? null).toBe(challenge);
  });

  it('refuses an internal endpoint with the server\'s own ACCESS_DENIED, not an error the endpoint lists under that code', async () => {
    const listsItsOwn = mock.model.endpoints.find((e) => e.internal && e.errors.some((x) => x.code === 'ACCESS_DENIED' && x.id !== ''));
    expect(listsItsOwn).toBeDefined();
    const server = { message: 'Access denied.', code: 'ACCESS_DENIED', id: '56f35758-7dd5-468b-8439-5d6fb8ec9b8e', kind: 'client' };
    for (const endpoint of [internal(), listsItsOwn!]) {
      for (const given of [{ i: mock.appToken('alice', [endpoint.permission ?? 'read:account']) }, {}]) {
        const answer = await callApi(mock.origin, endpoint.name, given);
        expect([endpoint.name, answer.status, answer.json]).toEqual([endpoint.name, 400, { error: server }]);
      }
    }
  });

  it('answers a request without a body, or not JSON, with INVALID_PARAM; an unknown endpoint with the framework\'s 404', async () => {
    const empty = await fetch(`${mock.origin}/api/meta`, { method: 'POST' });
    expect([empty.status, ((await empty.json()) as { error: { code: string } }).error.code]).toEqual([400, 'INVALID_PARAM']);
    const unknown = await callApi(mock.origin, 'no/such/endpoint', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: 'Route POST:/api/no/such/endpoint not found', error: 'Not Found', statusCode: 404 });
  });

  it('says what it is as a server does: nodeinfo names the software and version, so loading the spec by its URL identifies it without a warning', async () => {
    const discovery = (await (await fetch(`${mock.origin}/.well-known/nodeinfo`)).json()) as { links: { rel: string; href: string }[] };
    const newest = discovery.links.find((l) => l.rel.endsWith('/2.1'));
    expect(newest?.href).toBe(`${mock.origin}/nodeinfo/2.1`);
    const nodeinfo = (await (await fetch(newest!.href)).json()) as { software: unknown; usage: { users: { total: number } } };
    expect(nodeinfo.software).toEqual({ name: 'misskey', version: mock.model.source.version });
    expect(nodeinfo.usage.users.total).toBe(Object.keys(mock.tokens).length);
    const loaded = await loadSpec({ url: mock.origin });
    expect([loaded.server, loaded.warnings]).toEqual([{ version: mock.model.source.version, software: 'misskey', softwareVersion: mock.model.source.version }, []]);
  });

  it('serves the spec at /api.json', async () => {
    const res = await fetch(`${mock.origin}/api.json`);
    const served = (await res.json()) as { info: { version: string } };
    expect(served.info.version).toBe(mock.model.source.version);
  });
});

describe('where it listens', () => {
  it('binds to 127.0.0.1 by default', async () => {
    const mock = await startMock();
    try {
      expect(new URL(mock.origin).hostname).toBe('127.0.0.1');
    } finally {
      await mock.close();
    }
  });

  it('refuses to start on an address that is not loopback unless allowed explicitly', async () => {
    await expect(startMock({ host: '0.0.0.0' })).rejects.toThrow(/loopback only; 0\.0\.0\.0 is not a loopback address/);
    const mock = await startMock({ host: '0.0.0.0', allowRemote: true });
    await mock.close();
  });

  it('leaves no handle open after close(), sockets and streams included', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    const mock = await startMock();
    const { openStream } = await import('../../helpers/mock-client.js');
    const stream = await openStream(mock.origin, mock.tokens['alice']);
    await callApi(mock.origin, 'i', { i: mock.tokens['alice'] });
    await mock.close();
    await new Promise((resolve) => stream.socket.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length).toBeLessThanOrEqual(before);
  });

  it('leaves no timer behind: closed in the middle of a restart, of a slow answer, and just after a restart asked for over HTTP, a process exits by itself', () => {
    // In a process of its own (the built mock), which ends only when nothing is left: the waits are ten minutes long.
    const script = `
      import { startMock } from ${JSON.stringify(join(ROOT, 'dist/generator/mock/index.js'))};
      const restarting = await startMock();
      const down = restarting.restart({ downMs: 600000 });
      const slow = await startMock();
      slow.faults.slow(600000);
      const answer = fetch(slow.origin + '/api/meta', { method: 'POST', body: '{}' }).catch(() => 'cut');
      const controlled = await startMock({ controlRoutes: true });
      await fetch(controlled.origin + '/__mock/restart', { method: 'POST', body: '{"downMs":600000}' });
      await new Promise((resolve) => setTimeout(resolve, 100)); // the slow answer is waiting, the HTTP restart not yet begun
      await Promise.all([restarting.close(), slow.close(), controlled.close()]);
      await down; // a restart cut short by close() ends too
      console.log(await answer);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect([run.status, run.signal, run.stdout.trim(), run.stderr]).toEqual([0, null, 'cut', '']);
  }, 70_000);
});

describe('made-up data', () => {
  it('is the same for the same seed and differs for another', async () => {
    const answers: string[] = [];
    for (const seed of ['one', 'one', 'two']) {
      const mock = await startMock({ seed });
      answers.push((await callApi(mock.origin, 'stats', {})).text);
      await mock.close();
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[2]).not.toBe(answers[0]);
  });

  it('keeps spec names as plain keys: a property called __proto__ touches no prototype', async () => {
    const spec = JSON.parse(readFileSync(new URL('../../../generator/reference/misskey-2026.7.0.json', import.meta.url), 'utf8')) as { paths: Record<string, any> };
    const meta = spec.paths['/meta']!.post;
    // Parsed, so `__proto__` is a plain key as in a spec file (in an object literal it would set the prototype).
    meta.responses['200'].content['application/json'].schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"object","properties":{"polluted":{"type":"string","const":"yes"}},"required":["polluted"]}},"required":["__proto__"]}',
    );
    const mock = await startMock({ spec, seed: 'proto' });
    try {
      const answer = await callApi(mock.origin, 'stats', {});
      expect(answer.status).toBe(200);
      const meta = await callApi(mock.origin, 'meta', {});
      expect(meta.text).toContain('"__proto__":{"polluted":"yes"}');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    } finally {
      await mock.close();
    }
  });
});

describe('GET', () => {
  it('answers the GET twin of an endpoint that allows it (params from the query), and 405 for one that does not', async () => {
    const mock = await startMock({ seed: 'get' });
    try {
      const twin = mock.model.endpoints.find((e) => e.allowGet && !e.credential && !(isObject(e.body.schema) && Array.isArray(e.body.schema['required']) && e.body.schema['required'].length > 0));
      const post = mock.model.endpoints.find((e) => !e.allowGet && !e.credential);
      expect(twin && post).toBeTruthy();
      expect((await fetch(`${mock.origin}/api/${twin!.name}`)).status).toBe(200);
      const refused = await fetch(`${mock.origin}/api/${post!.name}`);
      expect([refused.status, await refused.text()]).toEqual([405, '']);
    } finally {
      await mock.close();
    }
  });
});
