/**
 * endpoints.ts: per endpoint `…Params`, `…Result` and `…ErrorCode` types, and the `Endpoints` map
 * that the generic `request(name, params)` indexes into (one lookup, no overloads).
 */
import { pointer } from '../model/refs.js';
import type { ApiModel, Endpoint } from '../model/types.js';
import { data, importList, laidOut, settled, typeAlias } from './layout.js';
import { literal, propertyKey } from './safe.js';
import { TypeEmitter } from './types.js';

export function emitEndpointsFile(model: ApiModel): string {
  const types = new TypeEmitter(model);
  const decls: string[] = [];
  for (const e of model.endpoints) {
    const at = pointer('paths', `/${e.name}`, 'post');
    decls.push(paramsDeclaration(e, types, at));
    decls.push(resultDeclaration(e, types, at));
    decls.push(typeAlias(`export type ${e.typeBase}ErrorCode`, e.errors.length ? e.errors.map((x) => literal(x.code)) : ['string']));
  }
  const used = types.takeReferences();
  const imports = used.length ? importList(used, '"./schemas.js"') + '\n' : '';
  const map = Object.fromEntries(
    model.endpoints.map((e) => [
      e.name,
      {
        params: `${e.typeBase}Params`,
        result: `${e.typeBase}Result`,
        errors: `${e.typeBase}ErrorCode`,
        credential: String(e.credential),
        permission: e.permission === null ? 'null' : literal(e.permission),
      },
    ]),
  );
  const footer = types.footer();
  return (
    imports +
    decls.join('\n') +
    '\n\n/** Every endpoint of this server: name → params, result, error codes, credential and permission. */\n' +
    data(map, { keyOf: (name) => propertyKey(name), separator: ';' }, '', 'export type Endpoints = ', ';\n') +
    '\nexport type EndpointName = keyof Endpoints;\n' +
    (footer ? `\n${footer}\n` : '')
  );
}

function paramsDeclaration(e: Endpoint, types: TypeEmitter, at: string): string {
  if (e.body.kind === 'none' || e.body.schema === undefined) return settled(`export type ${e.typeBase}Params = Record<string, never>;`);
  const declaration = types.declaration(`${e.typeBase}Params`, e.body.schema, `${at}/requestBody`);
  // The body is always a JSON object (or form): a schema we cannot type still must not accept anything.
  return declaration.endsWith(' = unknown;') ? settled(`export type ${e.typeBase}Params = Record<string, unknown>;`) : declaration;
}

function resultDeclaration(e: Endpoint, types: TypeEmitter, at: string): string {
  if (e.result.kind === 'void' || e.result.schema === undefined) return `export type ${e.typeBase}Result = void;`;
  if (e.result.kind === 'json') return types.declaration(`${e.typeBase}Result`, e.result.schema, `${at}/responses/200`);
  return laidOut(`export type ${e.typeBase}Result = ${types.text(types.node(e.result.schema, `${at}/responses/200`))} | undefined;`);
}

/** Whether a caller must pass params (any required property, or a shape we cannot see into). */
export function paramsRequired(e: Endpoint): boolean {
  const schema = e.body.schema;
  if (e.body.kind === 'none' || schema === undefined || typeof schema === 'boolean') return false;
  if (Array.isArray(schema['required']) && schema['required'].length > 0) return true;
  return ['$ref', 'allOf', 'oneOf', 'anyOf'].some((k) => k in schema);
}
