/** permissions.ts: every permission as data and as a union, and per-endpoint access metadata. */
import type { ApiModel, Channel } from '../model/types.js';
import { data, type Data, type DataStyle } from './layout.js';
import { literal, objectKey } from './safe.js';

const VALUE: DataStyle = { keyOf: objectKey, separator: ',' };

export function emitPermissionsFile(model: ApiModel): string {
  const meta = Object.fromEntries(
    model.endpoints.map((e) => [e.name, { credential: String(e.credential), permission: nullable(e.permission), internal: String(e.internal) }]),
  );
  return (
    (model.endpoints.length ? 'import type { EndpointName } from "./endpoints.js";\n\n' : '') +
    "/** Every permission this server's API names. */\n" +
    data(model.permissions.map(literal), VALUE, '', 'export const permissions = ', ' as const;') +
    '\n\n' +
    'export type Permission = (typeof permissions)[number];\n\n' +
    'export interface EndpointMeta {\n  readonly credential: boolean;\n  readonly permission: Permission | null;\n  readonly internal: boolean;\n}\n\n' +
    '/** Access rules of each endpoint, as data a program can read. */\n' +
    (model.endpoints.length
      ? data(meta, VALUE, '', 'export const endpointMeta: { readonly [N in EndpointName]: EndpointMeta } = ', ';') + '\n'
      : 'export const endpointMeta: { readonly [name: string]: EndpointMeta } = {};\n') +
    emitChannelMeta(model.channels)
  );
}

function emitChannelMeta(channels: readonly Channel[]): string {
  // Emitted even when empty: the stream template reads it (which channels are shared, how each is re-read).
  const rows = Object.fromEntries(
    channels.map((c) => [
      c.name,
      { credential: String(c.credential), permission: nullable(c.permission), shared: String(c.shared), timeline: timeline(c) },
    ]),
  );
  return (
    '\n/**\n * Access rules of each streaming channel. `shared` channels exist once per connection; a `timeline`\n' +
    ' * channel carries notes an endpoint also reads over HTTP, with the channel params it shares\n' +
    " * (`rename`d where the endpoint's own name differs); the runtime re-reads it after an outage.\n */\n" +
    data(rows, VALUE, '', 'export const channelMeta = ', ' as const satisfies {') +
    '\n' +
    '  readonly [channel: string]: {\n    readonly credential: boolean;\n    readonly permission: Permission | null;\n    readonly shared: boolean;\n' +
    '    readonly timeline: {\n      readonly endpoint: string;\n      readonly params: readonly string[];\n' +
    '      readonly rename?: { readonly [param: string]: string };\n    } | null;\n  };\n};\n'
  );
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
