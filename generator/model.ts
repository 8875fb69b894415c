/**
 * The normalized API model: the only thing emitters read. Plain, sorted data, so that the same
 * spec always yields the same model (and so byte-identical output), and so it can be stored in a
 * generated package and compared on the next regeneration.
 */

/** A JSON Schema as found in the spec; `$ref`s inside point only at `#/components/schemas/<name>` entries that exist. */
export type JsonSchema = { [key: string]: unknown } | boolean;

export interface ApiModel {
  source: ApiSource;
  /** Sorted by name. */
  endpoints: Endpoint[];
  /** `components.schemas`, sorted by name. */
  schemas: NamedSchema[];
  /** Every permission the spec names (descriptions, plus any given by templates), sorted. */
  permissions: string[];
  /** Conventions the spec broke that generation survived, each with the JSON pointer where. */
  warnings: Warning[];
}

export interface ApiSource {
  /** `info.version` of the spec: the server's version. */
  version: string;
  title: string;
  openapi: string;
  specSha256: string;
  software?: string;
  url?: string;
}

export interface NamedSchema {
  /** The key under `components.schemas`. */
  name: string;
  /** A valid, unique TypeScript identifier for it. */
  typeName: string;
  description: string;
  schema: JsonSchema;
}

export type BodyKind = 'none' | 'json' | 'multipart';
export type ResultKind = 'void' | 'json' | 'json-or-void';

export interface Endpoint {
  /** 'notes/create' */
  name: string;
  /** 'notesCreate': the exported function's name; unique, valid, not reserved. */
  identifier: string;
  /** 'NotesCreate': prefix of the endpoint's type names (…Params, …Result, …ErrorCode). */
  typeBase: string;
  credential: boolean;
  permission: string | null;
  internal: boolean;
  /** The server also accepts GET for it (a client never needs it). */
  allowGet: boolean;
  deprecated: boolean;
  body: { kind: BodyKind; schema?: JsonSchema };
  result: { kind: ResultKind; schema?: JsonSchema };
  /** Sorted by code. */
  errors: ApiErrorInfo[];
  rateLimited: boolean;
  /** Free text of the description, without the machine-readable lines. */
  description: string;
  sourceUrl?: string;
  tag?: string;
}

export interface ApiErrorInfo {
  code: string;
  id: string;
  message: string;
  kind?: string;
  /** The real HTTP status when the example states one (`httpStatusCode`), else the response key it is listed under. */
  status?: number;
}

export interface Warning {
  pointer: string;
  message: string;
}

/**
 * References and pointers: the model's own rules, written once. Schemas in the model refer to each
 * other by `refTo(name)`; warnings and errors say where in the spec with `pointer(…)` (RFC 6901).
 */
const REF_PREFIX = '#/components/schemas/';

/**
 * The `$ref` of the component schema called `name` (`Ba/se` → `#/components/schemas/Ba~1se`). A `$ref`
 * is a URI, read back percent-decoded, so a `%` in a name is written `%25`: `refTarget(refTo(n)) === n`.
 */
export function refTo(name: string): string {
  return REF_PREFIX + escapeSegment(name).replace(/%/g, '%25');
}

/** The component name a `$ref` points at, or undefined when it does not point into components.schemas. */
export function refTarget(ref: unknown): string | undefined {
  if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) return undefined;
  let text = ref.slice(REF_PREFIX.length);
  try {
    text = decodeURIComponent(text);
  } catch {
    // A `%` that starts no escape: the name is taken as written.
  }
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A JSON pointer (RFC 6901) to where in the spec something is: `pointer('paths', '/notes/create')` → `#/paths/~1notes~1create`. */
export function pointer(...segments: (string | number)[]): string {
  return '#' + segments.map((s) => '/' + escapeSegment(String(s))).join('');
}

/** `base` followed by more segments. */
export function childPointer(base: string, ...segments: (string | number)[]): string {
  return base + pointer(...segments).slice(1);
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
