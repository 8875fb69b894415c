import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_DEFAULT, SpecLoadError, loadSpec } from '../../../generator/load/index.js';
import { REFERENCE_SPEC_PATH } from '../../helpers/fake-misskey.js';
import { hasSpecs, SPECS_DIR } from '../../helpers/specs.js';

const dir = mkdtempSync(join(tmpdir(), 'mkcg-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<SpecLoadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecLoadError);
  const e = error as SpecLoadError;
  expect(e.message).not.toMatch(/\n/);
  return e;
}

const minimal = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Misskey API', version: '1.0.0' },
    paths: { '/notes/create': { post: { operationId: 'post___notes___create' } } },
    ...extra,
  });

const petstore = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 'Swagger Petstore', version: '1.0.0' },
  paths: {
    '/pets': { get: { operationId: 'listPets' }, post: { operationId: 'createPets' } },
    '/pets/{petId}': { get: { operationId: 'showPetById' } },
  },
  components: { schemas: { Pet: { type: 'object' }, Error: { type: 'object' } } },
});

describe('embedded default', () => {
  it('resolves to the reference spec in the repository and loads it offline', async () => {
    expect(resolve(EMBEDDED_DEFAULT.path)).toBe(resolve(REFERENCE_SPEC_PATH));
    expect(EMBEDDED_DEFAULT).toMatchObject({ version: '2026.7.0', software: 'misskey' });
    const loaded = await loadSpec({});
    const bytes = readFileSync(REFERENCE_SPEC_PATH);
    expect(loaded.source).toEqual({ kind: 'embedded', location: EMBEDDED_DEFAULT.path });
    expect(loaded.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(loaded.bytes).toBe(bytes.length);
    expect(loaded.server).toEqual({ version: '2026.7.0', software: 'misskey' });
    expect((loaded.document['info'] as { version: string }).version).toBe('2026.7.0');
    expect(loaded.warnings).toEqual([]);
  });
});

describe('file', () => {
  it('loads a file, hashing the exact bytes', async () => {
    const content = minimal();
    const path = file('ok.json', content);
    const loaded = await loadSpec({ spec: path });
    expect(loaded.source).toEqual({ kind: 'file', location: path });
    expect(loaded.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(loaded.bytes).toBe(Buffer.byteLength(content));
    expect(loaded.server).toBeUndefined();
  });

  it('accepts a UTF-8 BOM', async () => {
    const loaded = await loadSpec({
      spec: file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(minimal())])),
    });
    expect(loaded.document['openapi']).toBe('3.1.0');
  });

  it('FILE_NOT_FOUND names the path', async () => {
    const path = join(dir, 'nope.json');
    const e = await failure(loadSpec({ spec: path }));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain(path);
  });

  it('FILE_NOT_FOUND for a URL given as a file hints at the URL option, without userinfo or query', async () => {
    const e = await failure(loadSpec({ spec: 'https://bob:hunter2@misskey.example/api.json?i=SECRET' }));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain('https://misskey.example/api.json');
    expect(e.message).toMatch(/URL/);
    expect(e.message).not.toMatch(/hunter2|bob|SECRET/);
  });

  it('FILE_UNREADABLE for a directory', async () => {
    const e = await failure(loadSpec({ spec: dir }));
    expect(e.code).toBe('FILE_UNREADABLE');
    expect(e.message).toContain('directory');
  });

  it('TOO_LARGE for a file over maxBytes', async () => {
    const e = await failure(loadSpec({ spec: file('big.json', minimal()), maxBytes: 10 }));
    expect(e.code).toBe('TOO_LARGE');
  });

  it('BAD_OPTIONS when both a file and a URL are given, or a limit is negative', async () => {
    expect((await failure(loadSpec({ spec: 'a.json', url: 'https://x.example' }))).code).toBe('BAD_OPTIONS');
    expect((await failure(loadSpec({ spec: 'a.json', timeoutMs: -1 }))).code).toBe('BAD_OPTIONS');
  });
});

describe('INVALID_JSON', () => {
  it.each([
    ['trailing comma', '{\n  "openapi": "3.1.0",\n  "paths": {},\n}\n', 'line 4 column 1', /property name/],
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', 'line 3 column 3', /expected ','/],
    ['truncated', '{\n  "openapi": "3.1.0",\n  "paths": {', 'line 3 column 13', /end of input/],
    ['bad literal', '{"a": tru}', 'line 1 column 7', /unexpected "t"/],
    ['garbage after', '{}\n\nx', 'line 3 column 1', /after the JSON value/],
    ['raw newline in string', '{"a": "x\ny"}', 'line 1 column 9', /control character/],
  ])('%s: reports line and column', async (_name, content, position, reason) => {
    const path = file('bad.json', content);
    const e = await failure(loadSpec({ spec: path }));
    expect(e.code).toBe('INVALID_JSON');
    expect(e.message).toContain(path);
    expect(e.message).toContain(position);
    expect(e.message).toMatch(reason);
  });

  it('an empty file says so', async () => {
    const e = await failure(loadSpec({ spec: file('empty.json', '  \n') }));
    expect(e.code).toBe('INVALID_JSON');
    expect(e.message).toContain('empty');
  });

  it('bytes that are not UTF-8', async () => {
    const e = await failure(loadSpec({ spec: file('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])) }));
    expect(e.code).toBe('INVALID_JSON');
    expect(e.message).toContain('UTF-8');
  });
});

describe('NOT_OPENAPI', () => {
  it.each([
    ['an array', '[1, 2]', '# is an array'],
    ['a string', '"hello"', '# is a string'],
    ['Swagger 2', JSON.stringify({ swagger: '2.0', info: {}, paths: {} }), '#/swagger'],
    ['no openapi field', JSON.stringify({ info: {}, paths: {} }), '#/openapi is missing'],
    ['OpenAPI 2.x string', JSON.stringify({ openapi: '2.0', paths: {} }), '#/openapi is "2.0"'],
    ['OpenAPI 3.2', JSON.stringify({ openapi: '3.2.0', paths: {} }), '#/openapi is "3.2.0"'],
    ['openapi not a string', JSON.stringify({ openapi: 3.1, paths: {} }), '#/openapi is 3.1'],
    ['no paths', JSON.stringify({ openapi: '3.1.0', info: {} }), '#/paths is missing'],
    ['paths not an object', JSON.stringify({ openapi: '3.1.0', paths: [] }), '#/paths is an array'],
  ])('%s', async (_name, content, fragment) => {
    const e = await failure(loadSpec({ spec: file('x.json', content) }));
    expect(e.code).toBe('NOT_OPENAPI');
    expect(e.message).toContain(fragment);
  });

  it('accepts 3.0.x and 3.1.x', async () => {
    for (const openapi of ['3.0.0', '3.0.3', '3.1.0', '3.1.1']) {
      const loaded = await loadSpec({ spec: file('v.json', minimal({ openapi })) });
      expect(loaded.document['openapi']).toBe(openapi);
    }
  });
});

describe('NOT_MISSKEY', () => {
  it('rejects the Petstore, pointing at a REST-style path', async () => {
    const e = await failure(loadSpec({ spec: file('petstore.json', petstore) }));
    expect(e.code).toBe('NOT_MISSKEY');
    expect(e.message).toMatch(/#\/paths\/~1pets/);
  });

  it('rejects empty paths', async () => {
    const e = await failure(loadSpec({ spec: file('empty-paths.json', minimal({ paths: {} })) }));
    expect(e.code).toBe('NOT_MISSKEY');
    expect(e.message).toContain('#/paths is empty');
  });

  it('rejects a POST-only API with no Misskey marker', async () => {
    const doc = minimal({
      info: { title: 'Some RPC', version: '1' },
      paths: { '/do/thing': { post: { operationId: 'doThing' } } },
    });
    const e = await failure(loadSpec({ spec: file('rpc.json', doc) }));
    expect(e.code).toBe('NOT_MISSKEY');
    expect(e.message).toContain('no Misskey marker');
  });

  it.each([
    ['title', { info: { title: 'Misskey API', version: '1' } }],
    [
      'Error schema (a fork with its own title)',
      { info: { title: 'Sharkey API', version: '1' }, components: { schemas: { Error: { type: 'object' } } } },
    ],
  ])('accepts a Misskey marker: %s', async (_name, extra) => {
    const doc = minimal({ ...extra, paths: { '/notes/create': { post: { operationId: 'createNote' } } } });
    await expect(loadSpec({ spec: file('marker.json', doc) })).resolves.toBeTruthy();
  });

  it.each([['notes/create'], ['notes___create'], ['post___notes___create']])(
    'accepts operationId style %s alone',
    async (operationId) => {
      const doc = minimal({
        info: { title: 'X', version: '1' },
        paths: { '/notes/create': { post: { operationId } } },
      });
      await expect(loadSpec({ spec: file('ids.json', doc) })).resolves.toBeTruthy();
    },
  );
});

describe('real specs', () => {
  const versions = ['13.14.2', '2024.11.0', '2025.11.1', '2026.7.0'];
  const available = hasSpecs('loading each real spec', ...versions);

  it.skipIf(!available).each(versions)(
    'accepts misskey-%s, also with only its operationIds as marker',
    async (version) => {
      const path = join(SPECS_DIR, `misskey-${version}.json`);
      const loaded = await loadSpec({ spec: path });
      expect((loaded.document['info'] as { version: string }).version).toBe(version);
      const doc = JSON.parse(readFileSync(path, 'utf8')) as {
        info: Record<string, unknown>;
        components: { schemas: Record<string, unknown> };
      };
      delete doc.info['title'];
      delete doc.components.schemas['Error'];
      await expect(loadSpec({ spec: file(`stripped-${version}.json`, JSON.stringify(doc)) })).resolves.toBeTruthy();
    },
  );
});
