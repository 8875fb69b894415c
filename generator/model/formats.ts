/**
 * Format names that mean the same thing in the model's schemas: current Misskey servers write
 * `misskey:id` for an id param, older servers and forks write `id` (and every version writes `id`
 * in packed entities). The model keeps each format as the spec spelled it, because it is printed
 * (in JSDoc); what the spellings mean is part of reading the model, so the rule lives with it and
 * whoever compares two models (the diff) asks it, instead of reporting a changed constraint.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([['id', 'misskey:id']]);

/** The one spelling of a format name among those that mean the same. */
export function canonicalFormat(format: string): string {
  return ALIASES.get(format) ?? format;
}
