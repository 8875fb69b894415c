/**
 * Makes a spec's JSON Schemas safe for the emitters: every `$ref` resolves to an existing
 * `components.schemas` entry, every place that must hold a schema holds one, and no chain of
 * references that a type alias would expand eagerly (`$ref`, allOf/oneOf/anyOf) loops back on
 * itself. What cannot be kept becomes `{}` (unknown) with a warning naming its JSON pointer.
 */
import { isObject, kindOf } from '../model/json.js';
import { EAGER_KEYWORDS, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_SINGLES, childPointer as child, refTarget, refTo, refsIn } from '../model/refs.js';
import type { JsonSchema, Warning } from '../model/types.js';
import { EXPANSION_ALLOWANCE, MAX_DOC_VALUE_CHARS, MAX_EXPANSION, MAX_SPREAD_NODES, MAX_TYPE_VALUE_CHARS, nodeCount, valueOverBounds } from './bounds.js';

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

/**
 * Assignment that keeps `__proto__` (a legal property name in a spec) as a plain own property. It is
 * the one accessor plain objects inherit; any other key assigns an own property, and plain assignment
 * is several times cheaper than defining one (this runs for every keyword of every schema).
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Keywords whose value is text for people; openapi-typescript calls string methods on them. */
const DOC_TEXT = new Set(['description', 'title', 'summary']);
/** The schemas openapi-typescript prints (what `#bounded` counts): each once, except compositions. */
const PRINTED = new Set(['additionalProperties', 'items', 'prefixItems', 'properties', 'patternProperties', '$defs']);
const COMPOSITIONS = new Set(['allOf', 'oneOf', 'anyOf']);
const ONE: Size = { nodes: 1, printed: 1 };

/** What the sanitizer knows of a schema it returned: how many nodes it has and how many it prints as. */
interface Size {
  nodes: number;
  printed: number;
}

export class SchemaSanitizer {
  readonly #names: ReadonlySet<string>;
  readonly #warnings: Warning[];
  /** Unknown formats: where each was first seen and how often. */
  readonly #formats = new Map<string, { pointer: string; count: number }>();
  /** Sizes of the schemas returned, for their parents' expansion check (a Map: the sanitizer lives no longer than one normalize, and a WeakMap costs the garbage collector more). */
  readonly #sizes = new Map<object, Size>();

  constructor(componentNames: Iterable<string>, warnings: Warning[]) {
    this.#names = new Set(componentNames);
    this.#warnings = warnings;
  }

  /** A deep copy of `value` that is a valid schema for the emitters, within ./bounds.ts. */
  sanitize(value: unknown, where: string, depth = 0): JsonSchema {
    if (typeof value === 'boolean') return value;
    if (!isObject(value)) {
      this.#warn(where, `expected a schema object, found ${kindOf(value)}; typed as unknown`);
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
      if (value['nullable'] === true) return this.#sized({ oneOf: [{ $ref: refTo(target) }, { type: 'null' }] }, { nodes: 3, printed: 3 });
      return { $ref: refTo(target) };
    }
    const spread = this.#spreadRequiredAlternatives(value, where);
    if (spread !== undefined) return this.sanitize(spread, where, depth);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (DROPPED.has(key)) continue;
      const at = child(where, key);
      let kept: unknown;
      if (SCHEMA_MAP_SET.has(key)) kept = this.#map(v, at, depth);
      else if (SCHEMA_LIST_KEYWORDS.has(key)) kept = this.#list(v, at, depth);
      else if (SCHEMA_SINGLE_SET.has(key)) kept = this.#single(key, v, at, depth);
      else if (key === 'required') kept = this.#required(v, at);
      else if (key === 'type') kept = this.#type(v, at);
      else if (key === 'enum') kept = this.#enum(v, at);
      else if (key === 'format') kept = this.#format(v, at);
      else if (key === 'const') kept = this.#value(v, at, MAX_TYPE_VALUE_CHARS);
      else if (DOC_TEXT.has(key)) kept = this.#text(v, at);
      else if (key === 'discriminator') kept = this.#discriminator(v, at);
      else kept = this.#value(v, at, MAX_DOC_VALUE_CHARS);
      if (kept !== undefined) setOwn(out, key, kept);
    }
    this.#objectEnum(out, where);
    return this.#bounded(out, where);
  }

  /** Warnings for the unknown formats seen, one per format (call once, after the last `sanitize`). */
  reportFormats(): void {
    for (const [format, { pointer, count }] of [...this.#formats].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const places = count === 1 ? 'here' : `${count} places, first here`;
      this.#warn(pointer, `unknown format ${JSON.stringify(format).slice(0, 100)} (${places}); typed by its \`type\` alone`);
    }
  }

  /**
   * `schema` as it is, or unknown when it would print as many more type nodes than it has (see
   * MAX_EXPANSION). Sizes of the schemas inside were recorded when they were sanitized.
   */
  #bounded(schema: Record<string, unknown>, where: string): JsonSchema {
    let nodes = 1;
    let printed = 1;
    let compositions = 0;
    for (const key in schema) {
      const value = schema[key];
      if (typeof value !== 'object' || value === null) continue;
      const counted = COMPOSITIONS.has(key) ? 'composition' : PRINTED.has(key) ? 'printed' : 'kept';
      const members = SCHEMA_MAP_SET.has(key) ? Object.values(value) : Array.isArray(value) && SCHEMA_LIST_SET.has(key) ? value : [value];
      for (const member of members) {
        const size = (typeof member === 'object' && member !== null && this.#sizes.get(member)) || ONE;
        nodes += size.nodes;
        if (counted === 'composition') compositions += size.printed;
        else if (counted === 'printed') printed += size.printed;
      }
    }
    const type = schema['type'];
    const repeats = 1 + (Array.isArray(type) ? type.filter((t) => t !== 'null').length : 0);
    printed += repeats * compositions;
    if (printed > MAX_EXPANSION * nodes + EXPANSION_ALLOWANCE) {
      this.#warn(where, `would print as ${printed} type nodes from ${nodes} schema nodes (a \`type\` list repeats allOf/anyOf/oneOf); typed as unknown`);
      return {};
    }
    return this.#sized(schema, { nodes, printed });
  }

  #sized<T extends object>(schema: T, size: Size): T {
    this.#sizes.set(schema, size);
    return schema;
  }

  #format(value: unknown, where: string): string | undefined {
    if (typeof value !== 'string') {
      this.#warn(where, `expected a format name, found ${kindOf(value)}; ignored`);
      return undefined;
    }
    if (KNOWN_FORMATS.has(value)) return value;
    const seen = this.#formats.get(value);
    if (seen) seen.count++;
    else this.#formats.set(value, { pointer: where, count: 1 });
    return value;
  }

  #map(value: unknown, where: string, depth: number): Record<string, JsonSchema> {
    if (!isObject(value)) {
      this.#warn(where, `expected an object of schemas, found ${kindOf(value)}; ignored`);
      return {};
    }
    const out: Record<string, JsonSchema> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, this.sanitize(v, child(where, k), depth + 1));
    return out;
  }

  #list(value: unknown, where: string, depth: number): JsonSchema[] {
    if (!Array.isArray(value)) {
      this.#warn(where, `expected an array of schemas, found ${kindOf(value)}; ignored`);
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
    this.#warn(where, `expected an array of property names, found ${kindOf(value)}; ignored`);
    return [];
  }

  #type(value: unknown, where: string): string | string[] | undefined {
    const known = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
    const list = Array.isArray(value) ? value : [value];
    const valid = list.filter((t): t is string => typeof t === 'string' && known.includes(t));
    if (valid.length !== list.length) this.#warn(where, `unknown type ${JSON.stringify(value).slice(0, 100)}; unknown members ignored`);
    if (valid.length === 0) return undefined;
    // Each entry prints the schema's compositions once more: a repeated one adds nothing but output.
    return Array.isArray(value) ? [...new Set(valid)] : valid[0];
  }

  #enum(value: unknown, where: string): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.#warn(where, `expected an array of enum values, found ${kindOf(value)}; ignored`);
      return undefined;
    }
    return this.#value(value, where, MAX_TYPE_VALUE_CHARS, '; typed by its `type` alone') as unknown[] | undefined;
  }

  /** A value that is not a schema, kept as it is when within the bounds. */
  #value(value: unknown, where: string, maxChars: number, instead = ''): unknown {
    const problem = valueOverBounds(value, maxChars);
    if (problem === undefined) return value;
    this.#warn(where, `value ${problem}; left out${instead}`);
    return undefined;
  }

  /** openapi-typescript omits `propertyName` from an allOf member with a discriminator: it must be a name. */
  #discriminator(value: unknown, where: string): unknown {
    if (isObject(value) && typeof value['propertyName'] === 'string') return this.#value(value, where, MAX_DOC_VALUE_CHARS);
    this.#warn(where, 'expected a discriminator object with a string `propertyName`; left out');
    return undefined;
  }

  /**
   * openapi-typescript reads the `enum` of a `type: object` schema as a list of schemas, not values
   * (a number there stops it, a `$ref` there is never checked). Without properties the values alone
   * say the type, so `type` goes; beside properties, the enum goes.
   */
  #objectEnum(schema: Record<string, unknown>, where: string): void {
    if (schema['type'] !== 'object' || !('enum' in schema)) return;
    if (['properties', 'additionalProperties', 'patternProperties'].some((k) => k in schema)) {
      delete schema['enum'];
      this.#warn(child(where, 'enum'), 'enum beside the properties of an object schema; typed by its properties');
    } else delete schema['type'];
  }

  #text(value: unknown, where: string): string | undefined {
    if (typeof value === 'string') return value;
    this.#warn(where, `expected text, found ${kindOf(value)}; left out`);
    return undefined;
  }

  /**
   * Misskey writes "one of these params is required" as `properties` plus `anyOf: [{required: [a]},
   * {required: [b]}]`. A type needs the properties inside each alternative, so the object is
   * copied into each one: `{a: X; b?: Y} | {a?: X; b: Y}`. When the copies would be too many, the
   * object alone.
   */
  #spreadRequiredAlternatives(schema: Record<string, unknown>, where: string): Record<string, unknown> | undefined {
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (!isObject(schema['properties']) || !Array.isArray(list) || list.length === 0) continue;
      const onlyRequired = list.every((m) => isObject(m) && Array.isArray(m['required']) && Object.keys(m).every((k) => k === 'required' || k === 'description'));
      if (!onlyRequired) continue;
      const { [key]: _alternatives, ...base } = schema;
      const copies = list.length * nodeCount(base, MAX_SPREAD_NODES);
      if (copies > MAX_SPREAD_NODES) {
        // Left as written, the alternatives (schemas of no type) would make the whole object unknown.
        this.#warn(child(where, key), `${list.length} alternatives would each copy the object's properties (over ${MAX_SPREAD_NODES} schema nodes); typed as the object alone, which one is required left out`);
        return base;
      }
      const baseRequired = Array.isArray(base['required']) ? (base['required'] as unknown[]) : [];
      return {
        [key]: list.map((m) => ({ ...base, required: [...new Set([...baseRequired, ...((m as Record<string, unknown>)['required'] as unknown[])])] })),
      };
    }
    return undefined;
  }

  #warn(pointer: string, message: string): void {
    this.#warnings.push({ pointer, message });
  }
}

const SCHEMA_MAP_SET = new Set<string>(SCHEMA_MAPS);
const SCHEMA_LIST_KEYWORDS = new Set<string>(SCHEMA_LISTS);
const SCHEMA_SINGLE_SET = new Set<string>(SCHEMA_SINGLES);
const SCHEMA_LIST_SET = new Set<string>([...SCHEMA_LISTS, 'items']);

/**
 * Breaks cycles of eager references between named schemas (e.g. A allOf B, B allOf A), which no
 * TypeScript type alias can express. The reference that closes a cycle becomes unknown. A depth-first
 * walk with its own stack: a spec can chain thousands of schemas, which a recursive walk would follow
 * until the call stack overflows.
 */
export function breakEagerCycles(schemas: Map<string, JsonSchema>, warnings: Warning[]): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const enter = (name: string) => {
    state.set(name, 'visiting');
    const schema = schemas.get(name);
    return { name, targets: schema === undefined ? [] : refsIn(schema, EAGER_KEYWORDS), next: 0 };
  };
  for (const root of [...schemas.keys()].sort()) {
    if (state.has(root)) continue;
    const stack = [enter(root)];
    for (let frame = stack[stack.length - 1]; frame !== undefined; frame = stack[stack.length - 1]) {
      const target = frame.targets[frame.next++];
      if (target === undefined) {
        state.set(frame.name, 'done');
        stack.pop();
      } else if (state.get(target) === 'visiting') {
        schemas.set(frame.name, replaceEagerRef(schemas.get(frame.name) as JsonSchema, target));
        warnings.push({
          pointer: child('#/components/schemas', frame.name),
          message: `${JSON.stringify(frame.name)} refers to itself through ${JSON.stringify(target)} with no object in between (a cycle no type can express); that reference is typed as unknown`,
        });
      } else if (!state.has(target) && schemas.has(target)) stack.push(enter(target));
    }
  }
}

function replaceEagerRef(schema: JsonSchema, target: string): JsonSchema {
  if (typeof schema !== 'object') return schema;
  if (refTarget(schema['$ref']) === target) return {};
  const out: Record<string, unknown> = { ...schema };
  for (const key of EAGER_KEYWORDS) {
    const list = schema[key];
    if (Array.isArray(list)) out[key] = list.map((m) => replaceEagerRef(m as JsonSchema, target));
  }
  return out;
}
