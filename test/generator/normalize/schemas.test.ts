/**
 * generator/normalize/schemas.ts: what a schema may hold and cost (the limits: ./bounds.ts). Values and
 * schemas beyond the bounds are left out with a warning naming their pointer; no walk a spec
 * controls recurses without a bound.
 */
import { describe, expect, it } from 'vitest';
import type { JsonSchema, Warning } from '../../../generator/model/types.js';
import { normalize } from '../../../generator/normalize/index.js';
import { SchemaSanitizer, breakEagerCycles } from '../../../generator/normalize/schemas.js';

/** A value nested `depth` levels, built as text: JSON.stringify itself overflows on such values. */
const deep = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

function sanitize(schema: unknown, names: string[] = []): { schema: JsonSchema; warnings: Warning[] } {
  const warnings: Warning[] = [];
  return { schema: new SchemaSanitizer(names, warnings).sanitize(schema, '#/s'), warnings };
}

describe('SchemaSanitizer', () => {
  it('leaves out 5,000-deep default, example, examples, const, enum and x- values, naming each pointer', () => {
    const value = deep(5000);
    const { schema, warnings } = sanitize({ type: 'object', default: value, example: value, examples: [value], const: value, enum: [value], 'x-a': value, title: 'kept' });
    expect(schema).toEqual({ type: 'object', title: 'kept' });
    expect(warnings.map((w) => w.pointer).sort()).toEqual(['#/s/const', '#/s/default', '#/s/enum', '#/s/example', '#/s/examples', '#/s/x-a']);
    expect(warnings.every((w) => w.message.startsWith('value nested more than 16 levels deep; left out'))).toBe(true);
  });

  it('keeps values within the bounds as they are', () => {
    const value = { a: [1, 'two', { three: null }] };
    expect(sanitize({ default: value, enum: [value], 'x-a': value })).toEqual({ schema: { default: value, enum: [value], 'x-a': value }, warnings: [] });
  });

  it('leaves out documentation that is not text (openapi-typescript calls string methods on it)', () => {
    const { schema, warnings } = sanitize({ type: 'string', title: 5, summary: { a: 1 }, description: 'ok' });
    expect(schema).toEqual({ type: 'string', description: 'ok' });
    expect(warnings.map((w) => w.pointer)).toEqual(['#/s/title', '#/s/summary']);
  });

  it('says what it found instead of a format name or a schema, with the right article ("an object", not "a object")', () => {
    const { schema, warnings } = sanitize({ type: 'string', format: { name: 'x' }, items: 'no' });
    expect(schema).toEqual({ type: 'string', items: {} });
    expect(warnings.map((w) => `${w.pointer}: ${w.message}`)).toEqual([
      '#/s/format: expected a format name, found an object; ignored',
      '#/s/items: expected a schema object, found a string; typed as unknown',
    ]);
  });

  it('types as unknown a schema whose type lists would repeat its compositions exponentially', () => {
    let nested: unknown = { type: 'object', properties: { leaf: { type: 'string' } } };
    for (let i = 0; i < 30; i++) nested = { type: ['object', 'null'], allOf: [nested] };
    const { schema, warnings } = sanitize(nested);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.message.includes('type nodes'))).toBe(true);
    expect(JSON.stringify(schema).length).toBeLessThan(2_000);
  });

  it('keeps the type lists real specs write, and lists each type once', () => {
    const nullable = { type: ['object', 'null'], allOf: [{ $ref: '#/components/schemas/User' }] };
    expect(sanitize(nullable, ['User'])).toEqual({ schema: nullable, warnings: [] });
    expect(sanitize({ type: ['string', 'string', 'null', 'string'] }).schema).toEqual({ type: ['string', 'null'] });
  });

  it('copies the object into each required-alternative, unless that makes too many copies', () => {
    const small = sanitize({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, anyOf: [{ required: ['a'] }, { required: ['b'] }] });
    expect(small.schema).toEqual({
      anyOf: [
        { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'] },
        { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['b'] },
      ],
    });
    const properties = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, { type: 'string' }]));
    const big = sanitize({ type: 'object', properties, anyOf: Array.from({ length: 400 }, (_, i) => ({ required: [`p${i}`] })) });
    expect(big.schema).toEqual({ type: 'object', properties });
    expect(big.warnings).toEqual([{ pointer: '#/s/anyOf', message: expect.stringContaining('400 alternatives would each copy') }]);
  });

  it('reads the enum of an object schema as values, and never as schemas', () => {
    expect(sanitize({ type: 'object', enum: [5, { $ref: '#/nope' }] })).toEqual({ schema: { enum: [5, { $ref: '#/nope' }] }, warnings: [] });
    const beside = sanitize({ type: 'object', properties: { a: { type: 'string' } }, enum: [5] });
    expect(beside.schema).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(beside.warnings.map((w) => w.pointer)).toEqual(['#/s/enum']);
  });

  it('keeps a discriminator only with a property name to omit', () => {
    expect(sanitize({ discriminator: { propertyName: 'kind' } }).schema).toEqual({ discriminator: { propertyName: 'kind' } });
    expect(sanitize({ discriminator: 5 }).warnings.map((w) => w.pointer)).toEqual(['#/s/discriminator']);
  });
});

describe('breakEagerCycles', () => {
  it('follows a chain of 100,000 references without recursion, and breaks the cycle that closes it', () => {
    const schemas = new Map<string, JsonSchema>();
    for (let i = 0; i < 100_000; i++) schemas.set(`S${i}`, { allOf: [{ $ref: `#/components/schemas/S${(i + 1) % 100_000}` }] });
    const warnings: Warning[] = [];
    breakEagerCycles(schemas, warnings);
    expect(warnings).toEqual([{ pointer: '#/components/schemas/S99999', message: expect.stringContaining('refers to itself through "S0"') }]);
    expect(schemas.get('S99999')).toEqual({ allOf: [{}] });
    expect(schemas.get('S0')).toEqual({ allOf: [{ $ref: '#/components/schemas/S1' }] });
  });
});

describe('normalize', () => {
  it('checks a params schema looking into each schema once (a thousand references to the next, three levels deep)', () => {
    const schemas: Record<string, unknown> = { Error: { type: 'object' } };
    for (let i = 0; i < 4; i++) schemas[`Fan${i}`] = i === 3 ? { type: 'object' } : { oneOf: Array.from({ length: 1000 }, () => ({ $ref: `#/components/schemas/Fan${i + 1}` })) };
    const document = {
      openapi: '3.1.0',
      info: { version: '1', title: 'Misskey API' },
      paths: { '/fan': { post: { description: '**Credential required**: *No*', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Fan0' } } } }, responses: { 204: {} } } } },
      components: { schemas },
    };
    const started = performance.now();
    const model = normalize(document, { specSha256: '' });
    // Walked as a tree, that is a billion visits.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(model.warnings).toEqual([]);
    expect(model.endpoints[0]?.body).toEqual({ kind: 'json', schema: { $ref: '#/components/schemas/Fan0' } });
  }, 20_000);
});
