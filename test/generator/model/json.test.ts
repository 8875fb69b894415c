/** generator/model/json.ts: the one test for a JSON object, and how values are named in messages. */
import { describe, expect, it } from 'vitest';
import { isObject, kindOf } from '../../../generator/model/json.js';

describe('isObject', () => {
  it('is true for objects only: not null, not arrays, not other values', () => {
    expect([{}, { a: 1 }, Object.create(null)].map(isObject)).toEqual([true, true, true]);
    expect([null, [], [1], 'x', 1, true, undefined].map(isObject)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('kindOf', () => {
  it('names a value with its article', () => {
    expect([null, [], {}, 'x', 1, true, undefined].map(kindOf)).toEqual(['null', 'an array', 'an object', 'a string', 'a number', 'a boolean', 'a undefined']);
  });
});
