/** permissions.ts: every permission as data and as a union, and per-endpoint access metadata. */
import type { ApiModel, Channel } from '../model/types.js';
import { data, type Data, type DataStyle } from './layout.js';
import { literal, objectKey } from './safe.js';

const VALUE: DataStyle = { keyOf: objectKey, separator: ',' };

export function emitPermissionsFile(model: ApiModel): string {
  return (
    permissionsImports(model) +
    PERMISSIONS_DOC +
    permissionsValue(model, 'export const permissions = ', ' as const;') +
    '\n\n' +
    PERMISSION_TYPES +
    ENDPOINT_META_DOC +
    endpointMetaValue(model, `export const endpointMeta: ${endpointMetaType(model)} = `, ';') +
    '\n' +
    CHANNEL_META_DOC +
    channelMetaValue(model.channels, 'export const channelMeta = ', ' as const satisfies {') +
    '\n' +
    '  readonly [channel: string]: {\n    readonly credential: boolean;\n    readonly permission: Permission | null;\n    readonly shared: boolean;\n' +
    '    readonly timeline: {\n      readonly endpoint: string;\n      readonly params: readonly string[];\n' +
    '      readonly rename?: { readonly [param: string]: string };\n    } | null;\n  };\n};\n'
  );
}

// The parts permissions.ts and its declarations and JavaScript (`--emit js`, js-files.ts) share.
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
  return model.endpoints.length ? 'import type { EndpointName } from "./endpoints.js";\n\n' : '';
}

export function endpointMetaType(model: ApiModel): string {
  return model.endpoints.length ? '{ readonly [N in EndpointName]: EndpointMeta }' : '{ readonly [name: string]: EndpointMeta }';
}

/** `<lead>["read:account", …]<trail>`, laid out as prettier would. */
export function permissionsValue(model: ApiModel, lead: string, trail: string): string {
  return data(model.permissions.map(literal), VALUE, '', lead, trail);
}

export function endpointMetaValue(model: ApiModel, lead: string, trail: string): string {
  if (!model.endpoints.length) return `${lead}{}${trail}`;
  const rows = model.endpoints.map((e) => [e.name, { credential: String(e.credential), permission: nullable(e.permission), internal: String(e.internal) }]);
  return data(Object.fromEntries(rows), VALUE, '', lead, trail);
}

export function channelMetaValue(channels: readonly Channel[], lead: string, trail: string): string {
  const rows = channels.map((c) => [
    c.name,
    { credential: String(c.credential), permission: nullable(c.permission), shared: String(c.shared), timeline: timeline(c) },
  ]);
  return data(Object.fromEntries(rows), VALUE, '', lead, trail);
}

const nullable = (text: string | null): string => (text === null ? 'null' : literal(text));

function timeline(c: Channel): Data {
  if (c.timeline === null) return 'null';
  const { endpoint, params, rename } = c.timeline;
  return {
    endpoint: literal(endpoint),
    params: params.map(literal),
    ...(rename ? { rename: Object.fromEntries(Object.entries(rename).map(([from, to]) => [from, literal(to)])) } : {}),
  };
}
