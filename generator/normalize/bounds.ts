/**
 * How much any one spec value may make the generator do. Every later step — JSDoc printing, literal
 * types, prettier, model.json, validation data, diff — walks what the model holds recursively, and
 * some multiply it; so the model holds nothing beyond these bounds. What goes over is left out (or
 * typed as unknown), with a warning naming its JSON pointer.
 */

/**
 * Values that are not schemas (`default`, `example`, `enum` members, `const`, `x-…`) nested deeper
 * than this are left out. Real specs nest 2 levels. Each later step recurses per level, and
 * `JSON.stringify` alone overflows the stack near 5,000.
 */
export const MAX_VALUE_DEPTH = 16;

/**
 * Documentation values (`default`, `example`, `examples`, `x-…`, any keyword that is only printed or
 * stored) larger than this, as JSON text, are left out. openapi-typescript prints them into JSDoc as
 * indented JSON, which grows faster than the value (a 2,000-deep `default` printed as 8 MB). The
 * largest in real specs is 87 characters.
 */
export const MAX_DOC_VALUE_CHARS = 4_000;

/**
 * `enum` and `const` become literal types, output no larger than the value itself, so they may be
 * larger: the largest enum in real specs is 1,522 characters (222 members).
 */
export const MAX_TYPE_VALUE_CHARS = 200_000;

/**
 * A schema may print as at most this many times as many type nodes as it has, plus
 * `EXPANSION_ALLOWANCE`. openapi-typescript repeats a schema's allOf/anyOf/oneOf once per entry of a
 * `type` array (`type: [object, null]` twice), so nesting them grows the output exponentially: 30
 * levels print a billion nodes. Real specs print no more nodes than they have.
 */
export const MAX_EXPANSION = 8;
export const EXPANSION_ALLOWANCE = 64;

/**
 * Misskey's "one of these params is required" is typed by copying the object's properties into
 * each alternative (normalize/schemas.ts): alternatives × properties. Beyond this many schema nodes
 * no copies are made and the object is typed alone. Real specs copy at most 75 properties.
 */
export const MAX_SPREAD_NODES = 20_000;

/**
 * Why `value` is over the bounds (`nested more than 16 levels deep`), or undefined. Walks no more of
 * the value than the bounds allow, without recursion, so a hostile value costs no more than the limit.
 */
export function valueOverBounds(value: unknown, maxChars: number, maxDepth = MAX_VALUE_DEPTH): string | undefined {
  // Most values are a short string or a number: answered without the walk.
  if (typeof value !== 'object' || value === null) return typeof value === 'string' && value.length + 2 > maxChars ? `larger than ${maxChars} characters as JSON` : undefined;
  let chars = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const v = top.value;
    if (typeof v === 'string') chars += v.length + 2;
    else if (typeof v !== 'object' || v === null) chars += String(v).length;
    else {
      if (top.depth >= maxDepth) return `nested more than ${maxDepth} levels deep`;
      chars += 2;
      const entries = Array.isArray(v) ? v.map((item): [string, unknown] => ['', item]) : Object.entries(v);
      for (const [key, item] of entries) {
        chars += key.length + (key ? 4 : 1);
        if (chars > maxChars) break;
        stack.push({ value: item, depth: top.depth + 1 });
      }
    }
    if (chars > maxChars) return `larger than ${maxChars} characters as JSON`;
  }
  return undefined;
}

/** The number of schema nodes in `value` (objects and arrays), counting no further than `limit`; iterative. */
export function nodeCount(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  for (let v = stack.pop(); v !== undefined && count <= limit; v = stack.pop()) {
    if (typeof v !== 'object' || v === null) continue;
    count++;
    for (const item of Array.isArray(v) ? v : Object.values(v)) if (typeof item === 'object' && item !== null) stack.push(item);
  }
  return count;
}
