import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../../generator/load/json.js';

// A tiny seeded PRNG so failures reproduce.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sample = JSON.stringify(
  {
    openapi: '3.1.0',
    info: { title: 'Misskey API', version: '2026.7.0', 'x-e': 'caf\u00e9 \\ "q" \u2028' },
    paths: { '/notes/create': { post: { operationId: 'post___notes___create', tags: ['notes'], deprecated: false } } },
    numbers: [0, -1, 1.5, 2e10, -3.25e-3, 1e2],
    nothing: null,
    empty: [{}, []],
  },
  null,
  1,
);

describe('locateJsonError', () => {
  it('agrees with JSON.parse on valid documents', () => {
    for (const text of [
      sample,
      '1'.repeat(1000),
      '0',
      '"x"',
      'true',
      ' null ',
      '[]',
      '{}',
      '[[[[]]]]',
      '{"a":{"b":[1,{"c":"\\u00e9"}]}}',
    ]) {
      expect(locateJsonError(text)).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on thousands of random corruptions', () => {
    const random = rng(42);
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      '\n',
      'x',
      '0',
      '-',
      '.',
      'e',
      'tru',
      'nul',
      '\u0001',
      ' ',
    ];
    let disagreements = 0;
    const examples: string[] = [];
    for (let n = 0; n < 3000; n++) {
      let text = sample;
      const edits = 1 + Math.floor(random() * 3);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(random() * text.length);
        const op = random();
        const piece = pieces[Math.floor(random() * pieces.length)]!;
        if (op < 0.4) text = text.slice(0, at) + text.slice(at + 1);
        else if (op < 0.8) text = text.slice(0, at) + piece + text.slice(at);
        else text = text.slice(0, at);
      }
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const found = locateJsonError(text);
      if (valid !== (found === undefined)) {
        disagreements++;
        if (examples.length < 3) examples.push(text);
      }
      if (found) expect(found.offset).toBeLessThanOrEqual(text.length);
    }
    expect(examples).toEqual([]);
    expect(disagreements).toBe(0);
  });

  it('survives hostile nesting without overflowing the stack', () => {
    expect(locateJsonError('['.repeat(200_000))).toEqual({ offset: 200_000, reason: 'unexpected end of input' });
  });
});
