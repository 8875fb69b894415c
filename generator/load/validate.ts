/**
 * Structural checks on the parsed document: just enough to know it is an OpenAPI 3.0/3.1 document
 * describing a Misskey-style API. Problems deeper inside paths and schemas are the normalizer's
 * business (it warns with JSON pointers and carries on).
 */
import { SpecLoadError } from './errors.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Returns the document typed as an object, or throws NOT_OPENAPI / NOT_MISSKEY. */
export function validateDocument(doc: unknown, where: string): Json {
  if (!isObject(doc))
    throw new SpecLoadError('NOT_OPENAPI', `${where}: # is ${kindOf(doc)}, expected an OpenAPI document (an object)`);
  if ('swagger' in doc) {
    throw new SpecLoadError(
      'NOT_OPENAPI',
      `${where}: #/swagger says ${JSON.stringify(doc['swagger'])}: Swagger 2 is not supported, expected OpenAPI 3.0 or 3.1`,
    );
  }
  const version = doc['openapi'];
  if (version === undefined)
    throw new SpecLoadError('NOT_OPENAPI', `${where}: #/openapi is missing; not an OpenAPI document`);
  if (typeof version !== 'string' || !/^3\.[01](\.\d+)?(-[\w.]+)?$/.test(version)) {
    throw new SpecLoadError(
      'NOT_OPENAPI',
      `${where}: #/openapi is ${JSON.stringify(version)}, expected an OpenAPI version 3.0.x or 3.1.x`,
    );
  }
  const paths = doc['paths'];
  if (paths === undefined) throw new SpecLoadError('NOT_OPENAPI', `${where}: #/paths is missing`);
  if (!isObject(paths))
    throw new SpecLoadError('NOT_OPENAPI', `${where}: #/paths is ${kindOf(paths)}, expected an object`);
  const reason = notMisskeyReason(doc, paths);
  if (reason) throw new SpecLoadError('NOT_MISSKEY', `${where}: an OpenAPI document, but not a Misskey API: ${reason}`);
  return doc;
}

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
export function notMisskeyReason(doc: Json, paths: Json): string | undefined {
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
    const pointer = `#/paths/${(firstRest ?? '').replaceAll('~', '~0').replaceAll('/', '~1')}`;
    return `only ${rpc} of ${keys.length} paths are POST endpoints named /{name} (e.g. ${pointer})`;
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
