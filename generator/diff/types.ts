/**
 * What changed between two API models, from the point of view of a client written against the
 * older one: "breaking" means such code may stop compiling or start failing at run time against
 * the newer server; "compatible" means it keeps working.
 */

export type Severity = 'breaking' | 'compatible';

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
  | 'ref-changed'
  | 'variants-changed';

/** Where a structural change sits: an endpoint's params or result, or a named schema. */
export type Scope = 'params' | 'result' | 'schema';

export interface Change {
  severity: Severity;
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
  /** Sorted: endpoints by name, then schemas by name, then the permission list; breaking first within each. */
  changes: Change[];
}
