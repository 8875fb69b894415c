/**
 * How a JSON Schema reads as a type, whichever way the spec wrote it: nullability folded into one
 * flag (3.0 `nullable`, 3.1 type arrays, `oneOf: [X, {type: null}]`), a lone `allOf`/`oneOf` member
 * read as that member, `allOf` flattened into the object it stands for. The comparison
 * (schema.ts) works on these shapes, so the same type written two ways is no change.
 */
import { isObject } from '../model/json.js';
import { refTarget } from '../model/refs.js';
import type { JsonSchema } from '../model/types.js';

/** Past this, recursion stops (a hand-made model.json may nest deeply). */
export const MAX_DEPTH = 100;

/** A schema reduced to what a type is made of; nullability folded into one flag however it was written. */
export interface Shape {
  any: boolean;
  nullable: boolean;
  ref?: string;
  /** Sorted, without 'null'; undefined when not constrained. */
  types?: string[];
  /** Without null. */
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required: string[];
  items?: JsonSchema | JsonSchema[];
  additional?: JsonSchema;
  variants?: JsonSchema[];
  allOf?: JsonSchema[];
  binary: boolean;
  /** The schema's own keywords (a lone member's over its parent's), where constraints.ts reads lengths, ranges and formats. */
  keywords: Readonly<Record<string, unknown>>;
}

function schemaList(value: unknown): JsonSchema[] | undefined {
  return Array.isArray(value) ? value.filter((m): m is JsonSchema => typeof m === 'boolean' || isObject(m)) : undefined;
}

export function shapeOf(schema: JsonSchema | undefined, depth = 0): Shape {
  if (schema === undefined || schema === true) return { any: true, nullable: false, required: [], binary: false, keywords: {} };
  if (schema === false) return { any: false, nullable: false, types: [], required: [], binary: false, keywords: {} };
  const s = schema;
  let nullable = s['nullable'] === true;
  let types: string[] | undefined;
  if (typeof s['type'] === 'string') types = [s['type']];
  else if (Array.isArray(s['type'])) types = s['type'].filter((t): t is string => typeof t === 'string');
  if (types?.includes('null')) {
    nullable = true;
    types = types.filter((t) => t !== 'null');
  }
  let values: unknown[] | undefined = Array.isArray(s['enum']) ? s['enum'] : 'const' in s ? [s['const']] : undefined;
  if (values?.includes(null)) {
    nullable = true;
    values = values.filter((v) => v !== null);
  }
  // `{type: 'null'}` alternatives are how 3.1 writes a nullable reference: fold them into the flag.
  let variants = schemaList(s['oneOf'] ?? s['anyOf']);
  if (variants !== undefined) {
    const kept = variants.filter((m) => !isNullOnly(m));
    if (kept.length < variants.length) nullable = true;
    variants = kept.length > 0 ? kept : undefined;
  }
  const allOf = schemaList(s['allOf']);
  // A `type` beside a lone member only repeats it (2024.x writes a nullable reference as `type: [object, null], allOf: [{$ref}]`).
  const own = values !== undefined || '$ref' in s || isObject(s['properties']) || s['items'] !== undefined;
  // A lone alternative or a lone allOf member is that member.
  const lone = !own && variants?.length === 1 && allOf === undefined ? variants[0] : !own && variants === undefined && allOf?.length === 1 ? allOf[0] : undefined;
  if (lone !== undefined && depth < MAX_DEPTH) {
    const inner = shapeOf(lone, depth + 1);
    return { ...inner, nullable: inner.nullable || nullable, keywords: { ...s, ...inner.keywords } };
  }
  const properties = isObject(s['properties']) ? (s['properties'] as Record<string, JsonSchema>) : undefined;
  const additional = s['additionalProperties'] as JsonSchema | undefined;
  const items = s['items'] as JsonSchema | JsonSchema[] | undefined;
  if (types === undefined && (properties !== undefined || (additional !== undefined && additional !== true))) types = ['object'];
  if (types === undefined && items !== undefined) types = ['array'];
  const ref = refTarget(s['$ref']);
  const shape: Shape = {
    any: false,
    nullable,
    required: Array.isArray(s['required']) ? s['required'].filter((r): r is string => typeof r === 'string') : [],
    binary: s['format'] === 'binary',
    keywords: s,
  };
  if (ref !== undefined) shape.ref = ref;
  if (types !== undefined) shape.types = [...new Set(types)].sort();
  if (values !== undefined) shape.enum = values;
  if (properties !== undefined) shape.properties = properties;
  if (items !== undefined) shape.items = items;
  if (additional !== undefined) shape.additional = additional;
  if (variants !== undefined) shape.variants = variants;
  if (allOf !== undefined) shape.allOf = allOf;
  shape.any = ref === undefined && types === undefined && values === undefined && variants === undefined && allOf === undefined;
  return shape;
}

/** Whether a schema with alternatives also constrains the value itself (properties, items, enum, a reference). */
export function hasOwnStructure(shape: Shape): boolean {
  return shape.properties !== undefined || shape.items !== undefined || shape.enum !== undefined || shape.ref !== undefined;
}

function isNullOnly(schema: JsonSchema): boolean {
  if (!isObject(schema)) return false;
  const t = schema['type'];
  return (t === 'null' || (Array.isArray(t) && t.length === 1 && t[0] === 'null')) && !('$ref' in schema);
}

/** The reference's own nullability is handled; what is compared after following it is the target without it. */
export function stripNull(schema: JsonSchema, shape: Shape): JsonSchema {
  if (shape.ref !== undefined || typeof schema !== 'object' || !shape.nullable) return schema;
  const { nullable: _nullable, ...rest } = schema;
  if (Array.isArray(rest['type'])) rest['type'] = rest['type'].filter((t) => t !== 'null');
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = rest[key];
    if (Array.isArray(list)) rest[key] = list.filter((m) => !isNullOnly(m as JsonSchema));
  }
  return rest;
}

export function memberName(schema: JsonSchema): string {
  const key = memberKey(schema);
  if (key !== undefined) return key.replace(/^ref:/, '');
  const shape = shapeOf(schema);
  const required = shape.required.filter((r) => shape.properties !== undefined && Object.hasOwn(shape.properties, r));
  return shape.properties !== undefined && required.length > 0 ? `object requiring ${required.join(', ')}` : describe(shape);
}

/** The members of an allOf that has more than one (a lone member is read as that member by `shapeOf`). */
export function allOfMembers(schema: JsonSchema): JsonSchema[] | undefined {
  const list = isObject(schema) ? schemaList(schema['allOf']) : undefined;
  return list !== undefined && list.length > 1 ? list : undefined;
}

const MAX_FLATTEN = 16;

/**
 * `allOf: [A, B, …]` as one object (properties and required merged, references followed), with a
 * member that is itself a union distributed: `allOf: [anyOf: [X, Y], Z]` is `anyOf: [X+Z, Y+Z]`.
 * Undefined when it cannot be flattened (two unions, a reference cycle, a boolean member).
 */
export function flattenAllOf(schema: JsonSchema, schemas: ReadonlyMap<string, JsonSchema>, seen: ReadonlySet<string> = new Set()): JsonSchema | undefined {
  if (!isObject(schema) || seen.size > MAX_FLATTEN) return undefined;
  const members = schemaList(schema['allOf']);
  if (members === undefined) return schema;
  const { allOf: _allOf, ...rest } = schema;
  const parts: Record<string, unknown>[] = [rest];
  for (const member of members) {
    const part = resolveObject(member, schemas, seen);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  const unions = parts.filter((p) => Array.isArray(p['oneOf'] ?? p['anyOf']));
  if (unions.length > 1) return undefined;
  const base = mergeObjects(parts.filter((p) => !unions.includes(p)));
  const union = unions[0];
  if (union === undefined) return base;
  const key = Array.isArray(union['oneOf']) ? 'oneOf' : 'anyOf';
  const { [key]: alternatives, ...unionRest } = union;
  const shared = mergeObjects([base, unionRest]);
  const spread: Record<string, unknown>[] = [];
  for (const alternative of alternatives as JsonSchema[]) {
    if (isNullOnly(alternative)) {
      spread.push(alternative as Record<string, unknown>);
      continue;
    }
    const part = resolveObject(alternative, schemas, seen);
    if (part === undefined) return undefined;
    spread.push(mergeObjects([shared, part]));
  }
  return { [key]: spread };
}

function resolveObject(member: JsonSchema, schemas: ReadonlyMap<string, JsonSchema>, seen: ReadonlySet<string>): Record<string, unknown> | undefined {
  if (member === true) return {};
  if (!isObject(member)) return undefined;
  const target = refTarget(member['$ref']);
  if (target !== undefined) {
    const found = schemas.get(target);
    if (found === undefined || seen.has(target)) return undefined;
    const flat = flattenAllOf(found, schemas, new Set(seen).add(target));
    return isObject(flat) ? flat : undefined;
  }
  const flat = flattenAllOf(member, schemas, seen);
  return isObject(flat) ? flat : undefined;
}

function mergeObjects(parts: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  let hasProperties = false;
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isObject(value)) {
        hasProperties = true;
        for (const [name, schema] of Object.entries(value)) if (!Object.hasOwn(properties, name)) Object.defineProperty(properties, name, { value: schema, enumerable: true, writable: true, configurable: true });
      } else if (key === 'required' && Array.isArray(value)) {
        for (const r of value) if (typeof r === 'string') required.add(r);
      } else if (!Object.hasOwn(out, key)) {
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  if (hasProperties) out['properties'] = properties;
  if (required.size > 0) out['required'] = [...required];
  return out;
}

/** What tells one alternative from the others: its reference, or a property with a single allowed value. */
export function memberKey(schema: JsonSchema): string | undefined {
  const shape = shapeOf(schema);
  if (shape.ref !== undefined) return `ref:${shape.ref}`;
  if (shape.properties === undefined) return undefined;
  for (const name of Object.keys(shape.properties).sort()) {
    const p = shapeOf(shape.properties[name]);
    if (p.enum?.length === 1 && !p.nullable) return `${name}=${typeof p.enum[0] === 'string' ? p.enum[0] : JSON.stringify(p.enum[0])}`;
  }
  return undefined;
}

/** A short type-like description for messages: 'string | null', 'Note', "'a' | 'b'", 'object[]'. */
export function describe(shape: Shape, depth = 0): string {
  let text: string;
  if (shape.any) return 'unknown';
  if (shape.ref !== undefined) text = shape.ref;
  else if (shape.binary) text = 'Blob';
  else if (shape.enum !== undefined) text = shape.enum.length <= 4 ? shape.enum.map((v) => JSON.stringify(v)).join(' | ') : `enum of ${shape.enum.length}`;
  else if (shape.variants !== undefined) text = `one of ${shape.variants.length}`;
  else if (shape.types !== undefined && shape.types.length > 0) {
    text = shape.types
      .map((t) => {
        if (t !== 'array' || shape.items === undefined || Array.isArray(shape.items) || depth > 2) return t;
        const inner = describe(shapeOf(shape.items), depth + 1);
        return /[ |]/.test(inner) ? `(${inner})[]` : `${inner}[]`;
      })
      .join(' | ');
  } else if (shape.types !== undefined) text = shape.nullable ? '' : 'never';
  else text = shape.allOf !== undefined ? `all of ${shape.allOf.length}` : 'object';
  if (shape.nullable) text = text === '' ? 'null' : `${text} | null`;
  return text;
}

/** Deep equality of JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth > MAX_DEPTH * 4) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i], depth + 1));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && sameJson(ra[k], rb[k], depth + 1));
}
