/**
 * generator/emit/types.ts through the files that use it: references to schemas whose names need
 * escaping resolve (so allOf + required keeps its WithRequired), and each file declares the helpers
 * its own types use.
 */
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../../../generator/assets.js';
import { emitPackage } from '../../../generator/emit/package.js';
import { normalize } from '../../../generator/normalize/index.js';

function files(schemas: Record<string, unknown>, paths: Record<string, unknown> = {}) {
  const document = {
    openapi: '3.1.0',
    info: { version: '1', title: 'Misskey API' },
    paths: { '/x': { post: { description: '**Credential required**: *No*', responses: { 204: {} } } }, ...paths },
    components: { schemas: { Error: { type: 'object' }, ...schemas } },
  };
  return emitPackage(normalize(document, { specSha256: '' }), loadAssets());
}

const base = { type: 'object', properties: { a: { type: 'string' } } };

describe('references', () => {
  it('an allOf + required over a schema named with / keeps its WithRequired', () => {
    const out = files({ 'Ba/se': base, Derived: { allOf: [{ $ref: '#/components/schemas/Ba~1se' }], required: ['a'] } });
    expect(out.get('schemas.ts')).toContain('export type Derived = WithRequired<BaSe, "a">;');
  });
});

describe('helpers', () => {
  it('schemas.ts declares WithRequired when its own types use it, and endpoints.ts does not', () => {
    const out = files({ Base: base, Derived: { allOf: [{ $ref: '#/components/schemas/Base' }], required: ['a'] } });
    expect(out.get('schemas.ts')).toMatch(/\n\u0000?type WithRequired<T, K extends keyof T>/);
    expect(out.get('endpoints.ts')).not.toContain('WithRequired');
  });

  it('endpoints.ts declares it for its own types', () => {
    const body = { requestBody: { content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Base' }], required: ['a'] } } } } };
    const out = files({ Base: base }, { '/y': { post: { description: '**Credential required**: *No*', ...body, responses: { 204: {} } } } });
    expect(out.get('endpoints.ts')).toMatch(/WithRequired<Base, "a">[\s\S]*\n\u0000?type WithRequired<T, K extends keyof T>/);
    expect(out.get('schemas.ts')).not.toContain('WithRequired');
  });
});
