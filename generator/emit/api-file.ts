/**
 * api.ts: one exported function per endpoint. Each is a plain top-level declaration that only
 * needs a `Transport`, so a bundler keeps exactly the functions an app imports. The permission
 * check is types only, `Transport<'write:drive'>`: no type parameter to infer and no overloads, so a
 * call costs the compiler no more than before, and the JavaScript is unchanged.
 */
import type { ApiModel, Endpoint } from '../model/types.js';
import { paramsRequired } from './endpoints-file.js';
import { call } from './layout.js';
import { jsDoc, literal } from './safe.js';

export function emitApiFile(model: ApiModel): string {
  return apiImports(model) + '\n' + model.endpoints.map(emitFunction).join('\n') + (model.endpoints.length ? '' : 'export {};\n');
}

/** The type imports of api.ts (and of its declarations, `--emit js`). */
export function apiImports(model: ApiModel): string {
  return (
    'import type { CallOptions, Transport } from "./runtime/http/client.js";\n' +
    (model.endpoints.some(fullAccessOnly) ? 'import type { FullAccessOnly } from "./runtime/http/scope.js";\n' : '') +
    (model.endpoints.length ? 'import type * as T from "./endpoints.js";\n' : '')
  );
}

/** `name(client: …, params: …, options?: CallOptions)`: an endpoint function's parameters, in api.ts and its declarations. */
function parameters(e: Endpoint): string[] {
  const optional = paramsRequired(e) ? '' : '?';
  return [`client: ${clientType(e)}`, `params${optional}: T.${e.typeBase}Params`, 'options?: CallOptions'];
}

/** The declaration of an endpoint function (`--emit js`, api.d.ts). */
export function signature(e: Endpoint): string {
  return `${e.identifier}(${parameters(e).join(', ')}): Promise<T.${e.typeBase}Result>`;
}

function emitFunction(e: Endpoint): string {
  const result = `T.${e.typeBase}Result`;
  return (
    jsDoc(docLines(e)) +
    call('', `export function ${e.identifier}`, parameters(e), `: Promise<${result}> {`) +
    '\n' +
    call('  ', 'return client.call', callArgs(e), ` as Promise<${result}>;`) +
    '\n}\n'
  );
}

/** `"notes/create", params, options` (and `true` for a multipart body): what an endpoint function passes to `client.call`. */
function callArgs(e: Endpoint): string[] {
  return [literal(e.name), 'params', 'options', ...(e.body.kind === 'multipart' ? ['true'] : [])];
}

/** `client.call("notes/create", params, options)`: an endpoint function's body in the JavaScript of `--emit js`. */
export function callExpression(e: Endpoint): string {
  return `client.call(${callArgs(e).join(', ')})`;
}

/** A transport whose token holds what the endpoint needs; without a credential, any (as `Allowed` does for `request`). */
function clientType(e: Endpoint): string {
  if (!e.credential) return 'Transport<never>';
  return `Transport<${e.permission === null ? 'FullAccessOnly' : literal(e.permission)}>`;
}

function fullAccessOnly(e: Endpoint): boolean {
  return e.credential && e.permission === null;
}

export function docLines(e: Endpoint): string[] {
  const lines: string[] = [];
  lines.push(`\`POST /api/${e.name}\``, '');
  if (e.description) lines.push(e.description, '');
  if (e.internal) lines.push('**Internal endpoint**: meant for the official web client; app tokens are refused.', '');
  const credential = e.credential ? 'required' : e.permission ? 'optional' : 'not required';
  lines.push(`**Credential**: ${credential}${e.permission ? ` · **Permission**: \`${e.permission}\`` : ''}${e.rateLimited ? ' · rate limited' : ''}`);
  if (e.errors.length) lines.push('', `**Errors**: ${e.errors.map((x) => `\`${x.code}\``).join(', ')}`);
  if (e.deprecated) lines.push('', '@deprecated');
  if (e.sourceUrl) lines.push('', `@see ${e.sourceUrl}`);
  return lines;
}
