/** generator/emit/endpoints-file.ts: per endpoint its Params, Result and ErrorCode types, and the Endpoints map. */
import { describe, expect, it } from 'vitest';
import { emitEndpointsFile, paramsRequired } from '../../../generator/emit/endpoints-file.js';
import { endpoint, model, ref, schema, withParams, withResult } from '../../helpers/model.js';

describe('emitEndpointsFile', () => {
  it('declares the three types of each endpoint, and the map the generic request indexes into', () => {
    const text = emitEndpointsFile(
      model({
        endpoints: [withParams('notes/show', { type: 'object', properties: { noteId: { type: 'string' } }, required: ['noteId'] }, { result: { kind: 'json', schema: ref('Note') }, errors: [{ code: 'NO_SUCH_NOTE', id: '', message: '' }], credential: true, permission: 'read:account' })],
        schemas: [schema('Note', { type: 'object' })],
      }),
    );
    expect(text.startsWith('import type { Note } from "./schemas.js";\n')).toBe(true);
    expect(text).toMatch(/export interface NotesShowParams \{\n\s+noteId: string;\n\}/);
    expect(text).toContain('export type NotesShowResult = Note;');
    expect(text).toContain('export type NotesShowErrorCode = "NO_SUCH_NOTE";');
    expect(text).toContain('  "notes/show": {\n    params: NotesShowParams;\n    result: NotesShowResult;\n    errors: NotesShowErrorCode;\n    credential: true;\n    permission: "read:account";\n  };');
    expect(text).toContain('export type EndpointName = keyof Endpoints;');
  });

  it('types no params as an empty record, no result as void, a 204-or-200 as undefined-or-result, no listed codes as string', () => {
    const text = emitEndpointsFile(model({ endpoints: [endpoint('a'), { ...withResult('b', { type: 'string' }), result: { kind: 'json-or-void', schema: { type: 'string' } } }] }));
    expect(text).toContain('export type AParams = Record<string, never>;');
    expect(text).toContain('export type AResult = void;');
    expect(text).toContain('export type AErrorCode = string;');
    expect(text).toContain('export type BResult = string | undefined;');
    expect(text).not.toContain('from "./schemas.js"');
  });

  it('never accepts anything as params: an unknown params schema is an object of unknown values', () => {
    expect(emitEndpointsFile(model({ endpoints: [withParams('a', {})] }))).toContain('export type AParams = Record<string, unknown>;');
  });
});

describe('paramsRequired', () => {
  it('is true with a required property or a shape it cannot see into, false otherwise', () => {
    expect(paramsRequired(withParams('a', { type: 'object', required: ['x'] }))).toBe(true);
    expect(paramsRequired(withParams('a', { allOf: [] }))).toBe(true);
    expect(paramsRequired(withParams('a', { type: 'object', properties: { x: {} } }))).toBe(false);
    expect(paramsRequired(endpoint('a'))).toBe(false);
  });
});
