/** generator/normalize/index.ts: a spec document → the model, one rule at a time, each broken convention a warning with its pointer. */
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../../generator/errors.js';
import type { ApiModel } from '../../../generator/model/types.js';
import { normalize, type NormalizeOptions } from '../../../generator/normalize/index.js';
import { baseDocument, ok, op, type Json } from '../../helpers/spec.js';

const build = (document: Json, options: Partial<NormalizeOptions> = {}): ApiModel => normalize(document, { specSha256: 'sha', ...options });
const withPaths = (paths: Json): Json => ({ ...baseDocument(), paths });
const warningAt = (model: ApiModel, pointer: string) => model.warnings.find((w) => w.pointer === pointer)?.message;

describe('endpoints', () => {
  it('one per POST path, named by the path, sorted, with identifiers claimed from the names', () => {
    const model = build(baseDocument());
    expect(model.endpoints.map((e) => [e.name, e.identifier, e.typeBase])).toEqual([
      ['notes/show', 'notesShow', 'NotesShow'],
      ['ping', 'ping', 'Ping'],
    ]);
  });

  it('leaves out a path that is not a plain endpoint name, or has no POST operation', () => {
    const model = build(withPaths({ '/ok': op(), '/../a': op(), '/b': { get: {} }, '/c/{id}': op() }));
    expect(model.endpoints.map((e) => e.name)).toEqual(['ok']);
    expect(warningAt(model, '#/paths/~1..~1a')).toContain('is not a valid endpoint path');
    expect(warningAt(model, '#/paths/~1b')).toContain('no POST operation');
  });

  it('fails, naming the first problem, when no path is usable at all', () => {
    expect(() => build(withPaths({ '/../a': op() }))).toThrow(GeneratorError);
    expect(() => build(withPaths({ '/../a': op() }))).toThrow(/^#\/paths: none of the 1 paths is a usable endpoint \(first: #\/paths\/~1..~1a: /);
  });

  it('reads credential and permission from the description, else the credential from `security`', () => {
    const model = build(withPaths({ '/a': op({ description: '**Credential required**: *Yes* / **Permission**: *write:notes*' }), '/b': op({ description: 'none', security: [{ bearerAuth: [] }] }) }));
    expect(model.endpoints.map((e) => [e.credential, e.permission])).toEqual([
      [true, 'write:notes'],
      [true, null],
    ]);
    expect(warningAt(model, '#/paths/~1b/post/description')).toContain('no "**Credential required**" line');
    expect(model.permissions).toContain('write:notes');
  });

  it('leaves out internal endpoints when asked, and records that it did', () => {
    const doc = withPaths({ '/a': op(), '/b': op({ description: '**Internal Endpoint**: x\n**Credential required**: *Yes*' }) });
    expect(build(doc).endpoints.map((e) => [e.name, e.internal])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    const without = build(doc, { options: { excludeInternal: true } });
    expect(without.endpoints.map((e) => e.name)).toEqual(['a']);
    expect(without.options).toEqual({ excludeInternal: true, emit: 'ts' });
  });

  it('names an operationId used twice (both endpoints are kept: they are keyed by path)', () => {
    const model = build(withPaths({ '/a': op({ operationId: 'same' }), '/b': op({ operationId: 'same' }) }));
    expect(model.endpoints).toHaveLength(2);
    expect(warningAt(model, '#/paths/~1b/post/operationId')).toBe('operationId "same" is also used at #/paths/~1a/post/operationId');
  });
});

describe('params', () => {
  it('are JSON, multipart, or none; anything else is unknown JSON, with a warning', () => {
    const body = (content: Json) => ({ requestBody: { content } });
    const model = build(withPaths({
      '/json': op(body({ 'application/json': { schema: { type: 'object' } } })),
      '/upload': op(body({ 'multipart/form-data': { schema: { type: 'object' } } })),
      '/none': op(),
      '/xml': op(body({ 'application/xml': {} })),
    }));
    expect(Object.fromEntries(model.endpoints.map((e) => [e.name, e.body]))).toEqual({
      json: { kind: 'json', schema: { type: 'object' } },
      upload: { kind: 'multipart', schema: { type: 'object' } },
      none: { kind: 'none' },
      xml: { kind: 'json', schema: {} },
    });
    expect(warningAt(model, '#/paths/~1xml/post/requestBody')).toContain('neither application/json nor multipart/form-data');
  });

  it('must be one object: a params schema that allows anything else is typed as an object, saying why', () => {
    const model = build(withPaths({ '/a': op({ requestBody: { content: { 'application/json': { schema: { type: ['object', 'null'] } } } } }) }));
    expect(model.endpoints[0]?.body).toEqual({ kind: 'json', schema: { type: 'object' } });
    expect(warningAt(model, '#/paths/~1a/post/requestBody/content/application~1json/schema')).toBe('params must be an object, but it allows "null"; typed as an object of unknown values');
  });
});

describe('results', () => {
  it('are JSON (200), nothing (204), either (both), or unknown (neither, with a warning)', () => {
    const model = build(withPaths({ '/json': op(), '/void': op({ responses: { '204': {} } }), '/either': op({ responses: { ...ok({ type: 'string' }), '204': {} } }), '/none': op({ responses: { '400': {} } }) }));
    expect(Object.fromEntries(model.endpoints.map((e) => [e.name, e.result]))).toEqual({
      json: { kind: 'json', schema: { type: 'object' } },
      void: { kind: 'void' },
      either: { kind: 'json-or-void', schema: { type: 'string' } },
      none: { kind: 'json', schema: {} },
    });
    expect(warningAt(model, '#/paths/~1none/post/responses')).toContain('neither a 200 nor a 204 response');
  });

  it('error codes from the examples, plus the ones the server sends unlisted; rate limiting from a 429', () => {
    const model = build(withPaths({ '/a': op({ description: '**Credential required**: *Yes* / **Permission**: *write:notes*', responses: { ...ok({}), '429': {} } }) }));
    expect(model.endpoints[0]).toMatchObject({ rateLimited: true });
    expect(model.endpoints[0]?.errors.map((e) => e.code)).toEqual(['PERMISSION_DENIED', 'RATE_LIMIT_EXCEEDED']);
  });
});

describe('schemas and source', () => {
  it('claims schema names before endpoint names, renaming what shadows the package, with a warning', () => {
    const doc = baseDocument();
    doc['components'].schemas['Record'] = { type: 'object' };
    const model = build(doc);
    expect(model.schemas.map((s) => [s.name, s.typeName])).toEqual([
      ['Error', 'Error'],
      ['Note', 'Note'],
      ['Record', 'Record2'],
    ]);
    expect(warningAt(model, '#/components/schemas/Record')).toBe('type Record: a TypeScript global the package uses; named Record2');
  });

  it('records where the spec came from, taking Misskey when the server did not say what it runs', () => {
    expect(build(baseDocument()).source).toEqual({ version: '2026.7.0-test', title: 'Misskey API', openapi: '3.1.0', specSha256: 'sha', software: 'misskey' });
    expect(build(baseDocument(), { software: 'sharkey', url: 'https://s.example/api.json' }).source).toMatchObject({ software: 'sharkey', url: 'https://s.example/api.json' });
  });

  it('records the options that decide the output, defaults included, and nothing else passed with them', () => {
    const options = { emit: 'js', packageName: '@me/x', spec: 'ignored.json' } as Json;
    expect(build(baseDocument(), { options }).options).toEqual({ excludeInternal: false, emit: 'js', packageName: '@me/x' });
  });
});
