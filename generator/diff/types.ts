/**
 * What changed between two API models, from the point of view of a client written against the
 * older one: "breaking" means such code may stop compiling or start failing at run time against
 * the newer server; "refinement" means it keeps working and the new types describe what it
 * receives more precisely (a result narrowed, an untyped object now a named schema);
 * "compatible" means it keeps working and nothing it reads got more precise (something added
 * that old code does not use, a param that accepts more).
 */

export type Severity = 'breaking' | 'refinement' | 'compatible';

/**
 * What a change does to the values at its place: `tightened` (fewer values are valid, or more
 * is demanded: a lower maxLength, a new required param, a new enum restriction), `loosened` (more
 * are valid), `changed` (neither contains the other, or a name code uses is gone), `neutral`
 * (nothing a caller relies on: an optional field added, a schema renamed with the same shape).
 * Whether that breaks a caller depends on which way the value travels: see impact.ts.
 */
export type Effect = 'tightened' | 'loosened' | 'changed' | 'neutral';

/** `input`: the caller writes the value (params); `output`: the caller reads it (results). */
export type Direction = 'input' | 'output';

export type ChangeKind =
  // endpoints
  | 'endpoint-added'
  | 'endpoint-removed'
  | 'identifier-changed'
  | 'credential-changed'
  | 'permission-changed'
  | 'internal-changed'
  | 'deprecated-changed'
  | 'body-kind-changed'
  | 'result-kind-changed'
  | 'error-added'
  | 'error-removed'
  // named schemas and the permission list
  | 'schema-added'
  | 'schema-removed'
  | 'type-name-changed'
  | 'permission-name-added'
  | 'permission-name-removed'
  // structure of params, results and schemas
  | 'property-added'
  | 'property-removed'
  | 'property-required'
  | 'property-optional'
  | 'type-changed'
  | 'nullable-changed'
  | 'enum-changed'
  | 'constraint-changed'
  | 'ref-changed'
  | 'variants-changed';

/** Where a structural change sits: an endpoint's params or result, or a named schema. */
export type Scope = 'params' | 'result' | 'schema';

export interface Change {
  /** How it affects a caller written against the old side (what `--fail-on-breaking` counts). */
  severity: Severity;
  /** What it does to the values at its place; with the direction (params or result) it decides the severity. */
  effect: Effect;
  kind: ChangeKind;
  /** The endpoint ('notes/create'), for endpoint changes and changes in its params or result. */
  endpoint?: string;
  /** The component schema ('Note'), for schema changes. */
  schema?: string;
  /** For structural changes: params, result or schema. */
  scope?: Scope;
  /** For structural changes: the place inside, e.g. 'poll.choices[]'; '' for the whole. */
  path?: string;
  /** One human-readable line, without the endpoint or schema name. */
  message: string;
}

export interface ModelIdentity {
  software: string;
  version: string;
  specSha256: string;
}

export interface DiffSummary {
  breaking: number;
  refinement: number;
  compatible: number;
  endpointsAdded: number;
  endpointsRemoved: number;
  /** Endpoints present on both sides with at least one change. */
  endpointsChanged: number;
  schemasAdded: number;
  schemasRemoved: number;
  schemasChanged: number;
  permissionsAdded: number;
  permissionsRemoved: number;
}

export interface ApiDiff {
  from: ModelIdentity;
  to: ModelIdentity;
  summary: DiffSummary;
  /** Sorted: endpoints by name, then schemas by name, then the permission list; breaking first, then refinements, within each. */
  changes: Change[];
}
