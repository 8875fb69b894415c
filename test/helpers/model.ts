/** Small hand-built ApiModels for tests: only what a case needs, the rest neutral. */
import { refTo } from '../../generator/model/refs.js';
import type { ApiModel, ApiSource, Endpoint, GenerationOptions, JsonSchema, NamedSchema } from '../../generator/model/types.js';

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

export interface ModelParts {
  version?: string;
  source?: Partial<ApiSource>;
  options?: Partial<GenerationOptions>;
  endpoints?: Endpoint[];
  schemas?: NamedSchema[];
  permissions?: string[];
}

export function model(parts: ModelParts = {}): ApiModel {
  return {
    source: { version: parts.version ?? '1.0.0', title: 'Misskey API', openapi: '3.1.0', specSha256: parts.version ?? '1.0.0', software: 'misskey', ...parts.source },
    options: { excludeInternal: false, emit: 'ts', ...parts.options },
    endpoints: [...(parts.endpoints ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1)),
    schemas: [...(parts.schemas ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1)),
    permissions: [...(parts.permissions ?? [])].sort(),
    channels: [],
    absentChannels: [],
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
export const ref = (name: string): JsonSchema => ({ $ref: refTo(name) });
