/** generator/normalize/bounds.ts: how much any one spec value may make the generator do, measured without recursion. */
import { describe, expect, it } from 'vitest';
import { MAX_DOC_VALUE_CHARS, MAX_VALUE_DEPTH, nodeCount, valueOverBounds } from '../../../generator/normalize/bounds.js';

/** A value nested `depth` levels, built as text: JSON.stringify itself overflows on such values. */
const deep = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

describe('valueOverBounds', () => {
  it('allows 16 levels and no more, and measures no further than the bounds', () => {
    expect(valueOverBounds(deep(MAX_VALUE_DEPTH), MAX_DOC_VALUE_CHARS)).toBeUndefined();
    expect(valueOverBounds(deep(MAX_VALUE_DEPTH + 1), MAX_DOC_VALUE_CHARS)).toBe('nested more than 16 levels deep');
    expect(valueOverBounds('x'.repeat(MAX_DOC_VALUE_CHARS), MAX_DOC_VALUE_CHARS)).toBe(`larger than ${MAX_DOC_VALUE_CHARS} characters as JSON`);
    expect(valueOverBounds(Array.from({ length: 1_000_000 }, () => 0), 100)).toBe('larger than 100 characters as JSON');
    expect(valueOverBounds(deep(1_000_000), 10 ** 9)).toBe('nested more than 16 levels deep');
  });
});

describe('nodeCount', () => {
  it('counts objects and arrays, and stops counting past the limit', () => {
    expect(nodeCount({ a: [{}, 1, 'x'], b: { c: {} } }, 100)).toBe(5);
    expect(nodeCount(deep(1_000_000), 10)).toBe(11);
    expect(nodeCount('text', 10)).toBe(0);
  });
});
