/** generator/emit/origins.ts: where each declaration of a generated file came from in the spec. */
import { describe, expect, it } from 'vitest';
import { originOf } from '../../../generator/emit/origins.js';
import { endpoint, model, schema } from '../../helpers/model.js';

describe('originOf', () => {
  const origin = originOf(model({ endpoints: [endpoint('notes/create')], schemas: [{ ...schema('Ba/se', {}), typeName: 'BaSe' }] }));

  it('traces schema types, endpoint types and functions by the names the emitters give', () => {
    expect(origin('schemas.ts', 'BaSe', ['a', 'b'])).toBe('schema "Ba/se" at #/components/schemas/Ba~1se, property a.b');
    expect(origin('endpoints.ts', 'NotesCreateParams', ['text'])).toBe('params of endpoint "notes/create" at #/paths/~1notes~1create/post/requestBody, property text');
    expect(origin('endpoints.ts', 'NotesCreateErrorCode', [])).toBe('error codes of endpoint "notes/create" at #/paths/~1notes~1create/post/responses');
    expect(origin('api.ts', 'notesCreate', [])).toBe('endpoint "notes/create" at #/paths/~1notes~1create/post');
  });

  it('traces a row of a table keyed by endpoint name to its endpoint, and knows nothing of other names', () => {
    expect(origin('permissions.ts', 'endpointMeta', ['notes/create', 'credential'])).toBe('endpoint "notes/create" at #/paths/~1notes~1create/post (access rules from its description)');
    expect(origin('permissions.ts', 'endpointMeta', ['gone'])).toBe('access rules from its description');
    expect(origin('schemas.ts', 'Unknown', [])).toBeUndefined();
  });
});
