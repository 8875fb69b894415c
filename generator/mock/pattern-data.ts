/**
 * A string made to match a schema's `pattern`, for made-up data (schema-data.ts). Specs use simple
 * patterns (`^[a-zA-Z0-9_]+$`, `^#[0-9a-fA-F]{6}$`, `^\w{1,20}$`, a negated class…), so this walks
 * that much of the syntax: literals, escapes, `.`, character classes (ranges, negation), groups (the
 * first alternative) and quantifiers. Anything else (lookarounds, back-references) gives undefined,
 * and so does a result the pattern itself does not accept: the caller then makes a plain word.
 */

/** Characters a negated class or `.` may stand for, tried in this order. */
const ORDINARY = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';
/** What a class escape stands for (its first members are what gets picked most). */
const CLASS_ESCAPES: Record<string, string> = {
  w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  d: '0123456789',
  s: ' ',
  W: '-.,;:!?',
  D: 'abcdefghijklmnopqrstuvwxyz',
  S: 'abcdefghijklmnopqrstuvwxyz0123456789',
};
/** Repeats of an open-ended quantifier (`*`, `+`, `{n,}`): short, as other made-up strings. */
const OPEN_REPEATS = 8;
/** Limits for a hostile pattern (it is spec text): nesting, and the length of what is made. */
const MAX_DEPTH = 32;
const MAX_LENGTH = 10_000;

class Unsupported extends Error {}

/** Whether `pattern` (as Ajv reads it: a `u` RegExp) accepts `text`; an invalid pattern accepts nothing. */
export function matchesPattern(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

/** A string `pattern` accepts, within the lengths given; undefined when none is made. */
export function matchingString(pattern: string, random: () => number, minLength = 0, maxLength = Infinity): string | undefined {
  let text: string;
  try {
    const reader: Reader = { source: pattern, at: 0, depth: 0 };
    text = alternatives(reader, random);
    if (reader.at < pattern.length) throw new Unsupported(); // a stray `)`
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return text.length >= minLength && text.length <= maxLength && matchesPattern(pattern, text) ? text : undefined;
}

interface Reader {
  source: string;
  at: number;
  /** Groups open around the reader. */
  depth: number;
}

/** `a|b|…` up to the end or a `)`: the first alternative is made, the others are read past. */
function alternatives(r: Reader, random: () => number): string {
  const first = sequence(r, random);
  while (r.source[r.at] === '|') {
    r.at++;
    sequence(r, random);
  }
  return first;
}

function sequence(r: Reader, random: () => number): string {
  let out = '';
  while (r.at < r.source.length && r.source[r.at] !== '|' && r.source[r.at] !== ')') {
    const c = r.source[r.at]!;
    if (c === '^' || c === '$') {
      r.at++;
      continue;
    }
    const make = atom(r, random);
    const [min, max] = quantifier(r);
    const count = min === max ? min : Math.min(Math.max(min, OPEN_REPEATS), max);
    for (let i = 0; i < count; i++) {
      out += make();
      if (out.length > MAX_LENGTH) throw new Unsupported();
    }
  }
  return out;
}

/** The atom at the reader, as a maker of one occurrence. */
function atom(r: Reader, random: () => number): () => string {
  const c = r.source[r.at++]!;
  const pick = (chars: string) => () => chars[Math.floor(random() * chars.length)]!;
  if (c === '(') {
    if (r.source[r.at] === '?') {
      if (r.source[r.at + 1] !== ':') throw new Unsupported(); // lookarounds, named groups
      r.at += 2;
    }
    if (r.depth >= MAX_DEPTH) throw new Unsupported();
    const start = r.at;
    // Read once to find its end; made afresh for each occurrence.
    const inner: Reader = { source: r.source, at: start, depth: r.depth + 1 };
    alternatives(inner, random);
    if (r.source[inner.at] !== ')') throw new Unsupported();
    const end = inner.at;
    r.at = end + 1;
    return () => alternatives({ source: r.source.slice(start, end), at: 0, depth: r.depth + 1 }, random);
  }
  if (c === '[') return pick(charClass(r));
  if (c === '.') return pick(ORDINARY);
  if (c === '\\') {
    const escaped = escape(r);
    return escaped.length === 1 ? () => escaped : pick(escaped);
  }
  if ('*+?{}'.includes(c)) throw new Unsupported();
  return () => c;
}

/** The characters an escape (after its backslash) stands for: one for a literal, several for `\w` and the like. */
function escape(r: Reader): string {
  const c = r.source[r.at++];
  if (c === undefined) throw new Unsupported();
  if (Object.hasOwn(CLASS_ESCAPES, c)) return CLASS_ESCAPES[c]!;
  if (c === 'x' || c === 'u') {
    const digits = c === 'x' ? 2 : 4;
    const hex = r.source.slice(r.at, r.at + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw new Unsupported();
    r.at += digits;
    return String.fromCharCode(parseInt(hex, 16));
  }
  const controls: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };
  if (Object.hasOwn(controls, c)) return controls[c]!;
  if (/[0-9bBkpP]/.test(c)) throw new Unsupported(); // back-references, word boundaries, properties
  return c;
}

/** `[...]` after its `[`: the characters it admits (a negated class: the ordinary ones it does not exclude). */
function charClass(r: Reader): string {
  const negated = r.source[r.at] === '^';
  if (negated) r.at++;
  const members = new Set<string>();
  const single = (): string => {
    const c = r.source[r.at++];
    if (c === undefined) throw new Unsupported();
    return c === '\\' ? escape(r) : c;
  };
  while (r.source[r.at] !== ']') {
    if (r.at >= r.source.length) throw new Unsupported();
    const from = single();
    if (from.length === 1 && r.source[r.at] === '-' && r.source[r.at + 1] !== ']' && r.at + 1 < r.source.length) {
      r.at++;
      const to = single();
      if (to.length !== 1 || to < from) throw new Unsupported();
      for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++) members.add(String.fromCharCode(code));
    } else {
      for (const m of from) members.add(m);
    }
  }
  r.at++;
  const chars = negated ? [...ORDINARY].filter((c) => !members.has(c)).join('') : [...members].join('');
  if (chars === '') throw new Unsupported();
  return chars;
}

/** The quantifier after an atom, as [min, max] (none: exactly once). */
function quantifier(r: Reader): [number, number] {
  const c = r.source[r.at];
  let bounds: [number, number] = [1, 1];
  if (c === '?') bounds = [0, 1];
  else if (c === '*') bounds = [0, Infinity];
  else if (c === '+') bounds = [1, Infinity];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(r.source.slice(r.at));
    if (!m) throw new Unsupported();
    r.at += m[0].length - 1;
    bounds = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3])];
  } else return bounds;
  r.at++;
  if (r.source[r.at] === '?') r.at++; // lazy: the same strings
  // `?` is taken once: an optional part is made, so the value shows it.
  return c === '?' ? [1, 1] : bounds;
}
