/** generator/model/refs.ts: references between schemas, JSON pointers, and the one walk that collects references. */
import { describe, expect, it } from 'vitest';
import { EAGER_KEYWORDS, childPointer, pointer, refTarget, refTo, refsIn } from '../../../generator/model/refs.js';
import type { JsonSchema } from '../../../generator/model/types.js';

const ref = (name: string) => ({ $ref: refTo(name) });

describe('refTo and refTarget', () => {
  it('round-trip any name, escaping `~`, `/` and `%`', () => {
    for (const name of ['Note', 'Ba/se', 'a~b', '100%', '%zz', '', '__proto__']) expect(refTarget(refTo(name)), name).toBe(name);
    expect(refTo('Ba/se')).toBe('#/components/schemas/Ba~1se');
    expect(refTo('100%')).toBe('#/components/schemas/100%25');
  });

  it('reads a `%` that starts no escape as written, and nothing outside components.schemas', () => {
    expect(refTarget('#/components/schemas/%zz')).toBe('%zz');
    expect(refTarget('#/components/responses/X')).toBeUndefined();
    expect(refTarget(42)).toBeUndefined();
  });
});

describe('pointer', () => {
  it('escapes each segment (RFC 6901) and extends a base', () => {
    expect(pointer('paths', '/notes/create', 'post')).toBe('#/paths/~1notes~1create/post');
    expect(pointer('a~b', 0)).toBe('#/a~0b/0');
    expect(childPointer('#/paths/~1x', 'post', 'responses')).toBe('#/paths/~1x/post/responses');
  });
});

describe('refsIn', () => {
  it('collects the references of every schema position, in document order, with repeats', () => {
    const schema: JsonSchema = {
      ...ref('Self'),
      properties: { a: ref('A'), b: { type: 'array', items: ref('B') } },
      additionalProperties: ref('C'),
      allOf: [ref('D'), { not: ref('E') }],
      items: [ref('F'), ref('A')],
      patternProperties: { '^x': ref('G') },
    };
    expect(refsIn(schema)).toEqual(['Self', 'A', 'B', 'G', 'D', 'E', 'C', 'F', 'A']);
  });

  it('does not take data for references: a `$ref` inside default, example, enum or const is a value', () => {
    const schema: JsonSchema = { type: 'object', default: ref('D'), example: { nested: ref('E') }, enum: [ref('F')], const: ref('G'), properties: { p: { default: ref('H') } } };
    expect(refsIn(schema)).toEqual([]);
  });

  it('follows only the keywords asked for: the eager ones, for cycles a type alias cannot express', () => {
    const schema: JsonSchema = { allOf: [ref('A'), { oneOf: [ref('B')] }], properties: { lazy: ref('C') }, anyOf: [ref('D')] };
    expect(refsIn(schema, EAGER_KEYWORDS)).toEqual(['A', 'B', 'D']);
  });

  it('skips a keyword holding the wrong kind of value (an allOf that is no list), and walks deep schemas without recursion', () => {
    expect(refsIn({ allOf: ref('A') as unknown as JsonSchema[], properties: [ref('B')] as unknown as Record<string, JsonSchema> })).toEqual([]);
    let deep: JsonSchema = ref('Bottom');
    for (let i = 0; i < 100_000; i++) deep = { items: deep };
    expect(refsIn(deep)).toEqual(['Bottom']);
  });
});
