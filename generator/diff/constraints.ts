/**
 * The JSON Schema keywords that validate a value without changing its TypeScript type: lengths,
 * ranges, patterns, formats and the like. Each is compared by the rule of its kind, written once
 * in RULES, and every difference is said as tightened (fewer values valid), loosened (more) or
 * changed (neither contains the other). Types, enums, nullability, properties and required-ness
 * are compared in schema.ts; annotations (description, example, default, title) are not compared.
 */
import { canonicalFormat } from '../model/formats.js';
import { sameJson } from './shape.js';
import type { Effect } from './types.js';

export interface ConstraintDelta {
  effect: Exclude<Effect, 'neutral'>;
  /** Completes a sentence whose subject is the place: 'maxLength changed: 100 → 50'. */
  detail: string;
}

/** A bound on a number or a count; absent is the bound that allows everything. */
interface Bound {
  value: number;
  exclusive: boolean;
}

type Rule =
  /**
   * A lower bound (a higher value demands more) or an upper bound (a lower value demands more);
   * `open` is the value that bounds nothing (a count's minimum is 0 whether said or not).
   */
  | { kind: 'lower' | 'upper'; name: string; open: number; read: (keywords: Keywords) => Bound | undefined | typeof INVALID }
  /** `multipleOf`: a multiple of the old divisor demands more, a divisor of it less. */
  | { kind: 'divisor'; name: string }
  /** `uniqueItems`: true demands more than false or absent. */
  | { kind: 'flag'; name: string }
  /** Anything else that validates: present demands more than absent; two different values are neither. */
  | { kind: 'opaque'; name: string; canonical?: (value: unknown) => unknown };

type Keywords = Readonly<Record<string, unknown>>;

/** A keyword whose value cannot be read as its kind (a hand-made model, a hostile spec): compared as an opaque value. */
const INVALID = Symbol('invalid');

const count =
  (keyword: string) =>
  (k: Keywords): Bound | undefined | typeof INVALID => {
    if (!Object.hasOwn(k, keyword)) return undefined;
    const v = k[keyword];
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? { value: v, exclusive: false } : INVALID;
  };

/**
 * `minimum` with `exclusiveMinimum`, in both forms: 3.1's number (its own bound) and 3.0's boolean
 * (makes `minimum` exclusive). When both bound, the tighter one counts.
 */
const range =
  (inclusive: string, exclusive: string, side: 'lower' | 'upper') =>
  (k: Keywords): Bound | undefined | typeof INVALID => {
    const hasI = Object.hasOwn(k, inclusive);
    const hasE = Object.hasOwn(k, exclusive);
    if (!hasI && !hasE) return undefined;
    const i = k[inclusive];
    const e = k[exclusive];
    if (hasI && !(typeof i === 'number' && Number.isFinite(i))) return INVALID;
    if (hasE && !(typeof e === 'boolean' || (typeof e === 'number' && Number.isFinite(e)))) return INVALID;
    const bounds: Bound[] = [];
    if (typeof i === 'number') bounds.push({ value: i, exclusive: e === true });
    if (typeof e === 'number') bounds.push({ value: e, exclusive: true });
    if (bounds.length === 0) return undefined; // `exclusiveMinimum: true` without a minimum bounds nothing
    return bounds.reduce((a, b) => (tighter(b, a, side) ? b : a));
  };

/** Every keyword that validates and is not compared elsewhere, by the rule of its kind. */
const RULES: readonly Rule[] = [
  { kind: 'lower', name: 'minLength', open: 0, read: count('minLength') },
  { kind: 'upper', name: 'maxLength', open: Infinity, read: count('maxLength') },
  { kind: 'opaque', name: 'pattern' },
  // `binary` is a type of its own (Blob), compared as a type in schema.ts; the others validate a string.
  { kind: 'opaque', name: 'format', canonical: (v) => (typeof v === 'string' ? canonicalFormat(v) : v) },
  { kind: 'lower', name: 'minimum', open: -Infinity, read: range('minimum', 'exclusiveMinimum', 'lower') },
  { kind: 'upper', name: 'maximum', open: Infinity, read: range('maximum', 'exclusiveMaximum', 'upper') },
  { kind: 'divisor', name: 'multipleOf' },
  { kind: 'lower', name: 'minItems', open: 0, read: count('minItems') },
  { kind: 'upper', name: 'maxItems', open: Infinity, read: count('maxItems') },
  { kind: 'flag', name: 'uniqueItems' },
  { kind: 'opaque', name: 'contains' },
  { kind: 'lower', name: 'minContains', open: 1, read: count('minContains') },
  { kind: 'upper', name: 'maxContains', open: Infinity, read: count('maxContains') },
  { kind: 'opaque', name: 'prefixItems' },
  { kind: 'opaque', name: 'unevaluatedItems' },
  { kind: 'lower', name: 'minProperties', open: 0, read: count('minProperties') },
  { kind: 'upper', name: 'maxProperties', open: Infinity, read: count('maxProperties') },
  { kind: 'opaque', name: 'patternProperties' },
  { kind: 'opaque', name: 'propertyNames' },
  { kind: 'opaque', name: 'dependentRequired' },
  { kind: 'opaque', name: 'dependentSchemas' },
  { kind: 'opaque', name: 'unevaluatedProperties' },
  { kind: 'opaque', name: 'not' },
];

/** The keywords each rule reads (a range reads two). */
const KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  minimum: ['minimum', 'exclusiveMinimum'],
  maximum: ['maximum', 'exclusiveMaximum'],
};
const keywordsOf = (rule: Rule): readonly string[] => KEYWORDS[rule.name] ?? [rule.name];

/** Whether a schema's own keywords constrain it beyond its type (so it is not "any value of its type"). */
export function hasConstraints(keywords: Keywords): boolean {
  return RULES.some((rule) => keywordsOf(rule).some((k) => Object.hasOwn(keywords, k) && !isBinaryFormat(k, keywords[k])));
}

export function compareConstraints(a: Keywords, b: Keywords): ConstraintDelta[] {
  const out: ConstraintDelta[] = [];
  for (const rule of RULES) {
    const delta = compareRule(rule, a, b);
    if (delta !== undefined) out.push(delta);
  }
  return out;
}

function compareRule(rule: Rule, a: Keywords, b: Keywords): ConstraintDelta | undefined {
  if (rule.kind === 'lower' || rule.kind === 'upper') {
    const x = rule.read(a);
    const y = rule.read(b);
    if (x === INVALID || y === INVALID) return compareOpaque(rule.name, rawOf(rule, a), rawOf(rule, b));
    return compareBounds(rule.name, rule.kind, rule.open, x, y);
  }
  const has = (k: Keywords) => Object.hasOwn(k, rule.name);
  if (!has(a) && !has(b)) return undefined;
  if (rule.kind === 'flag') {
    const x = a[rule.name] === true;
    const y = b[rule.name] === true;
    if (x === y) return undefined;
    return y ? { effect: 'tightened', detail: `${rule.name} added` } : { effect: 'loosened', detail: `${rule.name} removed` };
  }
  if (rule.kind === 'divisor') return compareDivisors(rule.name, a[rule.name], b[rule.name], has(a), has(b));
  if (rule.name === 'format' && (isBinaryFormat('format', a['format']) || isBinaryFormat('format', b['format']))) return undefined;
  return compareOpaque(rule.name, has(a) ? a[rule.name] : undefined, has(b) ? b[rule.name] : undefined, rule.kind === 'opaque' ? rule.canonical : undefined);
}

function compareBounds(name: string, side: 'lower' | 'upper', open: number, x: Bound | undefined, y: Bound | undefined): ConstraintDelta | undefined {
  // Absent is the bound that allows everything: a minLength of 0 added is no change.
  const before = x ?? { value: open, exclusive: false };
  const after = y ?? { value: open, exclusive: false };
  if (before.value === after.value && before.exclusive === after.exclusive) return undefined;
  const effect = tighter(after, before, side) ? 'tightened' : 'loosened';
  if (x === undefined) return { effect, detail: `${name} added: ${showBound(after)}` };
  if (y === undefined) return { effect, detail: `${name} ${showBound(before)} removed` };
  return { effect, detail: `${name} changed: ${showBound(before)} → ${showBound(after)}` };
}

/** Whether bound `a` allows fewer values than `b`. */
function tighter(a: Bound, b: Bound, side: 'lower' | 'upper'): boolean {
  if (a.value !== b.value) return side === 'lower' ? a.value > b.value : a.value < b.value;
  return a.exclusive && !b.exclusive;
}

function compareDivisors(name: string, x: unknown, y: unknown, hasX: boolean, hasY: boolean): ConstraintDelta | undefined {
  const valid = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!hasX || !hasY || !valid(x) || !valid(y)) return compareOpaque(name, hasX ? x : undefined, hasY ? y : undefined);
  if (x === y) return undefined;
  // Every multiple of 10 is a multiple of 5: 5 → 10 accepts fewer numbers, 10 → 5 more.
  const effect = isMultiple(y, x) ? 'tightened' : isMultiple(x, y) ? 'loosened' : 'changed';
  return { effect, detail: `${name} changed: ${show(x)} → ${show(y)}` };
}

function isMultiple(n: number, of: number): boolean {
  const ratio = n / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9 * Math.max(1, Math.abs(ratio));
}

/** `canonical`: the value two spellings of the same thing share; messages show the spec's own spelling. */
function compareOpaque(name: string, x: unknown, y: unknown, canonical: (value: unknown) => unknown = (v) => v): ConstraintDelta | undefined {
  if (x === undefined && y === undefined) return undefined;
  if (x === undefined) return { effect: 'tightened', detail: `${name} added: ${show(y)}` };
  if (y === undefined) return { effect: 'loosened', detail: `${name} ${show(x)} removed` };
  if (sameJson(canonical(x), canonical(y))) return undefined;
  return { effect: 'changed', detail: `${name} changed: ${show(x)} → ${show(y)}` };
}

function rawOf(rule: Rule, k: Keywords): unknown {
  const present = keywordsOf(rule).filter((key) => Object.hasOwn(k, key));
  if (present.length === 0) return undefined;
  return present.length === 1 ? k[present[0] as string] : Object.fromEntries(present.map((key) => [key, k[key]]));
}

function isBinaryFormat(keyword: string, value: unknown): boolean {
  return keyword === 'format' && value === 'binary';
}

function showBound(b: Bound): string {
  return b.exclusive ? `${show(b.value)} (exclusive)` : show(b.value);
}

const MAX_SHOWN = 80;

/** A value from the spec as it reads in a message, cut to a readable length (the renderers escape control characters). */
function show(value: unknown): string {
  const text = brief(value, 0);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** JSON, but only two levels and eight members deep: a schema value (`not`, `contains`) may nest as deep as a hand-made model likes. */
function brief(value: unknown, depth: number): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? String(value);
  if (depth >= 2) return Array.isArray(value) ? '[…]' : '{…}';
  const more = (n: number) => (n > 8 ? ',…' : '');
  if (Array.isArray(value)) return `[${value.slice(0, 8).map((v) => brief(v, depth + 1)).join(',')}${more(value.length)}]`;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  return `{${keys.slice(0, 8).map((k) => `${JSON.stringify(k)}:${brief(record[k], depth + 1)}`).join(',')}${more(keys.length)}}`;
}
