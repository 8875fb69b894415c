/** permissions.ts: every permission as data and as a union, and per-endpoint access metadata. */
import type { ApiModel } from '../model.js';
import type { ChannelMeta, ChannelTimeline } from './channels-meta.js';
import { literal, objectKey } from './safe.js';

export function emitPermissionsFile(model: ApiModel, channels: Map<string, ChannelMeta>): string {
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
    emitChannelMeta(channels)
  );
}

function emitChannelMeta(channels: Map<string, ChannelMeta>): string {
  const rows = [...channels].map(
    ([name, c]) =>
      `  ${objectKey(name)}: { credential: ${c.credential}, permission: ${c.permission === null ? 'null' : literal(c.permission)}, shared: ${c.shared}, timeline: ${emitTimeline(c.timeline)} },`,
  );
  const timeline = '{ readonly endpoint: string; readonly params: readonly string[]; readonly rename?: { readonly [param: string]: string } } | null';
  return (
    '\n/** Access rules of each streaming channel. `shared` channels exist once per connection; `timeline` says how the runtime re-reads one after an outage. */\n' +
    `export const channelMeta = {\n${rows.join('\n')}\n} as const satisfies { readonly [channel: string]: { readonly credential: boolean; readonly permission: Permission | null; readonly shared: boolean; readonly timeline: ${timeline} } };\n`
  );
}

function emitTimeline(t: ChannelTimeline | null): string {
  if (t === null) return 'null';
  const rename = t.rename ? `, rename: { ${Object.entries(t.rename).map(([from, to]) => `${objectKey(from)}: ${literal(to)}`).join(', ')} }` : '';
  return `{ endpoint: ${literal(t.endpoint)}, params: [${t.params.map(literal).join(', ')}]${rename} }`;
}
