/**
 * `--emit js`: JavaScript and declarations of the generated files that hold values (api.ts,
 * permissions.ts, validation.ts), written directly from the model, as their TypeScript is. Nothing
 * is compiled, so generating JavaScript costs no more than generating TypeScript. The parts they
 * share with the TypeScript (signatures, rows, doc comments) come from the TypeScript emitters.
 */
import type { ApiModel, Channel } from '../model/types.js';
import { apiImports, callExpression, docLines, signature } from './api-file.js';
import {
  CHANNEL_META_DOC,
  ENDPOINT_META_DOC,
  PERMISSION_TYPES,
  PERMISSIONS_DOC,
  channelMetaValue,
  endpointMetaType,
  endpointMetaValue,
  permissionsImports,
  permissionsValue,
} from './permissions-file.js';
import { jsDoc, literal, objectKey } from './safe.js';
import { resultSchemasValue, VALIDATION_DOC, VALIDATION_IMPORT } from './validation-file.js';

export interface JsFile {
  js: string;
  dts: string;
}

/** One function per endpoint; its documentation lives in the declarations, where editors read it. */
export function apiJs(model: ApiModel): JsFile {
  if (!model.endpoints.length) return { js: 'export {};\n', dts: apiImports(model) + '\nexport {};\n' };
  const js = model.endpoints.map((e) => `export function ${e.identifier}(client, params, options) {\n  return ${callExpression(e)};\n}\n`);
  const dts = model.endpoints.map((e) => jsDoc(docLines(e)) + `export declare function ${signature(e)};\n`);
  return { js: js.join('\n'), dts: apiImports(model) + '\n' + dts.join('\n') };
}

/** The data as in permissions.ts; the declarations spell out the types TypeScript infers for it (`as const`). */
export function permissionsJs(model: ApiModel): JsFile {
  const js =
    PERMISSIONS_DOC +
    permissionsValue(model, 'export const permissions = ', ';\n\n') +
    ENDPOINT_META_DOC +
    endpointMetaValue(model, 'export const endpointMeta = ', ';\n') +
    CHANNEL_META_DOC +
    channelMetaValue(model.channels, 'export const channelMeta = ', ';\n');
  const dts =
    permissionsImports(model) +
    `${PERMISSIONS_DOC}export declare const permissions: readonly [${model.permissions.map(literal).join(', ')}];\n\n` +
    PERMISSION_TYPES +
    `${ENDPOINT_META_DOC}export declare const endpointMeta: ${endpointMetaType(model)};\n` +
    `${CHANNEL_META_DOC}export declare const channelMeta: {\n${model.channels.map((c) => `  readonly ${objectKey(c.name)}: ${channelMetaType(c)};\n`).join('')}};\n`;
  return { js, dts };
}

/** The type `as const` gives one row of channelMeta (the row: permissions-file.ts channelMetaValue). */
function channelMetaType(c: Channel): string {
  const permission = c.permission === null ? 'null' : literal(c.permission);
  return `{ readonly credential: ${c.credential}; readonly permission: ${permission}; readonly shared: ${c.shared}; readonly timeline: ${timelineType(c)} }`;
}

function timelineType(c: Channel): string {
  if (c.timeline === null) return 'null';
  const { endpoint, params, rename } = c.timeline;
  const renamed = rename ? `; readonly rename: { ${Object.entries(rename).map(([from, to]) => `readonly ${objectKey(from)}: ${literal(to)}`).join('; ')} }` : '';
  return `{ readonly endpoint: ${literal(endpoint)}; readonly params: readonly [${params.map(literal).join(', ')}]${renamed} }`;
}

export function validationJs(model: ApiModel): JsFile {
  return {
    js: `${VALIDATION_DOC}export const resultSchemas = ${resultSchemasValue(model)};\n`,
    dts: `${VALIDATION_IMPORT}\n${VALIDATION_DOC}export declare const resultSchemas: ValidationSchemas;\n`,
  };
}
