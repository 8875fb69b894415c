/**
 * Structural checks on the parsed document: just enough to know it is an OpenAPI 3.0/3.1 document
 * describing a Misskey-style API (that rule is a Misskey convention: ../normalize/misskey-like.ts).
 * Problems deeper inside paths and schemas are the normalizer's business (it warns with JSON
 * pointers and carries on).
 */
import { isObject, kindOf, type JsonObject } from '../model/json.js';
import { notMisskeyReason } from '../normalize/misskey-like.js';
import { SpecLoadError } from './errors.js';

/** Returns the document typed as an object, or throws NOT_OPENAPI / NOT_MISSKEY. */
export function validateDocument(doc: unknown, where: string): JsonObject {
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
