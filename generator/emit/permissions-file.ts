/** permissions.ts: every permission as data and as a union, and per-endpoint access metadata. */
import type { ApiModel, Channel } from '../model/types.js';
import { literal, objectKey } from './safe.js';

export function emitPermissionsFile(model: ApiModel): string {
  const list = model.permissions.map((p) => `  ${literal(p)},`).join('\n');
  const meta = model.endpoints
    .map(
      (e) =>
        `  ${objectKey(e.name)}: { credential: ${e.credential}, permission: ${e.permission === null ? 'null' : literal(e.permission)}, internal: ${e.internal} },`,
    )
    .join('\n');
  return (
    (model.endpoints.length ? "import type { EndpointName } from './endpoints.js';\n\n" : '') +
    `/** Every permission this server's API names. */\nexport const permissions = [\n${list}\n] as const;\n\n` +
    'export type Permission = (typeof permissions)[number];\n\n' +
    'export interface EndpointMeta {\n  readonly credential: boolean;\n  readonly permission: Permission | null;\n  readonly internal: boolean;\n}\n\n' +
    '/** Access rules of each endpoint, as data a program can read. */\n' +
    (model.endpoints.length
      ? `export const endpointMeta: { readonly [N in EndpointName]: EndpointMeta } = {\n${meta}\n};\n`
      : 'export const endpointMeta: { readonly [name: string]: EndpointMeta } = {};\n') +
    emitChannelMeta(model.channels)
  );
}

function emitChannelMeta(channels: readonly Channel[]): string {
  // Emitted even when empty: the stream template reads it (which channels are shared, how each is re-read).
  const rows = channels.map(
    (c) =>
      `  ${objectKey(c.name)}: { credential: ${c.credential}, permission: ${c.permission === null ? 'null' : literal(c.permission)}, shared: ${c.shared}, timeline: ${timeline(c)} },`,
  );
  return (
    '\n/**\n * Access rules of each streaming channel. `shared` channels exist once per connection; a `timeline`\n' +
    ' * channel carries notes an endpoint also reads over HTTP, with the channel params it shares\n' +
    " * (`rename`d where the endpoint's own name differs); the runtime re-reads it after an outage.\n */\n" +
    `export const channelMeta = {\n${rows.join('\n')}\n} as const satisfies {\n` +
    '  readonly [channel: string]: {\n    readonly credential: boolean;\n    readonly permission: Permission | null;\n    readonly shared: boolean;\n' +
    '    readonly timeline: { readonly endpoint: string; readonly params: readonly string[]; readonly rename?: { readonly [param: string]: string } } | null;\n  };\n};\n'
  );
}

function timeline(c: Channel): string {
  if (c.timeline === null) return 'null';
  const { endpoint, params, rename } = c.timeline;
  const renamed = rename ? `, rename: { ${Object.entries(rename).map(([from, to]) => `${objectKey(from)}: ${literal(to)}`).join(', ')} }` : '';
  return `{ endpoint: ${literal(endpoint)}, params: [${params.map(literal).join(', ')}]${renamed} }`;
}
