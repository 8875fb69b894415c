// Response validation for development and CI: does a result match the package's `validation.ts`? (docs/runtime.md, "Validation")
import type { ResultCheck } from './http/client.js';
import { MisskeyError } from './http/errors.js';

/** A JSON Schema as plain data. */ export type Schema = boolean | { readonly [keyword: string]: unknown };
/** What a package's `validation.ts` exports as `resultSchemas`. */ export interface ValidationSchemas {
  /** Endpoint name → schema of its 200 body, for every endpoint that may answer with one. */ readonly results: { readonly [endpoint: string]: Schema };
  /** Endpoints that may answer 204 with no body. One missing from `results` must. */ readonly noContent: readonly string[];
  /** `#/components/schemas/<name>` → schema. */ readonly components: { readonly [name: string]: Schema };
}
export interface ValidationMismatch {
  endpoint: string;
  /** Where in the response: `$`, `$.user.name`, `$[3].files[0].url`, `$.emojis["a b"]`. */ path: string;
  /** What the schema allows, e.g. `string | null`, `one of "public", "home"`, `a required property`. */ expected: string;
  /** What arrived, by type (`null`, `object`, `number 1.5`); a string's text only for enum and const mismatches. */ actual: string;
  /** The received value, only when asked for (`includeValues`). */ value?: unknown;
}
export interface ValidateOptions {
  /** Put the received value on each mismatch. Off by default: responses hold other people's data. */ includeValues?: boolean | undefined;
  /** Applied to every text and value a mismatch reports (the client's removes its token). */ scrub?: ((value: unknown) => unknown) | undefined;
}
export interface ValidatorOptions extends ValidateOptions {
  /** 'report' (default): mismatches go to `onMismatch`; 'throw': the call rejects with ResponseValidationError; 'off'. */ mode?: 'report' | 'throw' | 'off' | undefined;
  /** Default: console.warn, one line each. */ onMismatch?: ((mismatches: ValidationMismatch[]) => void) | undefined;
}
/** A successful response contradicted the endpoint's result schema (validation in 'throw' mode). */
export class ResponseValidationError extends MisskeyError<{ mismatches: readonly ValidationMismatch[] }> {
  override name = 'ResponseValidationError';
  constructor(endpoint: string, mismatches: readonly ValidationMismatch[]) {
    const more = mismatches.length > 3 ? `; and ${mismatches.length - 3} more` : '';
    super(`${endpoint}: response does not match the spec: ${mismatches.slice(0, 3).map(formatMismatch).join('; ')}${more}`, { endpoint, mismatches });
  }
}
export interface ResponseValidationError { readonly endpoint: string; readonly mismatches: readonly ValidationMismatch[] }
/** `$.user.name: expected string, got null` */ export function formatMismatch(m: ValidationMismatch): string {
  return `${m.path}: expected ${m.expected}, got ${m.actual}`;
}
/** The hook for `ClientOptions.validate`. */
export function createValidator(schemas: ValidationSchemas, options: ValidatorOptions = {}): ResultCheck {
  const { mode = 'report', includeValues } = options;
  if (mode !== 'report' && mode !== 'throw' && mode !== 'off') throw new TypeError("ValidatorOptions.mode must be 'report', 'throw' or 'off'");
  const report = options.onMismatch ?? ((found) => found.forEach((m) => console.warn(`${m.endpoint}: ${formatMismatch(m)}`)));
  return (endpoint, result, scrub) => {
    if (mode === 'off') return;
    const found = validateResult(schemas, endpoint, result, { includeValues, scrub });
    if (found.length && mode === 'throw') throw new ResponseValidationError(endpoint, found);
    if (found.length) report(found);
  };
}
/** Every way `result` (the parsed body; undefined for a 204) contradicts the endpoint's result schema; [] when it conforms or is not in `schemas`. */
export function validateResult(schemas: ValidationSchemas, endpoint: string, result: unknown, options: ValidateOptions = {}): ValidationMismatch[] {
  const scrub = options.scrub ?? ((v: unknown) => v);
  const schema = Object.hasOwn(schemas.results, endpoint) ? schemas.results[endpoint] : undefined;
  const mayBeEmpty = schemas.noContent.includes(endpoint);
  const top = (expected: string, actual: string): Found[] => [{ path: '$', depth: 0, expected, actual, value: result }];
  const found =
    result === undefined ? (schema !== undefined && !mayBeEmpty ? top('a JSON body', 'no content (204)') : [])
    : schema === undefined ? (mayBeEmpty ? top('no content (204)', describeValue(result)) : [])
    : check(schemas.components, schema, result);
  const value = (f: Found) => (options.includeValues ? { value: scrub(f.value) } : {});
  return found.map((f) => ({ endpoint, path: String(scrub(f.path)), expected: f.expected, actual: String(scrub(f.actual)), ...value(f) }));
}
interface Found { path: string; /** keys deep: did a oneOf branch match the value's shape? */ depth: number; expected: string; actual: string; value: unknown }
const REF_PREFIX = '#/components/schemas/';
function check(components: ValidationSchemas['components'], root: Schema, rootValue: unknown): Found[] {
  const path: (string | number)[] = []; // keys from the root to the value being checked, formatted only on a mismatch
  const fail = (out: Found[], expected: string, actual: string, value: unknown, keys = path) =>
    void out.push({ path: formatPath(keys), depth: keys.length, expected, actual, value });
  const at = (key: string | number, schema: Schema, value: unknown, depth: number, out: Found[]) => (path.push(key), visit(schema, value, depth + 1, out), path.pop());
  const refs = new Map<string, Schema>(); // resolved once per result; an unresolvable one is the generator's problem: `true` accepts
  const resolve = (ref: string): Schema => {
    const name = ref.startsWith(REF_PREFIX) ? decodeURIComponent(ref.slice(REF_PREFIX.length)).replace(/~1/g, '/').replace(/~0/g, '~') : '';
    if (!refs.has(ref)) refs.set(ref, Object.hasOwn(components, name) ? components[name]! : true);
    return refs.get(ref)!;
  };
  function visit(schema: Schema, value: unknown, depth: number, out: Found[]): void {
    if (schema === true || depth > 256) return; // the bound stops a schema that refers to itself without consuming data
    if (schema === false) return fail(out, 'nothing (schema false)', describeValue(value), value);
    const s = schema as Record<string, unknown>;
    if (s['nullable'] === true && value === null) return;
    if (typeof s['$ref'] === 'string') return visit(resolve(s['$ref']), value, depth + 1, out);
    if (s['type'] !== undefined && !matchesType(s['type'], value, s['nullable'] === true)) return fail(out, describe(schema), describeValue(value, s['type']), value);
    if ('const' in s && !sameValue(s['const'], value)) return fail(out, jsonText(s['const']), describeValue(value, undefined, true), value);
    if (Array.isArray(s['enum']) && !s['enum'].some((c) => sameValue(c, value))) return fail(out, describe(schema), describeValue(value, undefined, true), value);
    if (Array.isArray(s['allOf'])) for (const member of s['allOf'] as Schema[]) visit(member, value, depth + 1, out);
    for (const key of ['anyOf', 'oneOf']) if (Array.isArray(s[key]) && (s[key] as Schema[]).length) anyOf(schema, s[key] as Schema[], value, depth, out);
    if (Array.isArray(value)) items(s, value, depth, out);
    else if (isObject(value)) properties(s, value, depth, out);
  }
  /** One branch passing passes (docs/runtime.md: why not "exactly one"); else the mismatches of the branch the value's shape matched. */
  function anyOf(schema: Schema, branches: Schema[], value: unknown, depth: number, out: Found[]): void {
    if (branches.length === 1) return visit(branches[0] as Schema, value, depth + 1, out);
    let best: Found[] | undefined;
    for (const branch of branches) {
      const found: Found[] = [];
      visit(branch, value, depth + 1, found);
      if (found.length === 0) return;
      if (found.every((f) => f.depth > path.length) && (best === undefined || found.length < best.length)) best = found;
    }
    if (best) out.push(...best);
    else fail(out, describe(schema), describeValue(value), value);
  }
  function items(s: Record<string, unknown>, value: unknown[], depth: number, out: Found[]): void {
    // 3.1 tuples are `prefixItems`; 3.0 wrote them as an `items` array.
    const tuple = Array.isArray(s['prefixItems']) ? s['prefixItems'] : Array.isArray(s['items']) ? s['items'] : undefined;
    const rest = Array.isArray(s['items']) ? undefined : (s['items'] as Schema | undefined);
    value.forEach((item, i) => {
      const schema = tuple && i < tuple.length ? (tuple[i] as Schema) : tuple && rest === undefined ? undefined : rest;
      if (schema !== undefined) at(i, schema, item, depth, out);
    });
  }
  function properties(s: Record<string, unknown>, value: Record<string, unknown>, depth: number, out: Found[]): void {
    const props = isObject(s['properties']) ? (s['properties'] as Record<string, Schema>) : {};
    for (const key of Array.isArray(s['required']) ? s['required'] : []) if (typeof key === 'string' && !Object.hasOwn(value, key)) fail(out, 'a required property', 'missing', undefined, [...path, key]);
    for (const key in props) if (Object.hasOwn(value, key)) at(key, props[key] as Schema, value[key], depth, out);
    const extra = s['additionalProperties'];
    if (isObject(extra)) for (const key of Object.keys(value)) if (!Object.hasOwn(props, key)) at(key, extra, value[key], depth, out);
  }
  const out: Found[] = [];
  visit(root, rootValue, 0, out);
  return out;
}
/** A short description of what a schema allows: `Note | null`, `string`, `one of "a", "b"`. */
function describe(schema: Schema, depth = 0): string {
  if (typeof schema === 'boolean') return schema ? 'anything' : 'nothing';
  const { $ref: ref, enum: choices, type } = schema;
  if (typeof ref === 'string') return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
  const parts: string[] = [];
  if (Array.isArray(choices)) parts.push(`one of ${choices.slice(0, 8).map(jsonText).join(', ')}${choices.length > 8 ? `, … (${choices.length} values)` : ''}`);
  else if ('const' in schema) parts.push(jsonText(schema['const']));
  else if (type !== undefined) parts.push(...[type].flat().map(String));
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[key];
    if (Array.isArray(list) && depth < 2) parts.push(list.map((m) => describe(m as Schema, depth + 1)).join(key === 'allOf' ? ' & ' : ' | '));
  }
  if (schema['nullable'] === true && !parts.includes('null')) parts.push('null');
  return parts.length ? [...new Set(parts)].join(' | ') : 'anything';
}
/** `$`, `$.user.name`, `$[3].files[0]`, `$.emojis["a b"]` */
function formatPath(keys: readonly (string | number)[]): string {
  return '$' + keys.map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)).join('');
}
const TYPES: unknown[] = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object']; // another type constrains nothing we check
function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value; // JSON's types, but for integer
}
function matchesType(type: unknown, value: unknown, nullable: boolean): boolean {
  if (typeof type !== 'string' && !Array.isArray(type)) return true;
  return [type].flat().some((t) => t === typeOf(value) || (t === 'integer' && Number.isInteger(value)) || !TYPES.includes(t)) || (nullable && value === null);
}
function isObject(value: unknown): value is Record<string, unknown> {
  return typeOf(value) === 'object';
}
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}
/** `null`, `object`, `string`; numbers and booleans with their value. A string's text only when `quote` (enum and const mismatches), shortened. */
function describeValue(value: unknown, expectedType?: unknown, quote = false): string {
  const type = typeOf(value);
  if (type === 'number' && (quote || [expectedType].flat().includes('integer'))) return `number ${value}`;
  return quote && type === 'string' ? jsonText(value) : quote && type === 'boolean' ? String(value) : type;
}
function jsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
