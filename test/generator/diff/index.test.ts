/**
 * The diff engine on small hand-built models: each kind of change is found, said in a readable
 * line, and classified breaking, refinement or compatible for a client written against the old side.
 */
import { describe, expect, it } from 'vitest';
import { IMPACT, diffModels, renderJson, renderSummary, renderText, type ApiDiff, type Change, type Effect, type Severity } from '../../../generator/diff/index.js';
import type { JsonSchema } from '../../../generator/model/types.js';
import { endpoint, model, object, ref, schema, withParams, withResult } from '../../helpers/model.js';

/** The changes as `severity kind target: message` lines, for exact comparisons. */
function lines(diff: ApiDiff): string[] {
  return diff.changes.map((c: Change) => `${c.severity} ${c.kind} ${c.endpoint ?? c.schema ?? '-'}: ${c.message}`);
}

const params = (a: JsonSchema, b: JsonSchema) => lines(diffModels(model({ endpoints: [withParams('x', a)] }), model({ endpoints: [withParams('x', b)] })));
const result = (a: JsonSchema, b: JsonSchema) => lines(diffModels(model({ endpoints: [withResult('x', a)] }), model({ endpoints: [withResult('x', b)] })));

describe('endpoints', () => {
  it('an added endpoint is compatible, a removed one breaking', () => {
    const old = model({ endpoints: [endpoint('a'), endpoint('b')] });
    const next = model({ endpoints: [endpoint('b'), endpoint('c', { credential: true, permission: 'write:c' })] });
    const diff = diffModels(old, next);
    expect(lines(diff)).toEqual(['breaking endpoint-removed a: removed', 'compatible endpoint-added c: added (credential required, permission write:c)']);
    expect(diff.summary).toMatchObject({ endpointsAdded: 1, endpointsRemoved: 1, endpointsChanged: 0, breaking: 1, compatible: 1 });
  });

  it('identical models give no changes', () => {
    const m = model({ endpoints: [withParams('a', object({ x: { type: 'string' } }, ['x']))], schemas: [schema('S', object({}))], permissions: ['read:a'] });
    expect(diffModels(m, structuredClone(m)).changes).toEqual([]);
  });

  it.each([
    [{ credential: false }, { credential: true }, 'breaking credential-changed x: now requires a credential'],
    [{ credential: true }, { credential: false }, 'compatible credential-changed x: no longer requires a credential'],
    [{ permission: null }, { permission: 'write:x' }, 'breaking permission-changed x: now requires permission write:x'],
    [{ permission: 'read:x' }, { permission: 'write:x' }, 'breaking permission-changed x: permission changed: read:x → write:x'],
    [{ permission: 'write:x' }, { permission: null }, 'compatible permission-changed x: no longer requires permission write:x'],
    [{ internal: false }, { internal: true }, 'breaking internal-changed x: now internal (app tokens are refused)'],
    [{ internal: true }, { internal: false }, 'compatible internal-changed x: no longer internal'],
    [{ deprecated: false }, { deprecated: true }, 'compatible deprecated-changed x: now deprecated'],
    [{ identifier: 'x' }, { identifier: 'x2' }, 'breaking identifier-changed x: function renamed: x → x2'],
  ] as const)('access: %o → %o', (a, b, expected) => {
    expect(lines(diffModels(model({ endpoints: [endpoint('x', a)] }), model({ endpoints: [endpoint('x', b)] })))).toEqual([expected]);
  });

  it('error codes: added is compatible, removed breaking', () => {
    const err = (code: string) => ({ code, id: code, message: code });
    const diff = diffModels(model({ endpoints: [endpoint('x', { errors: [err('A'), err('B')] })] }), model({ endpoints: [endpoint('x', { errors: [err('B'), err('C')] })] }));
    expect(lines(diff)).toEqual(['breaking error-removed x: error A removed', 'compatible error-added x: error C added']);
  });

  it.each([
    ['void', 'json', 'compatible result-kind-changed x: now returns a result'],
    ['json', 'void', 'breaking result-kind-changed x: no longer returns a result'],
    ['json', 'json-or-void', 'breaking result-kind-changed x: result may now be empty (204; typed undefined)'],
    ['json-or-void', 'json', 'refinement result-kind-changed x: result is no longer empty'],
  ] as const)('result kind %s → %s', (a, b, expected) => {
    const side = (kind: 'void' | 'json' | 'json-or-void') => model({ endpoints: [endpoint('x', { result: kind === 'void' ? { kind } : { kind, schema: { type: 'string' } } })] });
    expect(lines(diffModels(side(a), side(b)))).toEqual([expected]);
  });

  it('json → multipart params is breaking; no params → optional params is compatible', () => {
    const p = object({ a: { type: 'string' } });
    expect(lines(diffModels(model({ endpoints: [withParams('x', p)] }), model({ endpoints: [endpoint('x', { body: { kind: 'multipart', schema: p } })] })))).toEqual([
      'breaking body-kind-changed x: params now sent as multipart/form-data (was JSON)',
    ]);
    expect(lines(diffModels(model({ endpoints: [endpoint('x')] }), model({ endpoints: [withParams('x', p)] })))).toEqual(['compatible property-added x: param `a` added (optional)']);
    expect(lines(diffModels(model({ endpoints: [withParams('x', p)] }), model({ endpoints: [endpoint('x')] })))).toEqual(['breaking property-removed x: param `a` removed']);
  });
});

describe('params (the client writes them)', () => {
  it.each([
    [object({}), object({ a: { type: 'string' } }), 'compatible property-added x: param `a` added (optional)'],
    [object({}), object({ a: { type: 'string' } }, ['a']), 'breaking property-added x: param `a` added (required)'],
    [object({ a: { type: 'string' } }), object({}), 'breaking property-removed x: param `a` removed'],
    [object({ a: { type: 'string' } }), object({ a: { type: 'string' } }, ['a']), 'breaking property-required x: param `a` is now required'],
    [object({ a: { type: 'string' } }, ['a']), object({ a: { type: 'string' } }), 'compatible property-optional x: param `a` is now optional'],
    [object({ a: { type: 'string' } }), object({ a: { type: 'number' } }), 'breaking type-changed x: param `a` type changed: string → number'],
    [object({ a: { type: 'integer' } }), object({ a: { type: 'number' } }), 'compatible type-changed x: param `a` type changed: integer → number'],
    [object({ a: { type: 'string' } }), object({ a: { type: ['string', 'null'] } }), 'compatible nullable-changed x: param `a` is now nullable'],
    [object({ a: { type: 'string', nullable: true } }), object({ a: { type: 'string' } }), 'breaking nullable-changed x: param `a` is no longer nullable'],
    [object({ a: { enum: ['p', 'q'] } }), object({ a: { enum: ['p', 'q', 'r'] } }), 'compatible enum-changed x: param `a` values added: "r"'],
    [object({ a: { enum: ['p', 'q'] } }), object({ a: { enum: ['p'] } }), 'breaking enum-changed x: param `a` values removed: "q"'],
    [object({ a: { type: 'string' } }), object({ a: { type: 'string', enum: ['p'] } }), 'breaking enum-changed x: param `a` is now limited to "p"'],
    [object({ a: { type: 'array', items: { type: 'string' } } }), object({ a: { type: 'array', items: { type: 'number' } } }), 'breaking type-changed x: param `a[]` type changed: string → number'],
    [object({ a: object({ b: { type: 'string' } }) }), object({ a: object({ b: { type: 'string' } }, ['b']) }), 'breaking property-required x: param `a.b` is now required'],
  ] as [JsonSchema, JsonSchema, string][])('%j → %j', (a, b, expected) => {
    expect(params(a, b)).toEqual([expected]);
  });

  it('ignores annotations (descriptions, examples, defaults) and the two spellings of an id format; binary is a type', () => {
    const a = object({ id: { type: 'string', format: 'misskey:id', description: 'x', example: 'a' }, n: { type: 'integer', default: 1, title: 'N' } });
    const b = object({ id: { type: 'string', format: 'id', description: 'y', example: 'b' }, n: { type: 'integer', default: 2, title: 'M' } });
    expect(params(a, b)).toEqual([]);
    expect(params(object({ f: { type: 'string' } }), object({ f: { type: 'string', format: 'binary' } }))).toEqual(['breaking type-changed x: param `f` type changed: string → Blob']);
  });

  it('"give at least one of these" alternatives: compares the old object with each alternative', () => {
    const props = { id: { type: 'string' }, name: { type: 'string' } };
    const diff = params(object(props, ['id']), { anyOf: [object(props, ['id']), object(props, ['name'])] });
    expect(diff).toEqual(['compatible variants-changed x: params alternatives added: object requiring name']);
    // Old values ({id, name}) still fit the first alternative: more is accepted, nothing less.
    const both = params(object(props, ['id', 'name']), { anyOf: [object(props, ['id']), object(props, ['name'])] });
    expect(both).toEqual(['compatible variants-changed x: params alternatives added: object requiring name', 'compatible property-optional x: param `name` is now optional']);
    // Old values ({}) fit no alternative: each alternative now requires something.
    const none = params(object(props), { anyOf: [object(props, ['id']), object(props, ['name'])] });
    expect(none).toEqual(['breaking property-required x: param `<#1>.id` is now required', 'breaking property-required x: param `<#2>.name` is now required']);
  });
});

describe('results (the client reads them)', () => {
  it.each([
    [object({}), object({ a: { type: 'string' } }, ['a']), 'refinement property-added x: result field `a` added (required)'],
    [object({}), object({ a: { type: 'string' } }), 'compatible property-added x: result field `a` added (optional)'],
    [object({ a: { type: 'string' } }), object({}), 'breaking property-removed x: result field `a` removed'],
    [object({ a: { type: 'string' } }, ['a']), object({ a: { type: 'string' } }), 'breaking property-optional x: result field `a` is now optional'],
    [object({ a: { type: 'string' } }), object({ a: { type: 'string' } }, ['a']), 'refinement property-required x: result field `a` is now required'],
    [object({ a: { type: 'string' } }), object({ a: { type: ['string', 'null'] } }), 'breaking nullable-changed x: result field `a` is now nullable'],
    [object({ a: { type: ['string', 'null'] } }), object({ a: { type: 'string' } }), 'refinement nullable-changed x: result field `a` is no longer nullable'],
    [object({ a: { enum: ['p'] } }), object({ a: { enum: ['p', 'q'] } }), 'breaking enum-changed x: result field `a` values added: "q"'],
    [object({ a: { enum: ['p', 'q'] } }), object({ a: { enum: ['p'] } }), 'refinement enum-changed x: result field `a` values removed: "q"'],
    [{ type: 'array', items: object({ a: { type: 'string' } }) }, { type: 'array', items: object({}) }, 'breaking property-removed x: result field `[].a` removed'],
    [object({ a: { type: 'number' } }), object({ a: { type: 'integer' } }), 'refinement type-changed x: result field `a` type changed: number → integer'],
  ] as [JsonSchema, JsonSchema, string][])('%j → %j', (a, b, expected) => {
    expect(result(a, b)).toEqual([expected]);
  });

  it('3.0 `nullable: true` and 3.1 `type: [T, "null"]` / `oneOf: [$ref, null]` are the same thing', () => {
    expect(result(object({ a: { type: 'string', nullable: true } }), object({ a: { type: ['string', 'null'] } }))).toEqual([]);
    const m = (value: JsonSchema) => model({ endpoints: [withResult('x', object({ n: value }))], schemas: [schema('Note', object({}))] });
    const forms: JsonSchema[] = [
      { oneOf: [ref('Note'), { type: 'null' }] },
      { type: ['object', 'null'], allOf: [ref('Note')] },
      { allOf: [ref('Note')], nullable: true },
    ];
    for (const a of forms) for (const b of forms) expect(lines(diffModels(m(a), m(b))), `${JSON.stringify(a)} → ${JSON.stringify(b)}`).toEqual([]);
    expect(lines(diffModels(m(ref('Note')), m(forms[0] as JsonSchema)))).toEqual(['breaking nullable-changed x: result field `n` is now nullable']);
  });

  it('an object split into alternatives told apart by a property: the new tags and the split, not a difference per alternative', () => {
    const old = object({ type: { type: 'string', enum: ['a', 'b'] }, note: { type: 'string' } }, ['type']);
    const next = {
      oneOf: [object({ type: { type: 'string', enum: ['a'] }, note: { type: 'string' } }, ['type', 'note']), object({ type: { type: 'string', enum: ['c'] } }, ['type'])],
    };
    expect(result(old, next)).toEqual([
      'breaking enum-changed x: result field `type` values added: "c"; values removed: "b"',
      'breaking variants-changed x: result is now one of 2 alternatives told apart by `type`',
    ]);
  });

  it('alternatives paired by their tag: a new alternative is breaking for a reader, changes inside are said per alternative', () => {
    const alt = (tag: string, extra: Record<string, JsonSchema> = {}) => object({ type: { enum: [tag] }, ...extra }, ['type']);
    expect(result({ oneOf: [alt('a'), alt('b')] }, { oneOf: [alt('a', { n: { type: 'number' } }), alt('b'), alt('c')] })).toEqual([
      'breaking variants-changed x: result alternatives added: type=c',
      'compatible property-added x: result field `<type=a>.n` added (optional)',
    ]);
  });

  it('allOf is compared as the object it stands for', () => {
    const m = (value: JsonSchema) => model({ endpoints: [withResult('x', value)], schemas: [schema('List', object({ id: { type: 'string' } }, ['id']))] });
    const extended = { allOf: [ref('List'), object({ likes: { type: 'number' } })] };
    expect(lines(diffModels(m(ref('List')), m(extended)))).toEqual(['compatible property-added x: result field `likes` added (optional)']);
    expect(lines(diffModels(m(extended), m(ref('List'))))).toEqual(['breaking property-removed x: result field `likes` removed']);
  });

  it('a named type that became one alternative of the old union narrows the result', () => {
    const schemas = [schema('Lite', object({ id: { type: 'string' } })), schema('Detailed', object({ id: { type: 'string' }, bio: { type: 'string' } })), schema('Either', { oneOf: [ref('Lite'), ref('Detailed')] })];
    const diff = diffModels(model({ endpoints: [withResult('x', ref('Either'))], schemas }), model({ endpoints: [withResult('x', ref('Detailed'))], schemas }));
    expect(lines(diff)).toEqual(['refinement variants-changed x: result alternatives removed: Lite', 'compatible ref-changed x: result type changed: Either → Detailed']);
  });

  it('a reference to a different schema with the same shape is only a renamed type', () => {
    const shape = object({ id: { type: 'string' } }, ['id']);
    const diff = diffModels(model({ endpoints: [withResult('x', ref('A'))], schemas: [schema('A', shape)] }), model({ endpoints: [withResult('x', ref('B'))], schemas: [schema('B', shape)] }));
    expect(lines(diff)).toEqual(['compatible ref-changed x: result type changed: A → B', 'breaking schema-removed A: removed (type A is gone)', 'compatible schema-added B: added']);
  });
});

/**
 * The same change, once as a param and once as a result: the same effect on values, and the
 * severity the direction gives it. Written out per case (not computed from IMPACT) so a rule that
 * drifts in one place shows here.
 */
describe('which way a change affects callers: one rule for params and results', () => {
  const p = (value: JsonSchema) => object({ a: value });
  const str = (extra: Record<string, unknown> = {}): JsonSchema => ({ type: 'string', ...extra });
  const num = (extra: Record<string, unknown> = {}): JsonSchema => ({ type: 'number', ...extra });
  const arr = (extra: Record<string, unknown> = {}): JsonSchema => ({ type: 'array', items: { type: 'string' }, ...extra });
  const obj = (extra: Record<string, unknown> = {}): JsonSchema => ({ type: 'object', additionalProperties: { type: 'string' }, ...extra });
  const T = ['tightened', 'breaking', 'refinement'] as const;
  const L = ['loosened', 'compatible', 'breaking'] as const;
  const C = ['changed', 'breaking', 'breaking'] as const;
  const N = ['neutral', 'compatible', 'compatible'] as const;
  const cases: [string, JsonSchema, JsonSchema, readonly [Effect, Severity, Severity]][] = [
    // types, enums, nullability, required-ness, properties
    ['a type added', p(str()), p({ type: ['string', 'number'] }), L],
    ['integer → number', p({ type: 'integer' }), p(num()), L],
    ['number → integer', p(num()), p({ type: 'integer' }), T],
    ['string → number', p(str()), p(num()), C],
    ['enum member added', p(str({ enum: ['x', 'y'] })), p(str({ enum: ['x', 'y', 'z'] })), L],
    ['enum member removed', p(str({ enum: ['x', 'y'] })), p(str({ enum: ['x'] })), T],
    ['enum member swapped', p(str({ enum: ['x', 'y'] })), p(str({ enum: ['x', 'z'] })), C],
    ['now limited to an enum', p(str()), p(str({ enum: ['x'] })), T],
    ['const → enum', p(str({ const: 'x' })), p(str({ enum: ['x', 'y'] })), L],
    ['now nullable', p(str()), p({ type: ['string', 'null'] }), L],
    ['no longer nullable', p({ type: ['string', 'null'] }), p(str()), T],
    ['now required', object({ a: str() }), object({ a: str() }, ['a']), T],
    ['now optional', object({ a: str() }, ['a']), object({ a: str() }), L],
    ['required property added', object({}), object({ a: str() }, ['a']), T],
    ['required without being declared', { type: 'object' }, { type: 'object', required: ['a'] }, T],
    ['optional property added', object({}), object({ a: str() }), N],
    ['property removed', object({ a: str() }), object({}), C],
    ['untyped object → object with properties', p({ type: 'object' }), p(object({ b: str() }, ['b'])), T],
    // every keyword that validates
    ['minLength raised', p(str({ minLength: 1 })), p(str({ minLength: 3 })), T],
    ['minLength lowered', p(str({ minLength: 3 })), p(str({ minLength: 1 })), L],
    ['minLength added', p(str()), p(str({ minLength: 1 })), T],
    ['maxLength lowered', p(str({ maxLength: 100 })), p(str({ maxLength: 50 })), T],
    ['maxLength removed', p(str({ maxLength: 100 })), p(str()), L],
    ['pattern added', p(str()), p(str({ pattern: '^[a-z]+$' })), T],
    ['pattern removed', p(str({ pattern: '^[a-z]+$' })), p(str()), L],
    ['pattern changed', p(str({ pattern: '^[a-z]+$' })), p(str({ pattern: '^[0-9]+$' })), C],
    ['format added', p(str()), p(str({ format: 'date-time' })), T],
    ['format removed', p(str({ format: 'uri' })), p(str()), L],
    ['format changed', p(str({ format: 'uri' })), p(str({ format: 'date-time' })), C],
    ['minimum raised', p(num({ minimum: 0 })), p(num({ minimum: 1 })), T],
    ['maximum lowered', p(num({ maximum: 100 })), p(num({ maximum: 10 })), T],
    ['maximum raised', p(num({ maximum: 10 })), p(num({ maximum: 100 })), L],
    ['minimum made exclusive (3.1)', p(num({ minimum: 0 })), p(num({ exclusiveMinimum: 0 })), T],
    ['maximum made exclusive (3.0)', p(num({ maximum: 10 })), p(num({ maximum: 10, exclusiveMaximum: true })), T],
    ['exclusiveMaximum raised', p(num({ exclusiveMaximum: 10 })), p(num({ exclusiveMaximum: 20 })), L],
    ['multipleOf 5 → 10', p(num({ multipleOf: 5 })), p(num({ multipleOf: 10 })), T],
    ['multipleOf 10 → 5', p(num({ multipleOf: 10 })), p(num({ multipleOf: 5 })), L],
    ['multipleOf 3 → 5', p(num({ multipleOf: 3 })), p(num({ multipleOf: 5 })), C],
    ['multipleOf added', p(num()), p(num({ multipleOf: 2 })), T],
    ['minItems raised', p(arr({ minItems: 1 })), p(arr({ minItems: 2 })), T],
    ['maxItems raised', p(arr({ maxItems: 10 })), p(arr({ maxItems: 20 })), L],
    ['uniqueItems added', p(arr()), p(arr({ uniqueItems: true })), T],
    ['uniqueItems removed', p(arr({ uniqueItems: true })), p(arr({ uniqueItems: false })), L],
    ['minProperties added', p(obj()), p(obj({ minProperties: 1 })), T],
    ['maxProperties lowered', p(obj({ maxProperties: 8 })), p(obj({ maxProperties: 4 })), T],
    ['not added', p(str()), p(str({ not: { enum: ['admin'] } })), T],
  ];

  it.each(cases)('%s', (_label, a, b, [effect, asParams, asResult]) => {
    for (const [run, severity, scope] of [
      [(x: JsonSchema, y: JsonSchema) => diffModels(model({ endpoints: [withParams('x', x)] }), model({ endpoints: [withParams('x', y)] })), asParams, 'params'],
      [(x: JsonSchema, y: JsonSchema) => diffModels(model({ endpoints: [withResult('x', x)] }), model({ endpoints: [withResult('x', y)] })), asResult, 'result'],
    ] as const) {
      const changes = run(a, b).changes;
      expect(changes, `${scope}: ${JSON.stringify(changes)}`).toHaveLength(1);
      expect(changes[0], scope).toMatchObject({ scope, effect, severity });
    }
  });

  it('the rule itself: tightened breaks a writer and refines a reader; loosened the reverse', () => {
    expect(IMPACT).toEqual({
      tightened: { input: 'breaking', output: 'refinement' },
      loosened: { input: 'compatible', output: 'breaking' },
      changed: { input: 'breaking', output: 'breaking' },
      neutral: { input: 'compatible', output: 'compatible' },
    });
  });

  it('an untyped object that became a named schema (or alternatives of objects) is one tightened type change, not every field added', () => {
    const block = { oneOf: [object({ type: { enum: ['text'] }, text: str() }, ['type', 'text']), object({ type: { enum: ['image'] }, url: str() }, ['type', 'url'])] };
    const m = (value: JsonSchema) => model({ endpoints: [withResult('x', { type: 'array', items: value })], schemas: [schema('Block', { type: 'object', ...block })] });
    expect(lines(diffModels(m({ type: 'object' }), m(ref('Block'))))).toEqual(['refinement type-changed x: result field `[]` type changed: object → Block']);
    expect(lines(diffModels(m(ref('Block')), m({ type: 'object' })))).toEqual(['breaking type-changed x: result field `[]` type changed: Block → object']);
    expect(lines(diffModels(m({ type: 'object' }), m(block)))).toEqual(['refinement type-changed x: result field `[]` type changed: object → one of 2']);
    // Not within the old type: a string became an object schema.
    expect(lines(diffModels(m({ type: 'string' }), m(ref('Block'))))[0]).toMatch(/^breaking /);
  });

  it('constraints from a hostile or hand-made model are compared as values, and said briefly', () => {
    expect(params(p(str({ maxLength: 'ten' })), p(str({ maxLength: 10 })))).toEqual(['breaking constraint-changed x: param `a` maxLength changed: "ten" → 10']);
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 5000; i++) at = (at['not'] = {}) as Record<string, unknown>;
    const [line] = params(p(str()), p(str({ not: deep })));
    expect(line).toBe('breaking constraint-changed x: param `a` not added: {"not":{"not":{…}}}');
    const long = 'x'.repeat(500);
    expect(params(p(str()), p(str({ pattern: long })))[0]?.length).toBeLessThan(200);
  });
});

describe('named schemas', () => {
  it('a schema change is reported once, on the schema, not on each endpoint that uses it', () => {
    const before = model({ endpoints: [withResult('a', ref('Note')), withResult('b', { type: 'array', items: ref('Note') })], schemas: [schema('Note', object({ id: { type: 'string' }, text: { type: 'string' } }, ['id']))] });
    const after = model({ endpoints: [withResult('a', ref('Note')), withResult('b', { type: 'array', items: ref('Note') })], schemas: [schema('Note', object({ id: { type: 'string' } }, ['id']))] });
    const diff = diffModels(before, after);
    expect(lines(diff)).toEqual(['breaking property-removed Note: property `text` removed']);
    expect(diff.summary).toMatchObject({ endpointsChanged: 0, schemasChanged: 1 });
  });

  it('a schema that endpoints send is judged as params: a new required property breaks, a removed enum value too', () => {
    const m = (s: JsonSchema) => model({ endpoints: [withParams('set', object({ value: ref('Setting') }, ['value']))], schemas: [schema('Setting', s)] });
    expect(lines(diffModels(m(object({ a: { type: 'string' } })), m(object({ a: { type: 'string' }, b: { type: 'string' } }, ['b']))))).toEqual([
      'breaking property-added Setting: property `b` added (required)',
    ]);
    // Unused by any endpoint (an entity type): read, as results are, so a new required field is a refinement.
    const unused = (s: JsonSchema) => model({ schemas: [schema('Setting', s)] });
    expect(lines(diffModels(unused(object({})), unused(object({ b: { type: 'string' } }, ['b']))))).toEqual(['refinement property-added Setting: property `b` added (required)']);
    // Both sent and received: the worse of the two directions (tightened breaks a writer, loosened a reader).
    const both = (s: JsonSchema) => model({ endpoints: [withParams('set', object({ value: ref('Setting') })), withResult('get', ref('Setting'))], schemas: [schema('Setting', s)] });
    expect(lines(diffModels(both(object({ b: { type: 'string', maxLength: 10 } })), both(object({ b: { type: 'string', maxLength: 5 } }))))).toEqual([
      'breaking constraint-changed Setting: property `b` maxLength changed: 10 → 5',
    ]);
    expect(lines(diffModels(both(object({ b: { type: 'string', maxLength: 5 } })), both(object({ b: { type: 'string', maxLength: 10 } }))))).toEqual([
      'breaking constraint-changed Setting: property `b` maxLength changed: 5 → 10',
    ]);
  });

  it('a schema named only inside a value (a param’s default or example) is not sent: it is judged as an entity, read', () => {
    const m = (s: JsonSchema) =>
      model({ endpoints: [withParams('set', object({ value: { type: 'object', default: ref('Setting'), example: { nested: ref('Setting') } } }))], schemas: [schema('Setting', s)] });
    expect(lines(diffModels(m(object({})), m(object({ b: { type: 'string' } }, ['b']))))).toEqual(['refinement property-added Setting: property `b` added (required)']);
  });

  it('schemas added and removed, type renamed, permissions listed', () => {
    const diff = diffModels(
      model({ schemas: [schema('A', {}), { ...schema('B', {}), typeName: 'B' }], permissions: ['read:a', 'read:legacy'] }),
      model({ schemas: [{ ...schema('B', {}), typeName: 'B2' }, schema('C', {})], permissions: ['read:a', 'write:c'] }),
    );
    expect(lines(diff)).toEqual([
      'breaking schema-removed A: removed (type A is gone)',
      'breaking type-name-changed B: type renamed: B → B2',
      'compatible schema-added C: added',
      'breaking permission-name-removed -: permission read:legacy removed',
      'compatible permission-name-added -: permission write:c added',
    ]);
    expect(diff.summary).toMatchObject({ schemasAdded: 1, schemasRemoved: 1, schemasChanged: 1, permissionsAdded: 1, permissionsRemoved: 1 });
  });

  it('mutually recursive schemas whose references moved do not loop', () => {
    const a = model({ endpoints: [withResult('x', ref('A'))], schemas: [schema('A', object({ b: ref('B') })), schema('B', object({ a: ref('A') }))] });
    const b = model({ endpoints: [withResult('x', ref('C'))], schemas: [schema('C', object({ b: ref('D') })), schema('D', object({ a: ref('C'), n: { type: 'number' } }))] });
    const diff = diffModels(a, b);
    expect(lines(diff)).toContain('compatible property-added x: result field `b.n` added (optional)');
  });
});

describe('rendering', () => {
  const old = model({ version: '1.0', endpoints: [endpoint('gone'), withParams('notes/create', object({ text: { type: 'string' } }))], permissions: ['write:notes'] });
  const next = model({
    version: '2.0',
    endpoints: [endpoint('fresh', { permission: 'write:fresh', credential: true }), withParams('notes/create', object({ text: { type: 'string' }, cw: { type: 'string' } }, ['cw']))],
    permissions: ['write:fresh', 'write:notes'],
  });
  const diff = diffModels(old, next);

  it('text: counts, verdict, then grouped sections, each change with its effect on callers and which way its values moved', () => {
    const text = renderText(diff);
    expect(text).toContain('misskey 1.0 → misskey 2.0\n');
    expect(text).toContain('endpoints: 1 added, 1 removed, 1 changed; schemas: 0 added, 0 removed, 0 changed; permissions: 1 added, 0 removed');
    expect(text).toContain('2 breaking changes, 0 refinements, 2 compatible.');
    expect(text).toMatch(/Endpoints added \(1\), compatible\n {2}\+ fresh \(credential required, permission write:fresh\)/);
    expect(text).toMatch(/Endpoints removed \(1\), breaking\n {2}- gone/);
    expect(text).toMatch(/ {2}notes\/create\n {4}! breaking {4}param `cw` added \(required\) \(tightened\)\n/);
    expect(text).toContain('\n  · compatible  permission write:fresh added\n');
    expect(renderText(diff, { breakingOnly: true })).not.toContain('fresh');
  });

  it('summary for regeneration: counts and every breaking change, one per line', () => {
    const text = renderSummary(diff);
    expect(text).toContain('  2 breaking changes, 0 refinements, 2 compatible.\n');
    expect(text.split('\n').filter((l) => l.includes('! '))).toEqual(['  ! gone: removed', '  ! notes/create: param `cw` added (required) (tightened)']);
    expect(renderSummary(diffModels(old, old))).toContain('API unchanged since the previous generation (misskey 1.0; same spec)');
    expect(renderSummary(diff, 1)).toContain('… and 1 more breaking changes');
  });

  it('JSON carries every change and the summary', () => {
    const json = JSON.parse(renderJson(diff, { sources: { old: 'a' } })) as ApiDiff & { sources: unknown };
    expect(json.sources).toEqual({ old: 'a' });
    expect(json.summary).toEqual(diff.summary);
    expect(json.changes).toEqual(diff.changes);
  });

  it('names from a hostile spec cannot move the cursor, clear the screen or reorder text', () => {
    const evil = 'x\u001b[2J\u001b[H\u202eevil\r\nfake line';
    const d = diffModels(model({ schemas: [] }), model({ schemas: [schema(evil, {})], permissions: [evil] }));
    for (const text of [renderText(d), renderSummary(d), renderJson(d)]) {
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text).not.toContain('\nfake line');
    }
    expect(renderText(d)).toContain('x\\u001b[2J');
  });
});
