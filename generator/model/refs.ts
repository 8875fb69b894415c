/**
 * References and pointers: the model's own rules, written once. Schemas in the model refer to each
 * other by `refTo(name)`; warnings and errors say where in the spec with `pointer(…)` (RFC 6901);
 * `refsIn` is the one walk that collects what a schema refers to.
 */
import { isObject } from './json.js';
import type { JsonSchema } from './types.js';

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
  return childPointer('#', ...segments);
}

/**
 * `base` followed by more segments. Normalize and the model.json check build one for every schema
 * keyword they visit (for the rare warning), so this is plain concatenation.
 */
export function childPointer(base: string, ...segments: (string | number)[]): string {
  let out = base;
  for (const segment of segments) out += '/' + escapeSegment(String(segment));
  return out;
}

function escapeSegment(segment: string): string {
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Keywords whose value is an object of schemas. */
export const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
/** Keywords whose value is a list of schemas. */
export const SCHEMA_LISTS = ['allOf', 'oneOf', 'anyOf', 'prefixItems'] as const;
/** Keywords whose value is one schema (`items` may also be a 3.0-era list). */
export const SCHEMA_SINGLES = ['not', 'additionalProperties', 'items', 'contains', 'propertyNames', 'unevaluatedProperties'] as const;
/** Every keyword that holds schemas: the places a `$ref` can be followed from. */
export const SUBSCHEMA_KEYWORDS: readonly string[] = [...SCHEMA_MAPS, ...SCHEMA_LISTS, ...SCHEMA_SINGLES];
/**
 * The keywords a type alias expands eagerly: a reference reached only through these must exist
 * before the type can (`A = B & …`); one inside `properties` is looked up lazily.
 */
export const EAGER_KEYWORDS: readonly string[] = ['allOf', 'oneOf', 'anyOf'];

const MAPS: ReadonlySet<string> = new Set(SCHEMA_MAPS);
const LISTS: ReadonlySet<string> = new Set(SCHEMA_LISTS);

/** The schemas a keyword's value holds, by what the keyword holds (a list, a map, or one; `items` either). */
function heldSchemas(key: string, held: unknown): unknown[] {
  if (MAPS.has(key)) return isObject(held) ? Object.values(held) : [];
  if (Array.isArray(held)) return LISTS.has(key) || key === 'items' ? held : [];
  return LISTS.has(key) ? [] : [held];
}

/**
 * The component names `schema` refers to, in document order (a schema's own `$ref`, then each of
 * `through` in the order given, depth first), with repeats. Only schema positions are followed:
 * a `$ref` inside an `example` or `default` value is data, not a reference. Iterative: a hand-made
 * model.json may nest deeper than the call stack.
 */
export function refsIn(schema: JsonSchema, through: readonly string[] = SUBSCHEMA_KEYWORDS): string[] {
  const out: string[] = [];
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!isObject(value)) continue;
    const target = refTarget(value['$ref']);
    if (target !== undefined) out.push(target);
    // A plain loop: this runs for every node of every schema walked, where flatMap made an array per keyword.
    const children: unknown[] = [];
    for (const key of through) if (Object.hasOwn(value, key)) for (const held of heldSchemas(key, value[key])) children.push(held);
    // Reversed onto the stack, so the first child is walked first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}
