/**
 * Data shaped by a JSON Schema, made up deterministically: the same schema and seed always give the
 * same value. Answers for endpoints the state does not model, and the base of every entity the state
 * stores (a stored note is a made-up `Note` with its real fields laid over it).
 *
 * Only what makes the value valid: required properties, the first usable branch of a oneOf/anyOf,
 * the smallest allowed lengths and counts, a string its `pattern` accepts (pattern-data.ts). Where recursion could go on (a Note holds its renote),
 * a nullable reference becomes null and an optional one is left out.
 */
import { isObject } from '../model/json.js';
import { refTarget } from '../model/refs.js';
import type { JsonSchema } from '../model/types.js';
import { matchesPattern, matchingString } from './pattern-data.js';

/** A small seeded generator (mulberry32 over a string hash): deterministic, not for secrets. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleContext {
  components: ReadonlyMap<string, JsonSchema>;
  random: () => number;
}

/** Nesting beyond which only what the schema requires is made, and nullable references become null. */
const SHALLOW = 3;
/** A hard stop for schemas that require themselves without end. */
const DEEPEST = 24;
/** A fixed instant, so dates are deterministic too. */
const EPOCH = Date.UTC(2026, 0, 1);

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A string for a `format` (the spec's own ones included); undefined for a format without a rule. */
const FORMATS: Record<string, (random: () => number) => string> = {
  'date-time': (random) => new Date(EPOCH + Math.floor(random() * 1e9)).toISOString(),
  date: (random) => new Date(EPOCH + Math.floor(random() * 1e9)).toISOString().slice(0, 10),
  uri: (random) => `https://mock.invalid/${word(random, 8)}`,
  url: (random) => `https://mock.invalid/${word(random, 8)}`,
  uuid: (random) => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  },
  'misskey:id': (random) => word(random, 10),
  id: (random) => word(random, 10),
  md5: (random) => Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join(''),
  email: (random) => `${word(random, 6)}@mock.invalid`,
};

function word(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return out;
}

/** A value valid against `schema`. */
export function sample(schema: JsonSchema, context: SampleContext, depth = 0): unknown {
  if (schema === true || !isObject(schema)) return schema === false ? undefined : {};
  if (depth > DEEPEST) return null;
  if (typeof schema['$ref'] === 'string') {
    const name = refTarget(schema['$ref']);
    const target = name !== undefined ? context.components.get(name) : undefined;
    return target === undefined ? {} : sample(target, context, depth + 1);
  }
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) {
    const options = schema['enum'].filter((v) => v !== null);
    const list = options.length > 0 ? options : schema['enum'];
    return list[Math.floor(context.random() * list.length)];
  }
  const branches = (Array.isArray(schema['oneOf']) ? schema['oneOf'] : Array.isArray(schema['anyOf']) ? schema['anyOf'] : undefined) as JsonSchema[] | undefined;
  if (branches && branches.length > 0) return sampleBranch(branches, context, depth);
  if (Array.isArray(schema['allOf'])) return sampleAll(schema, schema['allOf'] as JsonSchema[], context, depth);

  const type = pickType(schema, depth);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return context.random() < 0.5;
    case 'integer':
    case 'number':
      return sampleNumber(schema, type, context.random);
    case 'string':
      return sampleString(schema, context.random);
    case 'array':
      return sampleArray(schema, context, depth);
    default:
      return sampleObject(schema, context, depth);
  }
}

/** The branch to follow: past the shallow levels, null when a branch allows it (ends recursion). */
function sampleBranch(branches: JsonSchema[], context: SampleContext, depth: number): unknown {
  const nullBranch = branches.find((b) => isObject(b) && (b['type'] === 'null' || (Array.isArray(b['type']) && b['type'].includes('null'))));
  if (nullBranch !== undefined && depth > 0) return null;
  const others = branches.filter((b) => b !== nullBranch);
  const chosen = others.length > 0 ? others[0]! : branches[0]!;
  return sample(chosen, context, depth + 1);
}

function sampleAll(schema: Record<string, unknown>, parts: JsonSchema[], context: SampleContext, depth: number): unknown {
  // The parts decide the type: `{type: [object, null], allOf: [{$ref}]}` admits no null (the parts need an object).
  const { allOf: _allOf, type: _type, nullable: _nullable, ...rest } = schema;
  let merged: unknown = Object.keys(rest).length > 0 ? sample(rest, context, depth + 1) : undefined;
  for (const part of parts) {
    const value = sample(part, context, depth + 1);
    merged = isObject(merged) && isObject(value) ? { ...merged, ...value } : merged === undefined ? value : merged;
  }
  return merged ?? {};
}

function pickType(schema: Record<string, unknown>, depth: number): string {
  const declared = schema['type'];
  const types = Array.isArray(declared) ? declared.filter((t): t is string => typeof t === 'string') : typeof declared === 'string' ? [declared] : [];
  const nullable = types.includes('null') || schema['nullable'] === true;
  // Inside an entity a nullable field is null, as most are on a fresh server (and recursion ends there).
  if (nullable && depth > 0) return 'null';
  const concrete = types.filter((t) => t !== 'null');
  if (concrete.length > 0) return concrete[0]!;
  if (types.includes('null')) return 'null';
  if ('properties' in schema) return 'object';
  if ('items' in schema) return 'array';
  return 'object';
}

function sampleNumber(schema: Record<string, unknown>, type: string, random: () => number): number {
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] + 1 : 0;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : typeof schema['exclusiveMaximum'] === 'number' ? schema['exclusiveMaximum'] - 1 : min + 100;
  const low = Math.min(min, max);
  const value = low + random() * (Math.max(min, max) - low);
  return type === 'integer' ? Math.min(Math.ceil(value), Math.floor(Math.max(min, max))) : value;
}

function sampleString(schema: Record<string, unknown>, random: () => number): string {
  const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
  const rule = format !== undefined && Object.hasOwn(FORMATS, format) ? FORMATS[format] : undefined;
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 1;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  let text = rule ? rule(random) : word(random, Math.min(Math.max(min, 8), max));
  if (text.length < min) text = text.padEnd(min, 'x');
  if (text.length > max) text = text.slice(0, max);
  const pattern = typeof schema['pattern'] === 'string' ? schema['pattern'] : undefined;
  if (pattern !== undefined && !matchesPattern(pattern, text)) text = matchingString(pattern, random, min, max) ?? text;
  return text;
}

function sampleArray(schema: Record<string, unknown>, context: SampleContext, depth: number): unknown[] {
  const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  const prefix = Array.isArray(schema['prefixItems']) ? (schema['prefixItems'] as JsonSchema[]) : [];
  const items = (isObject(schema['items']) || typeof schema['items'] === 'boolean' ? schema['items'] : {}) as JsonSchema;
  // One item near the top, so a list shows its shape; none deeper unless required.
  const count = Math.max(min, prefix.length, depth < SHALLOW ? 1 : 0);
  return Array.from({ length: count }, (_, i) => sample(i < prefix.length ? prefix[i]! : items, context, depth + 1));
}

function sampleObject(schema: Record<string, unknown>, context: SampleContext, depth: number): Record<string, unknown> {
  // Null prototype: property names come from the spec (`__proto__` stays a plain key).
  const out: Record<string, unknown> = Object.create(null);
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((r): r is string => typeof r === 'string') : []);
  for (const name of Object.keys(properties)) {
    if (!required.has(name) && depth >= SHALLOW) continue;
    const value = sample(properties[name] as JsonSchema, context, depth + 1);
    if (value !== undefined) out[name] = value;
  }
  for (const name of required) if (!(name in out)) out[name] = null;
  // JSON.stringify of a null-prototype object is the same; a spread copy restores a normal one for callers.
  return { ...out };
}
