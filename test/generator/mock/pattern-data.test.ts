/**
 * Strings made to match a schema's `pattern` (made-up params and results must pass the same Ajv check
 * the mock applies): every pattern of the real specs, the syntax specs use, and nothing made (undefined,
 * so the caller falls back) for what it does not read or for a hostile pattern.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchesPattern, matchingString } from '../../../generator/mock/pattern-data.js';
import { seededRandom } from '../../../generator/mock/schema-data.js';
import { realSpecs } from '../../helpers/specs.js';

/** Every `pattern` of the real specs (none when they are not here: the table below still runs). */
function specPatterns(): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) (key === 'pattern' && typeof inner === 'string' ? found.add(inner) : walk(inner));
    }
  };
  for (const spec of realSpecs()) walk(JSON.parse(readFileSync(spec.path, 'utf8')));
  return [...found].sort();
}

const SYNTAX = [
  '^[a-zA-Z0-9_]+$',
  '^#[0-9a-fA-F]{6}$',
  '^([0-9]{4})-([0-9]{2})-([0-9]{2})$',
  '^\\w{1,20}$',
  '[^\\s]+',
  "^[^\\s:\\/?#\\[\\]@!$&'()*+,;=\\\\%\\x00-\\x20]{1,256}$",
  '^[a-zA-Z0-9-._]*$',
  '^(?:ab|cd)+x?\\.\\d{2,}$',
  '^.{3}\\u0041$',
];

describe('matchingString', () => {
  it.each([...new Set([...SYNTAX, ...specPatterns()])])('makes a string %s accepts, the same for the same seed', (pattern) => {
    const made = matchingString(pattern, seededRandom('p'));
    expect(made).toBeDefined();
    expect(matchesPattern(pattern, made!)).toBe(true);
    expect(matchingString(pattern, seededRandom('p'))).toBe(made);
  });

  it('keeps to the lengths asked for, or makes nothing', () => {
    expect(matchingString('^\\w+$', seededRandom('l'), 3, 20)).toHaveLength(8);
    expect(matchingString('^\\w{2}$', seededRandom('l'), 3)).toBeUndefined();
  });

  it.each([
    ['a lookahead', '^(?=a)\\w+$'],
    ['a back-reference', '^(a)\\1$'],
    ['an invalid pattern', '^[a-'],
    ['a class that admits nothing ordinary', '^[^\\w\\W]$'],
  ])('makes nothing for %s', (_what, pattern) => {
    expect(matchingString(pattern, seededRandom('u'))).toBeUndefined();
  });

  it('makes nothing, quickly and without a stack overflow, for a hostile pattern', () => {
    expect(matchingString('^((a{1000}){1000}){1000}$', seededRandom('h'))).toBeUndefined();
    expect(matchingString(`${'('.repeat(10_000)}a${')'.repeat(10_000)}`, seededRandom('h'))).toBeUndefined();
  });
});
