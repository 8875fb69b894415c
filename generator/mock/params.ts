/**
 * Params checked the way Misskey checks them: with Ajv (the validator Misskey itself uses), against
 * the endpoint's own schema, and a failure reported as Misskey reports it (`INVALID_PARAM`, with
 * `info: {param: "#/properties/noteId/type", reason}`). OpenAPI 3.1 schemas are JSON Schema 2020-12,
 * hence Ajv's 2020 build; 3.0's `nullable` is one of Ajv's own keywords. Formats are not checked
 * (the spec's `misskey:id`, `binary`… are no JSON Schema formats), nor are keywords Ajv does not know.
 *
 * Each endpoint is compiled on its first call, and the component schemas once for all of them.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { isObject } from '../model/json.js';
import type { Endpoint, JsonSchema, NamedSchema } from '../model/types.js';

/** Where the components live for Ajv; a name that resolves nowhere, so nothing is ever fetched. */
const COMPONENTS_ID = 'https://components.mock.invalid/schemas.json';

export type ParamCheck = { ok: true } | { ok: false; param: string; reason: string };

export class ParamValidator {
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(schemas: readonly NamedSchema[]) {
    this.#ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false, allowUnionTypes: true });
    // Null prototype: schema names come from the spec.
    const map: Record<string, JsonSchema> = Object.create(null);
    for (const s of schemas) map[s.name] = s.schema;
    this.#ajv.addSchema({ $id: COMPONENTS_ID, components: { schemas: { ...map } } });
  }

  /** Checks `params` against the endpoint's body schema (none: anything goes, as the server takes `{}`). */
  check(endpoint: Endpoint, params: unknown): ParamCheck {
    const schema = endpoint.body.schema;
    if (schema === undefined) return isObject(params) ? { ok: true } : { ok: false, param: '#/type', reason: 'must be object' };
    let validate = this.#compiled.get(endpoint.name);
    if (validate === undefined) {
      validate = this.#ajv.compile(rebase(schema) as object);
      this.#compiled.set(endpoint.name, validate);
    }
    if (validate(params)) return { ok: true };
    const first = validate.errors?.[0];
    return { ok: false, param: first?.schemaPath ?? '#', reason: first?.message ?? 'invalid' };
  }
}

/** A copy of `schema` whose component `$ref`s point into the components document registered above. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/components/') ? COMPONENTS_ID + value : rebase(value);
  }
  return { ...out };
}
