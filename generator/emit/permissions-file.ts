/** permissions.ts: every permission as data and as a union, and per-endpoint access metadata. */
import type { ApiModel, Channel } from '../model/types.js';
import { literal, objectKey } from './safe.js';

export function emitPermissionsFile(model: ApiModel): string {
  return (
    permissionsImports(model) +
    `${PERMISSIONS_DOC}export const permissions = [\n${permissionRows(model)}\n] as const;\n\n` +
    PERMISSION_TYPES +
    ENDPOINT_META_DOC +
    `export const endpointMeta: ${endpointMetaType(model)} = {${model.endpoints.length ? `\n${endpointMetaRows(model)}\n` : ''}};\n` +
    `${CHANNEL_META_DOC}export const channelMeta = {\n${channelMetaRows(model.channels)}\n} as const satisfies {\n` +
    '  readonly [channel: string]: {\n    readonly credential: boolean;\n    readonly permission: Permission | null;\n    readonly shared: boolean;\n' +
    '    readonly timeline: { readonly endpoint: string; readonly params: readonly string[]; readonly rename?: { readonly [param: string]: string } } | null;\n  };\n};\n'
  );
}

// The parts permissions.ts and its declarations (`--emit js`, js/permissions.ts) share.
export const PERMISSIONS_DOC = "/** Every permission this server's API names. */\n";
export const PERMISSION_TYPES =
  'export type Permission = (typeof permissions)[number];\n\n' +
  'export interface EndpointMeta {\n  readonly credential: boolean;\n  readonly permission: Permission | null;\n  readonly internal: boolean;\n}\n\n';
export const ENDPOINT_META_DOC = '/** Access rules of each endpoint, as data a program can read. */\n';
// Emitted even when empty: the stream template reads it (which channels are shared, how each is re-read).
export const CHANNEL_META_DOC =
  '\n/**\n * Access rules of each streaming channel. `shared` channels exist once per connection; a `timeline`\n' +
  ' * channel carries notes an endpoint also reads over HTTP, with the channel params it shares\n' +
  " * (`rename`d where the endpoint's own name differs); the runtime re-reads it after an outage.\n */\n";

export function permissionsImports(model: ApiModel): string {
  return model.endpoints.length ? "import type { EndpointName } from './endpoints.js';\n\n" : '';
}

export function permissionRows(model: ApiModel): string {
  return model.permissions.map((p) => `  ${literal(p)},`).join('\n');
}

export function endpointMetaType(model: ApiModel): string {
  return model.endpoints.length ? '{ readonly [N in EndpointName]: EndpointMeta }' : '{ readonly [name: string]: EndpointMeta }';
}

export function endpointMetaRows(model: ApiModel): string {
  return model.endpoints
    .map(
      (e) =>
        `  ${objectKey(e.name)}: { credential: ${e.credential}, permission: ${e.permission === null ? 'null' : literal(e.permission)}, internal: ${e.internal} },`,
    )
    .join('\n');
}

export function channelMetaRows(channels: readonly Channel[]): string {
  return channels
    .map(
      (c) =>
        `  ${objectKey(c.name)}: { credential: ${c.credential}, permission: ${c.permission === null ? 'null' : literal(c.permission)}, shared: ${c.shared}, timeline: ${timeline(c)} },`,
    )
    .join('\n');
}

export function timeline(c: Channel): string {
  if (c.timeline === null) return 'null';
  const { endpoint, params, rename } = c.timeline;
  const renamed = rename ? `, rename: { ${Object.entries(rename).map(([from, to]) => `${objectKey(from)}: ${literal(to)}`).join(', ')} }` : '';
  return `{ endpoint: ${literal(endpoint)}, params: [${params.map(literal).join(', ')}]${renamed} }`;
}
