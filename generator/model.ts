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
