/**
 * model.json: the model a package was generated from, stored in the package so that the next
 * regeneration and `diff` can compare against it. Its shape is declared once, as data (MODEL), and
 * checked both ways: a model is checked before it is written (emit/model-json.ts), and a model.json
 * is checked as it is read, naming the JSON pointer of the first thing wrong.
 *
 * One rule for fields added to the model after a package was generated: a missing field takes the
 * neutral value its shape gives, so older packages still compare; a field of the wrong kind is an error.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GeneratorError, oneLine } from '../errors.js';
import { isObject } from './json.js';
import { childPointer } from './refs.js';
import { DEFAULT_SOFTWARE, type ApiErrorInfo, type ApiModel, type ApiSource, type Channel, type Endpoint, type GenerationOptions, type NamedSchema, type Warning } from './types.js';

export type ModelFileErrorCode = 'MODEL_UNREADABLE' | 'BAD_MODEL';

export class ModelFileError extends GeneratorError {
  override name = 'ModelFileError';
  declare readonly code: ModelFileErrorCode;
  constructor(code: ModelFileErrorCode, message: string) {
    super(code, oneLine(message));
  }
}

/** What one value of model.json holds. */
type Shape = (
  | { kind: 'string' | 'boolean' | 'number'; oneOf?: readonly string[] }
  /** A JSON Schema from the spec (an object or a boolean), kept as it is. */
  | { kind: 'schema' }
  | { kind: 'list'; of: Shape }
  /** An object with keys of its own choosing, each value of one shape. */
  | { kind: 'map'; of: Shape }
  | { kind: 'object'; fields: Readonly<Record<string, Field>> }
) & { nullable?: true };

/**
 * A field: its shape, and `missing`, what it is when absent — a neutral value for a field older
 * packages lack, OMIT for an optional field. Without `missing` the field is required.
 */
type Field = Shape & { missing?: unknown };
const OMIT = Symbol('omit');

/** Every field of T, each with its shape: a field added to the model cannot be forgotten here. */
type Fields<T> = { readonly [K in keyof Required<T>]: Field };

const text = (missing?: unknown): Field => (missing === undefined ? { kind: 'string' } : { kind: 'string', missing });
const flag: Field = { kind: 'boolean', missing: false };
const object = <T>(fields: Fields<T>, missing?: unknown): Field => ({ kind: 'object', fields, ...(missing === undefined ? {} : { missing }) });
const list = (of: Shape, missing?: unknown): Field => ({ kind: 'list', of, ...(missing === undefined ? {} : { missing }) });
const map = (of: Shape, missing?: unknown): Field => ({ kind: 'map', of, ...(missing === undefined ? {} : { missing }) });

const SOURCE: Fields<ApiSource> = {
  version: text(),
  title: text(''),
  openapi: text(''),
  specSha256: text(''),
  software: text(DEFAULT_SOFTWARE),
  url: text(OMIT),
};

const OPTIONS: Fields<GenerationOptions> = {
  excludeInternal: flag,
  emit: { kind: 'string', oneOf: ['ts', 'js'], missing: 'ts' },
  packageName: text(OMIT),
  packageVersion: text(OMIT),
};

const ERROR: Fields<ApiErrorInfo> = {
  code: text(),
  id: text(''),
  message: text(''),
  kind: text(OMIT),
  status: { kind: 'number', missing: OMIT },
};

const ENDPOINT: Fields<Endpoint> = {
  name: text(),
  identifier: text(),
  typeBase: text(),
  credential: flag,
  permission: { kind: 'string', nullable: true, missing: null },
  internal: flag,
  allowGet: flag,
  deprecated: flag,
  body: object<Endpoint['body']>({ kind: { kind: 'string', oneOf: ['none', 'json', 'multipart'] }, schema: { kind: 'schema', missing: OMIT } }),
  result: object<Endpoint['result']>({ kind: { kind: 'string', oneOf: ['void', 'json', 'json-or-void'] }, schema: { kind: 'schema', missing: OMIT } }),
  errors: list({ kind: 'object', fields: ERROR }, []),
  rateLimited: flag,
  description: text(''),
  sourceUrl: text(OMIT),
  tag: text(OMIT),
};

const SCHEMA: Fields<NamedSchema> = {
  name: text(),
  typeName: text(),
  description: text(''),
  schema: { kind: 'schema', missing: {} },
};

const CHANNEL: Fields<Channel> = {
  name: text(),
  credential: flag,
  permission: { kind: 'string', nullable: true, missing: null },
  shared: flag,
  timeline: { ...object<NonNullable<Channel['timeline']>>({ endpoint: text(), params: list({ kind: 'string' }), rename: map({ kind: 'string' }, OMIT) }), nullable: true, missing: null },
};

const WARNING: Fields<Warning> = { pointer: text(), message: text() };

/** The shape of model.json. */
export const MODEL: Fields<ApiModel> = {
  source: object<ApiSource>(SOURCE),
  options: object<GenerationOptions>(OPTIONS, { excludeInternal: false, emit: 'ts' }),
  endpoints: list({ kind: 'object', fields: ENDPOINT }),
  schemas: list({ kind: 'object', fields: SCHEMA }),
  permissions: list({ kind: 'string' }),
  channels: list({ kind: 'object', fields: CHANNEL }, []),
  absentChannels: list({ kind: 'string' }, []),
  warnings: list({ kind: 'object', fields: WARNING }, []),
};

const ARTICLE: Record<Shape['kind'], string> = {
  string: 'a string',
  boolean: 'a boolean',
  number: 'a number',
  schema: 'a schema (an object or a boolean)',
  list: 'an array',
  map: 'an object',
  object: 'an object',
};

/**
 * `value` (a parsed model.json) checked against MODEL, as a fresh ApiModel holding only the fields
 * the shape names, with neutral values for missing ones. Throws a ModelFileError naming `file` and
 * the pointer of the first problem.
 */
export function parseModel(value: unknown, file: string): ApiModel {
  return walkModel(value, file, true) as ApiModel;
}

/** parseModel's check alone, for a model this run built (emit/model-json.ts): the same errors, nothing copied. */
export function checkModel(model: ApiModel, file: string): void {
  walkModel(model, file, false);
}

function walkModel(value: unknown, file: string, copy: boolean): unknown {
  const fail = (where: string, what: string): never => {
    throw new ModelFileError('BAD_MODEL', `${file}: ${where} ${what}; not a model.json written by misskey-codegen`);
  };
  // Recursive, but only as deep as the shape: schemas, the only deep values, are not walked.
  // Plain loops: every generation checks its model (some 25,000 values) with this, in code still cold.
  const read = (v: unknown, shape: Shape, where: string): unknown => {
    if (v === null && shape.nullable) return null;
    switch (shape.kind) {
      case 'string':
      case 'boolean':
      case 'number':
        if (typeof v !== shape.kind) return fail(where, `is not ${ARTICLE[shape.kind]}${shape.nullable ? ' or null' : ''}`);
        if (shape.oneOf && !shape.oneOf.includes(v as string)) return fail(where, `is not one of ${shape.oneOf.join(', ')}`);
        return v;
      case 'schema':
        return typeof v === 'boolean' || isObject(v) ? v : fail(where, `is not ${ARTICLE.schema}`);
      case 'list': {
        if (!Array.isArray(v)) return fail(where, 'is not an array');
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) {
          const item = read(v[i], shape.of, childPointer(where, i));
          if (copy) out.push(item);
        }
        return copy ? out : v;
      }
      case 'map':
        if (!isObject(v)) return fail(where, `is not ${ARTICLE.map}`);
        // fromEntries defines own properties, so a key such as __proto__ stays data.
        return Object.fromEntries(Object.entries(v).map(([key, item]) => [key, read(item, shape.of, childPointer(where, key))]));
      case 'object': {
        if (!isObject(v)) return fail(where, `is not an object${shape.nullable ? ' or null' : ''}`);
        const out: Record<string, unknown> = {};
        const fields = shape.fields;
        for (const key in fields) {
          const field = fields[key] as Field;
          const at = childPointer(where, key);
          if (v[key] !== undefined) {
            const item = read(v[key], field, at);
            if (copy) out[key] = item;
          } else if (!('missing' in field)) fail(at, 'is missing');
          else if (copy && field.missing !== OMIT) out[key] = structuredClone(field.missing);
        }
        return copy ? out : v;
      }
    }
  };
  return read(value, { kind: 'object', fields: MODEL }, '#');
}

export async function readModelFile(file: string): Promise<ApiModel> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ModelFileError('MODEL_UNREADABLE', `cannot read ${file} (${typeof code === 'string' ? code : String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    throw new ModelFileError('BAD_MODEL', `${file} is not valid JSON: not a model.json written by misskey-codegen`);
  }
  return parseModel(value, file);
}

/** The model stored in a generated package folder, or undefined when the folder holds none. Throws when it is there but unreadable. */
export async function readPackageModel(dir: string): Promise<ApiModel | undefined> {
  const file = join(dir, 'model.json');
  return existsSync(file) ? readModelFile(file) : undefined;
}
