/**
 * The validation data the generator emits (validation.ts): for every real spec, a response built
 * from the raw spec as it says passes validation against the emitted data — so normalizing and
 * compacting lost nothing the validator needs and added nothing it should not — and the file is
 * plain, compact data reachable from nothing else in the package.
 */
import { describe, expect, it } from 'vitest';
import { emitValidationFile } from '../../../generator/emit/validation-file.js';
import { loadSpec } from '../../../generator/load/index.js';
import type { ApiModel, Endpoint } from '../../../generator/model/types.js';
import { validationData } from '../../../generator/model/validation-data.js';
import { normalize } from '../../../generator/normalize/index.js';
import { validateResult, type ValidationSchemas } from '../../../runtime/validate.js';
import { REFERENCE_SPEC, realSpecs } from '../../helpers/specs.js';
import { model as handModel } from '../../helpers/model.js';
import { Sampler } from '../../helpers/sample.js';

async function model(path: string): Promise<ApiModel> {
  const loaded = await loadSpec({ spec: path });
  return normalize(loaded.document, { specSha256: loaded.sha256 });
}

const specs = [{ version: '2026.7.0 (reference)', path: REFERENCE_SPEC }, ...realSpecs()];

describe.each(specs)('validation data for $version', ({ path }) => {
  it('accepts, for every endpoint, a response built from the raw spec (optional parts filled, and left out)', async () => {
    const m = await model(path);
    const data = validationData(m) as unknown as ValidationSchemas;
    const sampler = Sampler.fromFile(path);
    let checked = 0;
    for (const e of m.endpoints) {
      for (const full of [true, false]) {
        const value = sampler.result(e.name, { full, depth: 4, items: 2 });
        expect(validateResult(data, e.name, value), `${e.name} (${full ? 'full' : 'minimal'})`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBe(2 * m.endpoints.length);
  });

  it('and reports a value of the wrong type at the top of every JSON result', async () => {
    const m = await model(path);
    const data = validationData(m) as unknown as ValidationSchemas;
    const sampler = Sampler.fromFile(path);
    for (const e of m.endpoints) {
      const schema = sampler.resultSchema(e.name) as { type?: unknown } | undefined;
      // Only where the spec pins the top-level type, so "wrong" is unambiguous.
      if (schema?.type !== 'object' && schema?.type !== 'array') continue;
      const wrong = schema.type === 'object' ? [] : {};
      expect(validateResult(data, e.name, wrong).length, e.name).toBeGreaterThan(0);
    }
  });

  it('lists the 204 endpoints and keeps only what the validator reads', async () => {
    const m = await model(path);
    const data = validationData(m);
    expect(data.noContent).toEqual(m.endpoints.filter((e) => e.result.kind !== 'json').map((e) => e.name));
    expect(Object.keys(data.results)).toEqual(m.endpoints.filter((e) => e.result.kind !== 'void').map((e) => e.name));
    const keywords = new Set<string>();
    for (const schema of [...Object.values(data.results), ...Object.values(data.components)]) collectKeywords(schema, keywords);
    expect([...keywords].sort()).toEqual(expect.arrayContaining(['$ref', 'items', 'properties', 'required', 'type']));
    const allowed = ['$ref', 'additionalProperties', 'allOf', 'anyOf', 'const', 'enum', 'items', 'nullable', 'oneOf', 'prefixItems', 'properties', 'required', 'type'];
    expect([...keywords].filter((k) => !allowed.includes(k))).toEqual([]);
    expect(data.components).not.toHaveProperty('Error'); // only referenced by error responses
  });
});

/** The keywords used anywhere in a schema (walking schema positions, so property names are not mistaken for keywords). */
function collectKeywords(schema: unknown, out: Set<string>): void {
  if (typeof schema !== 'object' || schema === null) return;
  for (const [key, value] of Object.entries(schema)) {
    out.add(key);
    if (key === 'properties') for (const v of Object.values(value as object)) collectKeywords(v, out);
    else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(key) || (key === 'items' && Array.isArray(value))) {
      for (const v of value as unknown[]) collectKeywords(v, out);
    } else if (key === 'items' || key === 'additionalProperties') collectKeywords(value, out);
  }
}

describe('validation.ts', () => {
  it('is one JSON.parse of a string literal, marked pure, that reproduces the data', async () => {
    const m = await model(REFERENCE_SPEC);
    const file = emitValidationFile(m);
    // The literal is single-quoted (the JSON holds double quotes) and on a line of its own, as prettier writes it.
    const match = /^export const resultSchemas: ValidationSchemas = \/\* @__PURE__ \*\/ JSON\.parse\(\n {2}('.*'),\n\);$/m.exec(file);
    expect(match).not.toBeNull();
    const text = new Function(`return ${match![1]!};`)() as string;
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(validationData(m))));
    expect(file).toContain('import type { ValidationSchemas } from "./runtime/validate.js";');
    console.log(`validation.ts for 2026.7.0: ${(file.length / 1024).toFixed(0)} KiB`);
    expect(file.length).toBeLessThan(300_000);
  });

  it('keeps names such as __proto__ as plain keys', () => {
    const endpoint = (name: string, schema: Record<string, unknown>): Endpoint => ({
      name,
      identifier: 'x',
      typeBase: 'X',
      credential: false,
      permission: null,
      internal: false,
      allowGet: false,
      deprecated: false,
      body: { kind: 'none' },
      result: { kind: 'json', schema },
      errors: [],
      rateLimited: false,
      description: '',
    });
    const weird = { type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') as object, required: ['__proto__'] };
    const m = handModel({ endpoints: [endpoint('__proto__', { $ref: '#/components/schemas/__proto__' })], schemas: [{ name: '__proto__', typeName: 'Proto', description: '', schema: weird }] });
    const data = JSON.parse(JSON.stringify(validationData(m))) as ValidationSchemas;
    expect(Object.keys(data.results)).toEqual(['__proto__']);
    expect(Object.keys(data.components)).toEqual(['__proto__']);
    expect(validateResult(data, '__proto__', JSON.parse('{"__proto__": "ok"}'))).toEqual([]);
    expect(validateResult(data, '__proto__', JSON.parse('{"__proto__": 1}'))).toMatchObject([{ path: '$.__proto__', expected: 'string' }]);
    expect(validateResult(data, '__proto__', {})).toMatchObject([{ path: '$.__proto__', actual: 'missing' }]);
  });
});
