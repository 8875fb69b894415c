/**
 * The diff engine: two ApiModels → the list of changes a client author needs to know about. Each
 * change says what it does to values (tightened, loosened, changed, neutral) and, through the one
 * rule in impact.ts, what that means for a caller (breaking, refinement, compatible). Pure and
 * sorted, like the rest of the pipeline. Used by `misskey-codegen diff` and by `generate` when it
 * regenerates over an existing package.
 */
import { refsIn } from '../model/refs.js';
import type { ApiErrorInfo, ApiModel, Endpoint, JsonSchema } from '../model/types.js';
import { bySeverity, impactOf } from './impact.js';
import { compareSchemas, type Delta, type SchemaContext } from './schema.js';
import type { ApiDiff, Change, ChangeKind, Direction, DiffSummary, Effect, ModelIdentity, Scope } from './types.js';

export type { ApiDiff, Change, ChangeKind, Direction, DiffSummary, Effect, ModelIdentity, Scope, Severity } from './types.js';
export { IMPACT, impactOf } from './impact.js';
export { renderJson, renderSummary, renderText, type RenderOptions } from './render.js';
export { markdownText, renderFirstGeneration, renderMarkdown } from './markdown.js';

/** What an endpoint without a request body accepts: an empty object (the generated type is `Record<string, never>`). */
const NO_PARAMS: JsonSchema = { type: 'object', properties: {} };

/** A change whose severity follows from its effect on values travelling in `directions`. */
function judged(kind: ChangeKind, effect: Effect, directions: readonly Direction[], message: string, at: { endpoint?: string; schema?: string } = {}): Change {
  return { severity: impactOf(effect, directions), effect, kind, ...at, message };
}

/** Params: the caller sends them. Results: the caller receives them. Names (endpoints, schemas, types, permissions): code uses them either way. */
const IN: readonly Direction[] = ['input'];
const OUT: readonly Direction[] = ['output'];
const BOTH: readonly Direction[] = ['input', 'output'];

/**
 * The result kind, old>new: what a caller's code receives. An empty result (204, typed undefined)
 * where there was always one is a loosened result; the reverse a refinement.
 */
const RESULT_KINDS: Readonly<Record<string, readonly [Effect, string]>> = {
  'void>json': ['neutral', 'now returns a result'],
  'void>json-or-void': ['neutral', 'now may return a result'],
  'json>void': ['changed', 'no longer returns a result'],
  'json-or-void>void': ['changed', 'no longer returns a result'],
  'json>json-or-void': ['loosened', 'result may now be empty (204; typed undefined)'],
  'json-or-void>json': ['tightened', 'result is no longer empty'],
};

export function diffModels(old: ApiModel, next: ApiModel): ApiDiff {
  const context: SchemaContext = {
    old: new Map(old.schemas.map((s) => [s.name, s.schema])),
    next: new Map(next.schemas.map((s) => [s.name, s.schema])),
  };
  const changes: Change[] = [];

  const oldEndpoints = new Map(old.endpoints.map((e) => [e.name, e]));
  const newEndpoints = new Map(next.endpoints.map((e) => [e.name, e]));
  for (const name of sortedUnion(oldEndpoints.keys(), newEndpoints.keys())) {
    const a = oldEndpoints.get(name);
    const b = newEndpoints.get(name);
    if (a === undefined && b !== undefined) changes.push(judged('endpoint-added', 'neutral', BOTH, `added${access(b)}`, { endpoint: name }));
    else if (a !== undefined && b === undefined) changes.push(judged('endpoint-removed', 'changed', BOTH, 'removed', { endpoint: name }));
    else if (a !== undefined && b !== undefined) changes.push(...bySeverity(endpointChanges(a, b, context)));
  }

  const usage = schemaUsage([old, next]);
  const oldSchemas = new Map(old.schemas.map((s) => [s.name, s]));
  const newSchemas = new Map(next.schemas.map((s) => [s.name, s]));
  for (const name of sortedUnion(oldSchemas.keys(), newSchemas.keys())) {
    const a = oldSchemas.get(name);
    const b = newSchemas.get(name);
    if (a === undefined && b !== undefined) changes.push(judged('schema-added', 'neutral', BOTH, 'added', { schema: name }));
    else if (a !== undefined && b === undefined) changes.push(judged('schema-removed', 'changed', BOTH, `removed (type ${a.typeName} is gone)`, { schema: name }));
    else if (a !== undefined && b !== undefined) {
      const found: Change[] = [];
      if (a.typeName !== b.typeName) found.push(judged('type-name-changed', 'changed', BOTH, `type renamed: ${a.typeName} → ${b.typeName}`, { schema: name }));
      // A schema only ever read (or not used by any endpoint: an entity type) is an output.
      const directions = usage.get(name) ?? new Set<Direction>(['output']);
      for (const d of compareSchemas(a.schema, b.schema, context)) found.push(structural(d, 'schema', [...directions], { schema: name }));
      changes.push(...bySeverity(found));
    }
  }

  const oldPermissions = new Set(old.permissions);
  const newPermissions = new Set(next.permissions);
  for (const p of sortedUnion(oldPermissions, newPermissions)) {
    if (!oldPermissions.has(p)) changes.push(judged('permission-name-added', 'neutral', BOTH, `permission ${p} added`));
    else if (!newPermissions.has(p)) changes.push(judged('permission-name-removed', 'changed', BOTH, `permission ${p} removed`));
  }

  return { from: identity(old), to: identity(next), summary: summarize(changes), changes };
}

export function hasBreaking(diff: ApiDiff): boolean {
  return diff.summary.breaking > 0;
}

/**
 * Everything about one endpoint. Access (credential, permission, internal) is a demand on what the
 * caller sends, so it is judged as params are; the result kind and error codes as results are.
 */
function endpointChanges(a: Endpoint, b: Endpoint, context: SchemaContext): Change[] {
  const out: Change[] = [];
  const at = { endpoint: a.name };
  const push = (kind: ChangeKind, effect: Effect, directions: readonly Direction[], message: string) => out.push(judged(kind, effect, directions, message, at));

  if (a.identifier !== b.identifier) push('identifier-changed', 'changed', BOTH, `function renamed: ${a.identifier} → ${b.identifier}`);
  if (a.typeBase !== b.typeBase) push('identifier-changed', 'changed', BOTH, `types renamed: ${a.typeBase}Params/Result/ErrorCode → ${b.typeBase}Params/Result/ErrorCode`);
  if (a.credential !== b.credential) {
    if (b.credential) push('credential-changed', 'tightened', IN, 'now requires a credential');
    else push('credential-changed', 'loosened', IN, 'no longer requires a credential');
  }
  if (a.permission !== b.permission) {
    if (a.permission === null) push('permission-changed', 'tightened', IN, `now requires permission ${b.permission}`);
    else if (b.permission === null) push('permission-changed', 'loosened', IN, `no longer requires permission ${a.permission}`);
    else push('permission-changed', 'changed', IN, `permission changed: ${a.permission} → ${b.permission}`);
  }
  if (a.internal !== b.internal) {
    if (b.internal) push('internal-changed', 'tightened', IN, 'now internal (app tokens are refused)');
    else push('internal-changed', 'loosened', IN, 'no longer internal');
  }
  if (a.deprecated !== b.deprecated) push('deprecated-changed', 'neutral', BOTH, b.deprecated ? 'now deprecated' : 'no longer deprecated');

  if (a.body.kind !== b.body.kind && a.body.kind !== 'none' && b.body.kind !== 'none') {
    push('body-kind-changed', 'changed', IN, `params now sent as ${bodyName(b.body.kind)} (was ${bodyName(a.body.kind)})`);
  }
  const paramsOld = a.body.kind === 'none' ? NO_PARAMS : (a.body.schema ?? {});
  const paramsNew = b.body.kind === 'none' ? NO_PARAMS : (b.body.schema ?? {});
  for (const d of compareSchemas(paramsOld, paramsNew, context)) out.push(structural(d, 'params', IN, at));

  const kindChange = RESULT_KINDS[`${a.result.kind}>${b.result.kind}`];
  if (kindChange) push('result-kind-changed', kindChange[0], OUT, kindChange[1]);
  if (a.result.schema !== undefined && b.result.schema !== undefined && a.result.kind !== 'void' && b.result.kind !== 'void') {
    for (const d of compareSchemas(a.result.schema, b.result.schema, context)) out.push(structural(d, 'result', OUT, at));
  }

  const oldErrors = new Map<string, ApiErrorInfo>(a.errors.map((e) => [e.code, e]));
  const newErrors = new Map<string, ApiErrorInfo>(b.errors.map((e) => [e.code, e]));
  for (const code of sortedUnion(oldErrors.keys(), newErrors.keys())) {
    // Added: a client already handles errors it does not know. Removed: `error.code === 'X'` no longer compiles.
    if (!oldErrors.has(code)) push('error-added', 'neutral', OUT, `error ${code} added`);
    else if (!newErrors.has(code)) push('error-removed', 'changed', OUT, `error ${code} removed`);
  }
  return out;
}

function structural(d: Delta, scope: Scope, directions: readonly Direction[], at: { endpoint?: string; schema?: string }): Change {
  return { severity: impactOf(d.effect, directions), effect: d.effect, kind: d.kind, ...at, scope, path: d.path, message: `${subject(scope, d.path)} ${d.detail}` };
}

function subject(scope: Scope, path: string): string {
  if (path === '') return scope === 'params' ? 'params' : scope === 'result' ? 'result' : 'schema';
  const noun = scope === 'params' ? 'param' : scope === 'result' ? 'result field' : 'property';
  return `${noun} \`${path}\``;
}

function access(e: Endpoint): string {
  const parts = [e.credential ? 'credential required' : 'no credential', ...(e.permission ? [`permission ${e.permission}`] : []), ...(e.internal ? ['internal'] : [])];
  return ` (${parts.join(', ')})`;
}

function bodyName(kind: Endpoint['body']['kind']): string {
  return kind === 'multipart' ? 'multipart/form-data' : kind === 'json' ? 'JSON' : 'nothing';
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

function identity(model: ApiModel): ModelIdentity {
  return { software: model.source.software, version: model.source.version, specSha256: model.source.specSha256 };
}

function summarize(changes: Change[]): DiffSummary {
  const count = (kind: Change['kind']) => changes.filter((c) => c.kind === kind).length;
  const changedEndpoints = new Set(changes.filter((c) => c.endpoint !== undefined && c.kind !== 'endpoint-added' && c.kind !== 'endpoint-removed').map((c) => c.endpoint));
  const changedSchemas = new Set(changes.filter((c) => c.schema !== undefined && c.kind !== 'schema-added' && c.kind !== 'schema-removed').map((c) => c.schema));
  return {
    breaking: changes.filter((c) => c.severity === 'breaking').length,
    refinement: changes.filter((c) => c.severity === 'refinement').length,
    compatible: changes.filter((c) => c.severity === 'compatible').length,
    endpointsAdded: count('endpoint-added'),
    endpointsRemoved: count('endpoint-removed'),
    endpointsChanged: changedEndpoints.size,
    schemasAdded: count('schema-added'),
    schemasRemoved: count('schema-removed'),
    schemasChanged: changedSchemas.size,
    permissionsAdded: count('permission-name-added'),
    permissionsRemoved: count('permission-name-removed'),
  };
}

/** For each named schema, whether endpoints send it (params), receive it (results), or both — directly or through other schemas. */
function schemaUsage(models: ApiModel[]): Map<string, Set<Direction>> {
  const usage = new Map<string, Set<Direction>>();
  for (const model of models) {
    const byName = new Map(model.schemas.map((s) => [s.name, s.schema]));
    const mark = (direction: Direction, roots: (JsonSchema | undefined)[]) => {
      const queue = roots.flatMap((r) => (r === undefined ? [] : refsIn(r)));
      const seen = new Set<string>();
      while (queue.length > 0) {
        const name = queue.pop() as string;
        if (seen.has(name)) continue;
        seen.add(name);
        let set = usage.get(name);
        if (set === undefined) usage.set(name, (set = new Set()));
        set.add(direction);
        const schema = byName.get(name);
        if (schema !== undefined) queue.push(...refsIn(schema));
      }
    };
    mark('input', model.endpoints.map((e) => e.body.schema));
    mark('output', model.endpoints.map((e) => e.result.schema));
  }
  return usage;
}
