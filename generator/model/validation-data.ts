/**
 * The model's result schemas as response validation reads them (runtime/validate.ts): each
 * endpoint's result schema and the component schemas they reach, cut down to the keywords the
 * validator reads. Printed into a package's validation.ts (emit/validation-file.ts), and used as it
 * is by `probe`, which validates a live server's answers the same way.
 */
import { isObject } from './json.js';
import { refsIn } from './refs.js';
import type { ApiModel, JsonSchema } from './types.js';

/** The shape of runtime/validate.ts's `ValidationSchemas`, as plain data. */
export interface ValidationData {
  results: Record<string, JsonSchema>;
  noContent: string[];
  components: Record<string, JsonSchema>;
}

/** Result schemas by endpoint, the endpoints that may answer 204, and the components reachable from the results. */
export function validationData(model: ApiModel): ValidationData {
  // Null prototypes: names from the spec such as `__proto__` must stay plain keys.
  const results: Record<string, JsonSchema> = Object.create(null);
  const noContent: string[] = [];
  for (const e of model.endpoints) {
    if (e.result.kind !== 'json') noContent.push(e.name);
    if (e.result.kind !== 'void') results[e.name] = compact(e.result.schema ?? {});
  }
  const byName = new Map(model.schemas.map((s) => [s.name, s.schema]));
  const components: Record<string, JsonSchema> = Object.create(null);
  const pending = Object.values(results).flatMap((s) => refsIn(s));
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const schema = byName.get(name);
    if (schema === undefined || Object.hasOwn(components, name)) continue;
    const compacted = compact(schema);
    components[name] = compacted;
    pending.push(...refsIn(compacted));
  }
  const sorted: Record<string, JsonSchema> = Object.create(null);
  for (const name of Object.keys(components).sort()) sorted[name] = components[name] as JsonSchema;
  return { results, noContent, components: sorted };
}

const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;

/**
 * A copy with only what the validator reads. `{}` means "anything": such properties, allOf members
 * and additionalProperties are dropped, and an anyOf/oneOf with such a branch becomes `{}`.
 */
function compact(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean') return schema;
  if (typeof schema['$ref'] === 'string') return { $ref: schema['$ref'] };
  const out: Record<string, unknown> = Object.create(null);
  if (schema['type'] !== undefined) out['type'] = schema['type'];
  if (schema['nullable'] === true) out['nullable'] = true;
  if (Array.isArray(schema['enum'])) out['enum'] = schema['enum'];
  if ('const' in schema) out['const'] = schema['const'];
  const properties = schema['properties'];
  if (isObject(properties)) {
    const kept: Record<string, JsonSchema> = Object.create(null);
    for (const [key, value] of Object.entries(properties)) {
      const c = compact(value as JsonSchema);
      if (!isAnything(c)) kept[key] = c;
    }
    if (Object.keys(kept).length) out['properties'] = kept;
  }
  if (Array.isArray(schema['required']) && schema['required'].length) out['required'] = schema['required'];
  const extra = schema['additionalProperties'];
  if (isObject(extra)) {
    const c = compact(extra);
    if (!isAnything(c)) out['additionalProperties'] = c;
  }
  const items = schema['items'];
  if (Array.isArray(items)) out['items'] = items.map((s) => compact(s as JsonSchema));
  else if (items !== undefined) {
    const c = compact(items as JsonSchema);
    if (!isAnything(c)) out['items'] = c;
  }
  for (const key of LISTS) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    const members = list.map((s) => compact(s as JsonSchema));
    if (key === 'allOf') {
      const kept = members.filter((m) => !isAnything(m));
      if (kept.length) out[key] = kept;
    } else if (key === 'prefixItems') out[key] = members;
    else if (members.length && members.some(isAnything)) return {};
    else if (members.length) out[key] = members;
  }
  return out;
}

function isAnything(schema: JsonSchema): boolean {
  return schema === true || (typeof schema === 'object' && Object.keys(schema).length === 0);
}
