/** generator/model/validation-data.ts: the result schemas as the validator reads them. */
import { describe, expect, it } from 'vitest';
import { validationData } from '../../../generator/model/validation-data.js';
import { endpoint, model, schema, withResult, ref } from '../../helpers/model.js';

describe('validationData', () => {
  it('keeps the keywords the validator reads, and the components the results reach (through references only)', () => {
    const m = model({
      endpoints: [
        withResult('notes/show', { type: 'object', description: 'dropped', properties: { user: ref('User'), any: {} }, required: ['user'], example: { x: ref('Unreached') } }),
        endpoint('notes/delete'),
        { ...withResult('i/maybe', { type: 'string', maxLength: 3 }), result: { kind: 'json-or-void', schema: { type: 'string', maxLength: 3 } } },
      ],
      schemas: [schema('User', { type: 'object', properties: { id: { type: 'string', format: 'id' } } }), schema('Unreached', { type: 'string' })],
    });
    expect(JSON.parse(JSON.stringify(validationData(m)))).toEqual({
      results: { 'i/maybe': { type: 'string' }, 'notes/show': { type: 'object', properties: { user: ref('User') }, required: ['user'] } },
      noContent: ['i/maybe', 'notes/delete'],
      components: { User: { type: 'object', properties: { id: { type: 'string' } } } },
    });
  });

  it('reads an anyOf with an unconstrained branch as anything, and drops unconstrained allOf members', () => {
    const m = model({ endpoints: [withResult('a', { anyOf: [{ type: 'string' }, {}] }), withResult('b', { allOf: [{}, { type: 'object' }] })] });
    expect(validationData(m).results).toEqual({ a: {}, b: { allOf: [{ type: 'object' }] } });
  });
});
