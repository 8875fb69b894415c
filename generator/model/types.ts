/**
 * The normalized API model: the only thing emitters read. Plain, sorted data, so that the same
 * spec always yields the same model (and so byte-identical output), and so it can be stored in a
 * generated package and compared on the next regeneration.
 */

/** A JSON Schema as found in the spec; `$ref`s inside point only at `#/components/schemas/<name>` entries that exist. */
export type JsonSchema = { [key: string]: unknown } | boolean;

export interface ApiModel {
  source: ApiSource;
  /** How the package was asked for: options that decide the output are read from here, never passed beside the model. */
  options: GenerationOptions;
  /** Sorted by name. */
  endpoints: Endpoint[];
  /** `components.schemas`, sorted by name. */
  schemas: NamedSchema[];
  /** Every permission the spec names (endpoint descriptions, and the streaming channels this server has), sorted. */
  permissions: string[];
  /** The streaming channels this server has, sorted by name (the spec lists none: see normalize/channels.ts). */
  channels: Channel[];
  /** The channels known to the generator that this server shows no sign of, sorted: typed as absent. */
  absentChannels: string[];
  /** Conventions the spec broke that generation survived, each with the JSON pointer where. */
  warnings: Warning[];
}

/** The software a server is taken to run when nothing says otherwise (a spec file, a server whose nodeinfo is unreadable). */
export const DEFAULT_SOFTWARE = 'misskey';

export interface ApiSource {
  /** `info.version` of the spec: the server's version. */
  version: string;
  title: string;
  openapi: string;
  specSha256: string;
  /** The server software (`misskey`, `sharkey`, …): from the server when it said, else `misskey`. */
  software: string;
  url?: string;
}

/**
 * What the output is: 'ts', TypeScript sources (with a package.json only when a package name or
 * version is given: sources dropped into an app's own src/ must not get one, as a nested package.json
 * changes how TypeScript and Node read them); 'js', ESM JavaScript and declarations, always with a
 * package.json.
 */
export type EmitKind = 'ts' | 'js';

/** The options of a run that decide its output. */
export interface GenerationOptions {
  /** Endpoints marked internal (meant only for the official web client) were left out. */
  excludeInternal: boolean;
  emit: EmitKind;
  /** package.json name; default `<software>-api[-<host>]`. */
  packageName?: string;
  /** package.json version; default the server's version. */
  packageVersion?: string;
}

/** A streaming channel, with its access rules. */
export interface Channel {
  name: string;
  credential: boolean;
  permission: string | null;
  /** One subscription per connection, whatever the number of `channel()` calls (the server keeps one). */
  shared: boolean;
  /**
   * For a timeline channel: the endpoint that reads the same notes over HTTP, and the channel params it
   * shares; `rename` maps a channel param to the endpoint's own name where they differ (hashtag `q` → `query`).
   */
  timeline: { endpoint: string; params: string[]; rename?: Record<string, string> } | null;
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
