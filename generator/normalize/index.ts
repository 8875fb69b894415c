/**
 * OpenAPI document → ApiModel. The only module that knows Misskey's conventions and how they
 * differ across versions and forks. It never throws on a broken convention: it records a warning
 * with the JSON pointer and carries on. Only an unusable document fails: the loader checks its
 * shape, and this fails when not one path yields an endpoint.
 */
import { GeneratorError } from '../errors.js';
import { isObject } from '../model/json.js';
import { childPointer as child, pointer, refTarget } from '../model/refs.js';
import { DEFAULT_SOFTWARE, type ApiModel, type ApiSource, type BodyKind, type Endpoint, type GenerationOptions, type JsonSchema, type NamedSchema, type ResultKind, type Warning } from '../model/types.js';
import { serverChannels } from './channels.js';
import { parseAccessLines } from './description.js';
import { collectErrors } from './error-codes.js';
import { withImpliedErrors } from './implied-errors.js';
import { NameRegistry, byRank, camelCase, endpointSpellingRank, pascalCase, reservedNames, schemaSpellingRank, typeNameFor, type Claimed } from './names.js';
import { SchemaSanitizer, breakEagerCycles } from './schemas.js';

export interface NormalizeOptions {
  specSha256: string;
  /** What the server said it runs; DEFAULT_SOFTWARE when it said nothing. */
  software?: string | undefined;
  url?: string | undefined;
  /** Names the runtime and templates export: never handed to spec names (the rest of the names table is in ./names.ts). */
  reservedNames?: Iterable<string>;
  /** The run's options that decide the output (other keys are ignored): recorded in the model. */
  options?: Partial<GenerationOptions> | undefined;
}

export const ENDPOINT_TYPE_SUFFIXES = ['Params', 'Result', 'ErrorCode'] as const;

/** Endpoint names are sent as URL paths: anything but plain segments could reach another URL. */
const VALID_NAME = /^[A-Za-z0-9_][A-Za-z0-9_\-.]*(\/[A-Za-z0-9_][A-Za-z0-9_\-.]*)*$/;

export function normalize(document: Record<string, unknown>, options: NormalizeOptions): ApiModel {
  const warnings: Warning[] = [];
  const names = new NameRegistry(reservedNames(options.reservedNames ?? []));
  if (document['components'] !== undefined && !isObject(document['components'])) {
    warnings.push({ pointer: pointer('components'), message: 'expected an object; no named schemas' });
  }
  const components = isObject(document['components']) ? document['components'] : {};
  if (components['schemas'] !== undefined && !isObject(components['schemas'])) {
    warnings.push({ pointer: pointer('components', 'schemas'), message: 'expected an object of schemas; no named schemas' });
  }
  const rawSchemas = isObject(components['schemas']) ? components['schemas'] : {};
  const sanitizer = new SchemaSanitizer(Object.keys(rawSchemas), warnings);

  const schemaMap = new Map<string, JsonSchema>();
  for (const name of Object.keys(rawSchemas).sort()) {
    schemaMap.set(name, sanitizer.sanitize(rawSchemas[name], pointer('components', 'schemas', name)));
  }
  breakEagerCycles(schemaMap, warnings);
  const schemas: NamedSchema[] = [...schemaMap].map(([name, schema]) => ({
    name,
    typeName: '',
    description: typeof schema === 'object' && typeof schema['description'] === 'string' ? schema['description'] : '',
    schema,
  }));
  // Schemas first (users name them in their code), each in order of how odd its spelling is.
  for (const schema of byRank(schemas, (s) => s.name, schemaSpellingRank)) {
    const claimed = names.claim(typeNameFor(schema.name), `taken by schema ${JSON.stringify(schema.name)}`);
    schema.typeName = claimed.name;
    const renamed = renaming('type', claimed);
    if (renamed) warnings.push({ pointer: pointer('components', 'schemas', schema.name), message: renamed });
  }

  const paths = isObject(document['paths']) ? document['paths'] : {};
  const endpoints: Endpoint[] = [];
  const seen = new Map<string, string>();
  const operationIds = new Map<string, string>();
  let firstLeftOut: Warning | undefined;
  let usable = 0;
  for (const path of Object.keys(paths).sort()) {
    const before = warnings.length;
    const endpoint = readEndpoint(path, paths[path], sanitizer, warnings, schemaMap);
    if (endpoint === undefined) {
      firstLeftOut ??= warnings[before];
      continue;
    }
    usable++;
    const operationId = (paths[path] as { post: Record<string, unknown> }).post['operationId'];
    if (typeof operationId === 'string') {
      const other = operationIds.get(operationId);
      const where = pointer('paths', path, 'post', 'operationId');
      // Harmless to us (endpoints are keyed by path), but tools that key operations by id would see one of the two.
      if (other !== undefined) warnings.push({ pointer: where, message: `operationId ${JSON.stringify(operationId).slice(0, 200)} is also used at ${other}` });
      else operationIds.set(operationId, where);
    }
    if (options.options?.excludeInternal && endpoint.internal) continue;
    const earlier = seen.get(endpoint.name);
    if (earlier !== undefined) {
      warnings.push({ pointer: pointer('paths', path), message: `duplicate endpoint ${JSON.stringify(endpoint.name)} (also at ${earlier}); the first is kept` });
      continue;
    }
    seen.set(endpoint.name, pointer('paths', path));
    endpoints.push(endpoint);
  }
  for (const endpoint of byRank(endpoints, (e) => e.name, endpointSpellingRank)) {
    const owner = `taken by endpoint ${JSON.stringify(endpoint.name)}`;
    const identifier = names.claim(camelCase(endpoint.name), owner);
    const typeBase = names.claimGroup(pascalCase(endpoint.name), ENDPOINT_TYPE_SUFFIXES, owner);
    endpoint.identifier = identifier.name;
    endpoint.typeBase = typeBase.name;
    const renamed = [renaming('function', identifier), renaming('types', typeBase, '…')].filter((r) => r !== undefined);
    if (renamed.length) warnings.push({ pointer: pointer('paths', `/${endpoint.name}`), message: renamed.join('; ') });
  }

  const pathCount = Object.keys(paths).length;
  if (pathCount > 0 && usable === 0) {
    // Nothing to generate from: fail, naming the first problem, rather than emit an empty package.
    const first = firstLeftOut ? ` (first: ${firstLeftOut.pointer}: ${firstLeftOut.message})` : '';
    throw new GeneratorError('NOT_MISSKEY', `#/paths: none of the ${pathCount} paths is a usable endpoint${first}`);
  }
  sanitizer.reportFormats();

  // Channels need permissions no endpoint names (read:admin:stream, read:chat): a token asked for by the list must be able to hold them.
  const channels = serverChannels(schemaMap.keys());
  const permissions = new Set<string>();
  for (const c of channels.present) if (c.permission !== null) permissions.add(c.permission);
  for (const e of endpoints) if (e.permission !== null) permissions.add(e.permission);

  return {
    source: readSource(document, options),
    options: generationOptions(options.options ?? {}),
    endpoints,
    schemas,
    permissions: [...permissions].sort(),
    channels: channels.present,
    absentChannels: channels.absent,
    warnings,
  };
}

/** The options recorded in the model: every one, defaults included, so readers need no defaults of their own. */
function generationOptions(options: Partial<GenerationOptions>): GenerationOptions {
  const recorded: GenerationOptions = { excludeInternal: options.excludeInternal ?? false, emit: options.emit ?? 'ts' };
  if (options.packageName !== undefined) recorded.packageName = options.packageName;
  if (options.packageVersion !== undefined) recorded.packageVersion = options.packageVersion;
  return recorded;
}

/** Why a name was not the one wanted, as warning text, or undefined when it was. */
function renaming(what: string, claimed: Claimed, suffix = ''): string | undefined {
  if (claimed.clash === undefined) return undefined;
  return `${what} ${claimed.wanted}${suffix}: ${claimed.clash}; named ${claimed.name}${suffix}`;
}

function readSource(document: Record<string, unknown>, options: NormalizeOptions): ApiSource {
  const info = isObject(document['info']) ? document['info'] : {};
  const source: ApiSource = {
    version: typeof info['version'] === 'string' ? info['version'] : 'unknown',
    title: typeof info['title'] === 'string' ? info['title'] : '',
    openapi: typeof document['openapi'] === 'string' ? document['openapi'] : '',
    specSha256: options.specSha256,
    software: options.software ?? DEFAULT_SOFTWARE,
  };
  if (options.url !== undefined) source.url = options.url;
  return source;
}

function readEndpoint(path: string, item: unknown, sanitizer: SchemaSanitizer, warnings: Warning[], schemas: ReadonlyMap<string, JsonSchema>): Endpoint | undefined {
  const where = pointer('paths', path);
  const name = path.replace(/^\//, '');
  if (!path.startsWith('/') || !VALID_NAME.test(name) || name.split('/').some((s) => s === '.' || s === '..')) {
    warnings.push({ pointer: where, message: `${JSON.stringify(path).slice(0, 200)} is not a valid endpoint path; endpoint left out` });
    return undefined;
  }
  if (!isObject(item) || !isObject(item['post'])) {
    warnings.push({ pointer: where, message: 'no POST operation (every Misskey endpoint is POST); endpoint left out' });
    return undefined;
  }
  const op = item['post'];
  const opWhere = child(where, 'post');
  const access = parseAccessLines(typeof op['description'] === 'string' ? op['description'] : '');
  const hasSecurity = Array.isArray(op['security']) && op['security'].length > 0;
  if (access.credential === undefined) {
    warnings.push({ pointer: child(opWhere, 'description'), message: 'no "**Credential required**" line; credential taken from `security`, permission unknown' });
  }
  const responses = isObject(op['responses']) ? op['responses'] : {};
  if (!isObject(op['responses'])) warnings.push({ pointer: child(opWhere, 'responses'), message: 'no responses object; result typed as unknown' });

  const endpoint: Endpoint = {
    name,
    identifier: '',
    typeBase: '',
    credential: access.credential ?? hasSecurity,
    permission: access.permission,
    internal: access.internal,
    allowGet: isObject(item['get']),
    deprecated: op['deprecated'] === true,
    body: readBody(op['requestBody'], child(opWhere, 'requestBody'), sanitizer, warnings, schemas),
    result: isObject(op['responses']) ? readResult(responses, child(opWhere, 'responses'), sanitizer, warnings) : { kind: 'json', schema: {} },
    errors: collectErrors(responses, child(opWhere, 'responses'), warnings),
    rateLimited: '429' in responses,
    description: access.text,
  };
  endpoint.errors = withImpliedErrors(endpoint);
  const docs = op['externalDocs'];
  if (isObject(docs) && typeof docs['url'] === 'string' && /^https?:\/\//.test(docs['url'])) endpoint.sourceUrl = docs['url'];
  const tags = op['tags'];
  if (Array.isArray(tags) && typeof tags[0] === 'string') endpoint.tag = tags[0];
  return endpoint;
}

function readBody(body: unknown, where: string, sanitizer: SchemaSanitizer, warnings: Warning[], schemas: ReadonlyMap<string, JsonSchema>): Endpoint['body'] {
  if (body === undefined) return { kind: 'none' };
  const content = isObject(body) && isObject(body['content']) ? body['content'] : undefined;
  const kinds: [string, BodyKind][] = [['application/json', 'json'], ['multipart/form-data', 'multipart']];
  for (const [mediaType, kind] of kinds) {
    const media = content?.[mediaType];
    if (!isObject(media)) continue;
    const at = child(where, 'content', mediaType, 'schema');
    const schema = sanitizer.sanitize(media['schema'] ?? {}, at);
    // The params are always sent as one object (JSON or form fields), so a schema for anything else cannot be typed as given.
    const problem = notAnObject(schema, schemas);
    if (problem === undefined) return { kind, schema };
    warnings.push({ pointer: at, message: `params must be an object, but ${problem}; typed as an object of unknown values` });
    return { kind, schema: { type: 'object' } };
  }
  warnings.push({ pointer: where, message: 'request body with neither application/json nor multipart/form-data content; params typed as unknown JSON' });
  return { kind: 'json', schema: {} };
}

/** Why a params schema may describe something other than one object (a string, null, an array…), or undefined when it cannot. */
function notAnObject(schema: JsonSchema, schemas: ReadonlyMap<string, JsonSchema>, depth = 0, visited = new Set<string>()): string | undefined {
  if (typeof schema === 'boolean' || depth > 8) return undefined;
  const target = refTarget(schema['$ref']);
  if (target !== undefined) {
    // Each schema is looked into once: one with a problem ends the walk, so a second look finds none.
    // Without this, schemas listing the same schemas many times over take exponential time.
    if (visited.has(target)) return undefined;
    visited.add(target);
    const found = schemas.get(target);
    const problem = found === undefined ? undefined : notAnObject(found, schemas, depth + 1, visited);
    return problem === undefined ? undefined : `${JSON.stringify(target)} ${problem.replace(/^it /, '')}`;
  }
  const type = schema['type'];
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  const other = types.filter((t) => t !== 'object');
  if (other.length > 0) return `it allows ${other.map((t) => JSON.stringify(t)).join(', ')}`;
  if (schema['nullable'] === true) return 'it is nullable';
  const values = schema['enum'];
  if (Array.isArray(values) && values.some((v) => !isObject(v))) return 'its enum has values that are not objects';
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const member of list as JsonSchema[]) {
      const problem = notAnObject(member, schemas, depth + 1, visited);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function readResult(responses: Record<string, unknown>, where: string, sanitizer: SchemaSanitizer, warnings: Warning[]): Endpoint['result'] {
  const ok = responses['200'];
  const hasNoContent = '204' in responses;
  if (ok === undefined) {
    if (!hasNoContent) warnings.push({ pointer: where, message: 'neither a 200 nor a 204 response; result typed as unknown' });
    return hasNoContent ? { kind: 'void' } : { kind: 'json', schema: {} };
  }
  const content = isObject(ok) && isObject(ok['content']) ? ok['content'] : undefined;
  const media = content?.['application/json'];
  const kind: ResultKind = hasNoContent ? 'json-or-void' : 'json';
  if (!isObject(media)) {
    warnings.push({ pointer: child(where, '200'), message: '200 response without application/json content; result typed as unknown' });
    return { kind, schema: {} };
  }
  return { kind, schema: sanitizer.sanitize(media['schema'] ?? {}, child(where, '200', 'content', 'application/json', 'schema')) };
}
