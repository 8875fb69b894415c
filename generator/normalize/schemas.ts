/**
 * Makes a spec's JSON Schemas safe for the emitters: every `$ref` resolves to an existing
 * `components.schemas` entry, every place that must hold a schema holds one, and no chain of
 * references that a type alias would expand eagerly (`$ref`, allOf/oneOf/anyOf) loops back on
 * itself. What cannot be kept becomes `{}` (unknown) with a warning naming its JSON pointer.
 */
import type { JsonSchema, Warning } from '../model.js';
import { child } from './pointer.js';

const REF_PREFIX = '#/components/schemas/';
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const SCHEMA_LISTS = ['allOf', 'oneOf', 'anyOf', 'prefixItems'] as const;
const SCHEMA_SINGLES = ['not', 'additionalProperties', 'items', 'contains', 'propertyNames', 'unevaluatedProperties'] as const;
/** Keywords a TypeScript type cannot express and openapi-typescript ignores; dropped so they cannot trip it. */
const DROPPED = new Set(['if', 'then', 'else']);
/**
 * Schemas nested deeper than this become unknown. Real specs nest a few levels (2026.7.0: 7); the
 * type emitter and the formatter recurse per level and overflow the stack at a few hundred.
 */
export const MAX_SCHEMA_DEPTH = 64;
/** Formats Misskey's specs use (`id` in older ones and forks) and the ones JSON Schema and OpenAPI define. Others get one warning each. */
const KNOWN_FORMATS = new Set(
  (
    'misskey:id id binary bytes md5 date-time url uri uuid date time duration email idn-email hostname idn-hostname ' +
    'ipv4 ipv6 uri-reference iri iri-reference uri-template json-pointer relative-json-pointer regex int32 int64 float double byte password'
  ).split(' '),
);

export function refTarget(ref: unknown): string | undefined {
  if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) return undefined;
  return decodeURIComponent(ref.slice(REF_PREFIX.length)).replace(/~1/g, '/').replace(/~0/g, '~');
}

export function refTo(name: string): string {
  return REF_PREFIX + name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Assignment that keeps `__proto__` and friends (legal property names in a spec) as plain own properties. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SchemaSanitizer {
  readonly #names: ReadonlySet<string>;
  readonly #warnings: Warning[];
  /** Unknown formats: where each was first seen and how often. */
  readonly #formats = new Map<string, { pointer: string; count: number }>();

  constructor(componentNames: Iterable<string>, warnings: Warning[]) {
    this.#names = new Set(componentNames);
    this.#warnings = warnings;
  }

  /** A deep copy of `value` that is a valid schema for the emitters. */
  sanitize(value: unknown, where: string, depth = 0): JsonSchema {
    if (typeof value === 'boolean') return value;
    if (!isPlainObject(value)) {
      this.#warn(where, `expected a schema object, found ${describe(value)}; typed as unknown`);
      return {};
    }
    if (depth >= MAX_SCHEMA_DEPTH) {
      this.#warn(where, `schemas nested more than ${MAX_SCHEMA_DEPTH} levels deep; typed as unknown from here`);
      return {};
    }
    if ('$ref' in value) {
      const target = refTarget(value['$ref']);
      if (target === undefined || !this.#names.has(target)) {
        this.#warn(where, `$ref ${JSON.stringify(String(value['$ref'])).slice(0, 200)} does not name a schema in #/components/schemas; typed as unknown`);
        return {};
      }
      // Siblings of $ref (e.g. `type: object`) add nothing a type can use, except 3.0-era
      // `nullable: true` (13.x writes `Note.reply` so): kept in the 3.1 form, which every emitter reads.
      if (value['nullable'] === true) return { oneOf: [{ $ref: refTo(target) }, { type: 'null' }] };
      return { $ref: refTo(target) };
    }
    const out: Record<string, unknown> = {};
    const spread = spreadRequiredAlternatives(value);
    if (spread !== undefined) return this.sanitize(spread, where, depth);
    for (const [key, v] of Object.entries(value)) {
      if (DROPPED.has(key)) continue;
      const at = child(where, key);
      if ((SCHEMA_MAPS as readonly string[]).includes(key)) setOwn(out, key, this.#map(v, at, depth));
      else if ((SCHEMA_LISTS as readonly string[]).includes(key)) setOwn(out, key, this.#list(v, at, depth));
      else if ((SCHEMA_SINGLES as readonly string[]).includes(key)) setOwn(out, key, this.#single(key, v, at, depth));
      else if (key === 'required') setOwn(out, key, this.#required(v, at));
      else if (key === 'type') setOwn(out, key, this.#type(v, at));
      else if (key === 'enum') setOwn(out, key, this.#enum(v, at));
      else if (key === 'format') this.#format(out, v, at);
      else setOwn(out, key, v);
    }
    return out;
  }

  /** Warnings for the unknown formats seen, one per format (call once, after the last `sanitize`). */
  reportFormats(): void {
    for (const [format, { pointer, count }] of [...this.#formats].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const places = count === 1 ? 'here' : `${count} places, first here`;
      this.#warn(pointer, `unknown format ${JSON.stringify(format).slice(0, 100)} (${places}); typed by its \`type\` alone`);
    }
  }

  #format(out: Record<string, unknown>, value: unknown, where: string): void {
    if (typeof value !== 'string') {
      this.#warn(where, `expected a format name, found ${describe(value)}; ignored`);
      return;
    }
    setOwn(out, 'format', value);
    if (KNOWN_FORMATS.has(value)) return;
    const seen = this.#formats.get(value);
    if (seen) seen.count++;
    else this.#formats.set(value, { pointer: where, count: 1 });
  }

  #map(value: unknown, where: string, depth: number): Record<string, JsonSchema> {
    if (!isPlainObject(value)) {
      this.#warn(where, `expected an object of schemas, found ${describe(value)}; ignored`);
      return {};
    }
    const out: Record<string, JsonSchema> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, this.sanitize(v, child(where, k), depth + 1));
    return out;
  }

  #list(value: unknown, where: string, depth: number): JsonSchema[] {
    if (!Array.isArray(value)) {
      this.#warn(where, `expected an array of schemas, found ${describe(value)}; ignored`);
      return [];
    }
    return value.map((v, i) => this.sanitize(v, child(where, i), depth + 1));
  }

  #single(key: string, value: unknown, where: string, depth: number): JsonSchema | JsonSchema[] {
    // 3.0-era tuple form `items: [..]`
    if (key === 'items' && Array.isArray(value)) return this.#list(value, where, depth);
    return this.sanitize(value, where, depth + 1);
  }

  #required(value: unknown, where: string): string[] {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    this.#warn(where, `expected an array of property names, found ${describe(value)}; ignored`);
    return [];
  }

  #type(value: unknown, where: string): string | string[] | undefined {
    const known = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
    const list = Array.isArray(value) ? value : [value];
    const valid = list.filter((t): t is string => typeof t === 'string' && known.includes(t));
    if (valid.length !== list.length) this.#warn(where, `unknown type ${JSON.stringify(value).slice(0, 100)}; unknown members ignored`);
    if (valid.length === 0) return undefined;
    return Array.isArray(value) ? valid : valid[0];
  }

  #enum(value: unknown, where: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.#warn(where, `expected an array of enum values, found ${describe(value)}; ignored`);
    return undefined;
  }

  #warn(pointer: string, message: string): void {
    this.#warnings.push({ pointer, message });
  }
}

/**
 * Misskey writes "one of these params is required" as `properties` plus `anyOf: [{required: [a]},
 * {required: [b]}]`. A type needs the properties inside each alternative, so the object is
 * copied into each one: `{a: X; b?: Y} | {a?: X; b: Y}`.
 */
function spreadRequiredAlternatives(schema: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (!isPlainObject(schema['properties']) || !Array.isArray(list) || list.length === 0) continue;
    const onlyRequired = list.every((m) => isPlainObject(m) && Array.isArray(m['required']) && Object.keys(m).every((k) => k === 'required' || k === 'description'));
    if (!onlyRequired) continue;
    const { [key]: _alternatives, ...base } = schema;
    const baseRequired = Array.isArray(base['required']) ? (base['required'] as unknown[]) : [];
    return {
      [key]: list.map((m) => ({ ...base, required: [...new Set([...baseRequired, ...((m as Record<string, unknown>)['required'] as unknown[])])] })),
    };
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The component names a schema expands eagerly (what a type alias would need resolved to exist). */
function eagerRefs(schema: JsonSchema, out: string[] = []): string[] {
  if (typeof schema !== 'object') return out;
  const target = refTarget(schema['$ref']);
  if (target !== undefined) out.push(target);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const member of list) eagerRefs(member as JsonSchema, out);
  }
  return out;
}

/**
 * Breaks cycles of eager references between named schemas (e.g. A allOf B, B allOf A), which no
 * TypeScript type alias can express. The reference that closes a cycle becomes unknown.
 */
export function breakEagerCycles(schemas: Map<string, JsonSchema>, warnings: Warning[]): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    let schema = schemas.get(name);
    if (schema !== undefined) {
      for (const target of eagerRefs(schema)) {
        if (state.get(target) === 'visiting') {
          schema = replaceEagerRef(schema, target);
          schemas.set(name, schema);
          warnings.push({
            pointer: child('#/components/schemas', name),
            message: `${JSON.stringify(name)} refers to itself through ${JSON.stringify(target)} with no object in between (a cycle no type can express); that reference is typed as unknown`,
          });
        } else if (!state.has(target) && schemas.has(target)) visit(target);
      }
    }
    state.set(name, 'done');
  };
  for (const name of [...schemas.keys()].sort()) if (!state.has(name)) visit(name);
}

function replaceEagerRef(schema: JsonSchema, target: string): JsonSchema {
  if (typeof schema !== 'object') return schema;
  if (refTarget(schema['$ref']) === target) return {};
  const out: Record<string, unknown> = { ...schema };
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) out[key] = list.map((m) => replaceEagerRef(m as JsonSchema, target));
  }
  return out;
}
