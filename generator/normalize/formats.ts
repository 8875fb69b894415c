/**
 * Format names that mean the same thing in Misskey's specs: current servers write `misskey:id`
 * for an id param, older servers and forks write `id` (and every version writes `id` in packed
 * entities). A Misskey convention, so it lives in normalize; the diff reads it so that a fork
 * spelling the format the old way is not reported as a changed constraint.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([['id', 'misskey:id']]);

/** The one spelling of a format name among those that mean the same. */
export function canonicalFormat(format: string): string {
  return ALIASES.get(format) ?? format;
}
