/** Streaming channels' access rules (templates/channels.json), as data for the permission list and the package. */
export interface ChannelMeta {
  credential: boolean;
  permission: string | null;
  shared: boolean;
}

export function parseChannelMeta(json: string | undefined): Map<string, ChannelMeta> {
  if (json === undefined) return new Map();
  const raw = JSON.parse(json) as Record<string, ChannelMeta>;
  return new Map(Object.keys(raw).sort().map((name) => [name, raw[name] as ChannelMeta]));
}
