/**
 * Whether an OpenAPI document describes a Misskey-style API at all: the loader asks before anything
 * else is done with it (load/validate.ts), so a Petstore document fails in one line instead of
 * becoming a package of warnings.
 */
import { isObject, type JsonObject } from '../model/json.js';
import { pointer } from '../model/refs.js';

/**
 * The Misskey-likeness rule. Misskey's API is RPC over POST: each path is one endpoint `/{name}`
 * (slashes and dashes inside the name, never a `{param}` template) with a `post` operation. That
 * shape alone is rare, so we also want one Misskey marker. A document is Misskey-like when:
 *
 * 1. it has at least one path, and at least 90% of its paths are untemplated `/name` keys with a
 *    `post` operation (90%, not all, so a fork may add an odd path or two); and
 * 2. at least one of:
 *    - `info.title` mentions Misskey (upstream and the forks we know say "Misskey API");
 *    - `components.schemas.Error` exists (every Misskey error response refers to it);
 *    - at least 90% of the `post` operations have an `operationId` derived from the endpoint name in
 *      one of the three styles Misskey used over time: `notes/create` (13.x),
 *      `notes___create` (2023–2024), `post___notes___create` (2025+).
 *
 * This accepts 13.14.2, 2024.11.0, 2025.11.1 and 2026.7.0, and forks that keep the conventions
 * (Sharkey, CherryPick, …), and rejects REST-style documents such as the Petstore example.
 * Returns why a document is not Misskey-like, or undefined when it is.
 */
export function notMisskeyReason(doc: JsonObject, paths: JsonObject): string | undefined {
  const keys = Object.keys(paths);
  if (keys.length === 0) return '#/paths is empty';
  let rpc = 0;
  let derivedIds = 0;
  let firstRest: string | undefined;
  for (const key of keys) {
    const item = paths[key];
    const post = isObject(item) ? item['post'] : undefined;
    if (/^\/[^{}?#]+$/.test(key) && isObject(post)) {
      rpc++;
      const name = key.slice(1);
      const id = post['operationId'];
      const flat = name.replaceAll('/', '___');
      if (id === name || id === flat || id === `post___${flat}`) derivedIds++;
    } else {
      firstRest ??= key;
    }
  }
  if (rpc < keys.length * 0.9) {
    return `only ${rpc} of ${keys.length} paths are POST endpoints named /{name} (e.g. ${pointer('paths', firstRest ?? '')})`;
  }
  const info = doc['info'];
  const title = isObject(info) ? info['title'] : undefined;
  if (typeof title === 'string' && /misskey/i.test(title)) return undefined;
  const components = doc['components'];
  const schemas = isObject(components) ? components['schemas'] : undefined;
  if (isObject(schemas) && isObject(schemas['Error'])) return undefined;
  if (derivedIds >= rpc * 0.9) return undefined;
  return "no Misskey marker (#/info/title does not mention Misskey, #/components/schemas/Error is missing, and operationIds do not follow Misskey's naming)";
}
