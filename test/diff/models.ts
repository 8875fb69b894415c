/** Small hand-built ApiModels for diff tests: only what a case needs, the rest neutral. */
import type { ApiModel, Endpoint, JsonSchema, NamedSchema } from '../../generator/model.js';

export function endpoint(name: string, overrides: Partial<Endpoint> = {}): Endpoint {
  const base = name.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase());
  return {
    name,
    identifier: base,
    typeBase: base.charAt(0).toUpperCase() + base.slice(1),
    credential: false,
    permission: null,
    internal: false,
    allowGet: false,
    deprecated: false,
    body: { kind: 'none' },
    result: { kind: 'void' },
    errors: [],
    rateLimited: false,
    description: '',
    ...overrides,
  };
}

export function schema(name: string, value: JsonSchema): NamedSchema {
  return { name, typeName: name, description: '', schema: value };
}

export function model(parts: { version?: string; endpoints?: Endpoint[]; schemas?: NamedSchema[]; permissions?: string[] } = {}): ApiModel {
  return {
    source: { version: parts.version ?? '1.0.0', title: 'Misskey API', openapi: '3.1.0', specSha256: parts.version ?? '1.0.0', software: 'misskey' },
    endpoints: [...(parts.endpoints ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1)),
    schemas: [...(parts.schemas ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1)),
    permissions: [...(parts.permissions ?? [])].sort(),
    warnings: [],
  };
}

/** An endpoint taking `params` as its JSON body. */
export function withParams(name: string, params: JsonSchema, overrides: Partial<Endpoint> = {}): Endpoint {
  return endpoint(name, { body: { kind: 'json', schema: params }, ...overrides });
}

/** An endpoint answering `result`. */
export function withResult(name: string, result: JsonSchema, overrides: Partial<Endpoint> = {}): Endpoint {
  return endpoint(name, { result: { kind: 'json', schema: result }, ...overrides });
}

export const object = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({ type: 'object', properties, required });
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
