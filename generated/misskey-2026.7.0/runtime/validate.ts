/**
 * Response validation: does what the server sent match the schema the package was generated from?
 * For development and CI. The schema data lives in the package's `validation.ts`; neither it nor
 * this module is reachable from the client unless an app imports them, so apps that never turn
 * validation on do not bundle them.
 *
 * @example
 * import { createClient, createValidator } from './misskey/index.js';
 * import { resultSchemas } from './misskey/validation.js';
 * const client = createClient({ origin, token, validate: createValidator(resultSchemas, { mode: 'throw' }) });
 *
 * Checked: type (3.1 type arrays and 3.0 `nullable`), properties/required, items (and tuples),
 * enum, const, oneOf/anyOf (both as "any branch"), allOf, `$ref` into the components (recursive),
 * additionalProperties given as a schema. Not checked: formats, lengths, ranges. A field the
 * schema does not name is never a mismatch, even under `additionalProperties: false`: a typed
 * client is not broken by more data, only by data that contradicts its types.
 */
import type { ResultCheck } from './client.js';
import { MisskeyError } from './errors.js';

/** A JSON Schema as plain data. */
export type Schema = boolean | { readonly [keyword: string]: unknown };

/** What a package's `validation.ts` exports as `resultSchemas`. */
export interface ValidationSchemas {
  /** Endpoint name → schema of its 200 body, for every endpoint that may answer with one. */
  readonly results: { readonly [endpoint: string]: Schema };
  /** Endpoints that may answer 204 with no body. One missing from `results` must. */
  readonly noContent: readonly string[];
  /** `#/components/schemas/<name>` → schema. */
  readonly components: { readonly [name: string]: Schema };
}

export interface ValidationMismatch {
  endpoint: string;
  /** Where in the response: `$`, `$.user.name`, `$[3].files[0].url`, `$.emojis["a b"]`. */
  path: string;
  /** What the schema allows, e.g. `string | null`, `one of "public", "home"`, `a required property`. */
  expected: string;
  /** What arrived, by type (`null`, `object`, `number 1.5`); a string's text only for enum and const mismatches. */
  actual: string;
  /** The received value, only when asked for (`includeValues`). */
  value?: unknown;
}

export interface ValidateOptions {
  /** Put the received value on each mismatch. Off by default: responses hold other people's data. */
  includeValues?: boolean | undefined;
  /** Applied to every text and value a mismatch reports (the client passes one that removes its token). */
  scrub?: ((value: unknown) => unknown) | undefined;
}

export interface ValidatorOptions extends ValidateOptions {
  /**
   * 'report' (default): hand mismatches to `onMismatch` and return the result. 'throw': reject the
   * call with ResponseValidationError — the request did reach the server; only its answer is refused.
   * 'off': do nothing (for switching by configuration).
   */
  mode?: 'report' | 'throw' | 'off' | undefined;
  /** Where 'report' mode sends mismatches. Default: console.warn, one line each. */
  onMismatch?: ((mismatches: ValidationMismatch[]) => void) | undefined;
}

/** A successful response contradicted the endpoint's result schema (validation in 'throw' mode). */
export class ResponseValidationError extends MisskeyError {
  override name = 'ResponseValidationError';
  declare readonly endpoint: string;
  readonly mismatches: readonly ValidationMismatch[];
  constructor(endpoint: string, mismatches: readonly ValidationMismatch[]) {
    const shown = mismatches.slice(0, 3).map(formatMismatch).join('; ');
    const more = mismatches.length > 3 ? `; and ${mismatches.length - 3} more` : '';
    super(`${endpoint}: response does not match the spec: ${shown}${more}`, { endpoint });
    this.mismatches = mismatches;
  }
}

/** `$.user.name: expected string, got null` */
export function formatMismatch(m: ValidationMismatch): string {
  return `${m.path}: expected ${m.expected}, got ${m.actual}`;
}

/** The hook for `ClientOptions.validate`. */
export function createValidator(schemas: ValidationSchemas, options: ValidatorOptions = {}): ResultCheck {
  const { mode = 'report', includeValues } = options;
  if (mode !== 'report' && mode !== 'throw' && mode !== 'off') {
    throw new TypeError("ValidatorOptions.mode must be 'report', 'throw' or 'off'");
  }
  const report = options.onMismatch ?? ((found) => found.forEach((m) => console.warn(`${m.endpoint}: ${formatMismatch(m)}`)));
  return (endpoint, result, scrub) => {
    if (mode === 'off') return;
    const found = validateResult(schemas, endpoint, result, { includeValues, scrub });
    if (found.length === 0) return;
    if (mode === 'throw') throw new ResponseValidationError(endpoint, found);
    report(found);
  };
}

/**
 * Every way `result` (the parsed body, or undefined for a 204) contradicts the endpoint's result
 * schema; [] when it conforms or when the endpoint is not in `schemas`.
 */
export function validateResult(
  schemas: ValidationSchemas,
  endpoint: string,
  result: unknown,
  options: ValidateOptions = {},
): ValidationMismatch[] {
  const out: ValidationMismatch[] = [];
  const scrub = options.scrub ?? ((v: unknown) => v);
  const add = (path: string, expected: string, actual: string, value: unknown) => {
    const m: ValidationMismatch = { endpoint, path: String(scrub(path)), expected, actual: String(scrub(actual)) };
    if (options.includeValues) m.value = scrub(value);
    out.push(m);
  };
  const schema = Object.hasOwn(schemas.results, endpoint) ? schemas.results[endpoint] : undefined;
  const mayBeEmpty = schemas.noContent.includes(endpoint);
  if (result === undefined) {
    if (schema !== undefined && !mayBeEmpty) add('$', 'a JSON body', 'no content (204)', undefined);
  } else if (schema === undefined) {
    if (mayBeEmpty) add('$', 'no content (204)', describeValue(result), result);
  } else {
    for (const m of new Checker(schemas.components).check(schema, result)) add(m.path, m.expected, m.actual, m.value);
  }
  return out;
}

interface Found {
  path: string;
  /** How many keys deep the mismatch is: tells whether a oneOf branch matched the value's shape. */
  depth: number;
  expected: string;
  actual: string;
  value: unknown;
}

const REF_PREFIX = '#/components/schemas/';
// Deeper than any real response; stops a schema that refers to itself without consuming data.
const MAX_DEPTH = 256;

class Checker {
  readonly #components: ValidationSchemas['components'];
  readonly #refs = new Map<string, Schema | undefined>();
  /** Keys from the root to the value being checked; formatted into a path only when something fails. */
  readonly #path: (string | number)[] = [];

  constructor(components: ValidationSchemas['components']) {
    this.#components = components;
  }

  check(schema: Schema, value: unknown): Found[] {
    const out: Found[] = [];
    this.#check(schema, value, 0, out);
    return out;
  }

  #fail(out: Found[], expected: string, actual: string, value: unknown): void {
    out.push({ path: formatPath(this.#path), depth: this.#path.length, expected, actual, value });
  }

  #at(key: string | number, schema: Schema, value: unknown, depth: number, out: Found[]): void {
    this.#path.push(key);
    this.#check(schema, value, depth + 1, out);
    this.#path.pop();
  }

  #check(schema: Schema, value: unknown, depth: number, out: Found[]): void {
    if (schema === true || depth > MAX_DEPTH) return;
    if (schema === false) return this.#fail(out, 'nothing (schema false)', describeValue(value), value);
    const s = schema as Record<string, unknown>;
    if (s['nullable'] === true && value === null) return;

    const ref = s['$ref'];
    if (typeof ref === 'string') {
      const target = this.#resolve(ref);
      // An unresolvable reference is the generator's problem, not the server's: accept.
      if (target !== undefined) this.#check(target, value, depth + 1, out);
      return;
    }

    const type = s['type'];
    if (type !== undefined && !matchesType(type, value, s['nullable'] === true)) {
      return this.#fail(out, this.describe(schema), describeValue(value, type), value);
    }
    if ('const' in s && !sameValue(s['const'], value)) {
      return this.#fail(out, jsonText(s['const']), describeValue(value, undefined, true), value);
    }
    const choices = s['enum'];
    if (Array.isArray(choices) && !choices.some((c) => sameValue(c, value))) {
      return this.#fail(out, this.describe(schema), describeValue(value, undefined, true), value);
    }

    const allOf = s['allOf'];
    if (Array.isArray(allOf)) for (const member of allOf) this.#check(member as Schema, value, depth + 1, out);
    const anyOf = s['anyOf'];
    if (Array.isArray(anyOf) && anyOf.length > 0) this.#anyOf(schema, anyOf as Schema[], value, depth, out);
    const oneOf = s['oneOf'];
    if (Array.isArray(oneOf) && oneOf.length > 0) this.#anyOf(schema, oneOf as Schema[], value, depth, out);

    if (Array.isArray(value)) this.#items(s, value, depth, out);
    else if (isObject(value)) this.#properties(s, value, depth, out);
  }

  /**
   * Passes when one branch passes ("exactly one" would flag overlapping branches that the types
   * accept). Otherwise reports inside the branch the value's shape matched, e.g. the Note branch of
   * `Note | null` for an object, so paths point at the real drift; else one line naming the branches.
   */
  #anyOf(schema: Schema, branches: Schema[], value: unknown, depth: number, out: Found[]): void {
    if (branches.length === 1) return this.#check(branches[0] as Schema, value, depth + 1, out);
    const here = this.#path.length;
    let best: Found[] | undefined;
    for (const branch of branches) {
      const found: Found[] = [];
      this.#check(branch, value, depth + 1, found);
      if (found.length === 0) return;
      const shapeMatched = found.every((f) => f.depth > here);
      if (shapeMatched && (best === undefined || found.length < best.length)) best = found;
    }
    if (best) out.push(...best);
    else this.#fail(out, this.describe(schema), describeValue(value), value);
  }

  #items(s: Record<string, unknown>, value: unknown[], depth: number, out: Found[]): void {
    // 3.1 tuples are `prefixItems`; 3.0 wrote them as an `items` array.
    const items = s['items'];
    const tuple = Array.isArray(s['prefixItems']) ? s['prefixItems'] : Array.isArray(items) ? items : undefined;
    const rest = Array.isArray(items) ? undefined : (items as Schema | undefined);
    for (let i = 0; i < value.length; i++) {
      const schema = tuple && i < tuple.length ? (tuple[i] as Schema) : tuple && rest === undefined ? undefined : rest;
      if (schema !== undefined) this.#at(i, schema, value[i], depth, out);
    }
  }

  #properties(s: Record<string, unknown>, value: Record<string, unknown>, depth: number, out: Found[]): void {
    const properties = isObject(s['properties']) ? (s['properties'] as Record<string, Schema>) : undefined;
    const required = s['required'];
    if (Array.isArray(required)) {
      for (const key of required) {
        if (typeof key === 'string' && !Object.hasOwn(value, key)) {
          this.#path.push(key);
          this.#fail(out, 'a required property', 'missing', undefined);
          this.#path.pop();
        }
      }
    }
    if (properties) {
      for (const key in properties) {
        if (Object.hasOwn(value, key)) this.#at(key, properties[key] as Schema, value[key], depth, out);
      }
    }
    const extra = s['additionalProperties'];
    if (isObject(extra)) {
      for (const key of Object.keys(value)) {
        if (!properties || !Object.hasOwn(properties, key)) this.#at(key, extra as Schema, value[key], depth, out);
      }
    }
  }

  #resolve(ref: string): Schema | undefined {
    if (this.#refs.has(ref)) return this.#refs.get(ref);
    let target: Schema | undefined;
    if (ref.startsWith(REF_PREFIX)) {
      const name = decodeURIComponent(ref.slice(REF_PREFIX.length)).replace(/~1/g, '/').replace(/~0/g, '~');
      target = Object.hasOwn(this.#components, name) ? this.#components[name] : undefined;
    }
    this.#refs.set(ref, target);
    return target;
  }

  /** A short description of what a schema allows: `Note | null`, `string`, `one of "a", "b"`. */
  describe(schema: Schema, depth = 0): string {
    if (typeof schema === 'boolean') return schema ? 'anything' : 'nothing';
    const ref = schema['$ref'];
    if (typeof ref === 'string') return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
    const parts: string[] = [];
    const choices = schema['enum'];
    const type = schema['type'];
    if (Array.isArray(choices)) parts.push(describeEnum(choices));
    else if ('const' in schema) parts.push(jsonText(schema['const']));
    else if (typeof type === 'string') parts.push(type);
    else if (Array.isArray(type)) parts.push(...type.map(String));
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      const list = schema[key];
      if (Array.isArray(list) && depth < 2) parts.push(list.map((m) => this.describe(m as Schema, depth + 1)).join(key === 'allOf' ? ' & ' : ' | '));
    }
    if (schema['nullable'] === true && !parts.includes('null')) parts.push('null');
    return parts.length ? [...new Set(parts)].join(' | ') : 'anything';
  }
}

/** `$`, `$.user.name`, `$[3].files[0]`, `$.emojis["a b"]` */
function formatPath(keys: readonly (string | number)[]): string {
  let path = '$';
  for (const key of keys) {
    if (typeof key === 'number') path += `[${key}]`;
    else path += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return path;
}

function matchesType(type: unknown, value: unknown, nullable: boolean): boolean {
  if (typeof type === 'string') return matchesOne(type, value) || (nullable && value === null);
  if (Array.isArray(type)) return type.some((t) => matchesOne(t, value)) || (nullable && value === null);
  return true;
}

function matchesOne(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true; // a type we do not know constrains nothing we can check
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `null`, `object`, `string`; numbers and booleans with their value. A string's text only when
 * `quote` (enum and const mismatches, where the value is the news), and then shortened.
 */
function describeValue(value: unknown, expectedType?: unknown, quote = false): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return quote ? jsonText(value) : 'string';
  if (typeof value === 'number') {
    const integerWanted = expectedType === 'integer' || (Array.isArray(expectedType) && expectedType.includes('integer'));
    return integerWanted || quote ? `number ${value}` : 'number';
  }
  if (typeof value === 'boolean') return quote ? String(value) : 'boolean';
  return typeof value;
}

function describeEnum(choices: unknown[]): string {
  const shown = choices.slice(0, 8).map(jsonText).join(', ');
  return `one of ${shown}${choices.length > 8 ? `, … (${choices.length} values)` : ''}`;
}

function jsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
