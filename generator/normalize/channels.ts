/**
 * Misskey's streaming channels: the one list. The spec lists no channels, so they are known here,
 * from the server's source (packages/backend/src/server/api/stream/channels), and which of them one
 * server has is inferred from what its spec does show: a channel that came with a later feature
 * exists only where the spec has that feature's entities. The model records the channels a server
 * has; permissions.ts prints them as `channelMeta`, which the runtime reads (shared, timeline) and
 * templates/channels.ts types (its `KnownChannels` has one entry per name here; a test checks).
 */
import type { Channel } from '../model/types.js';

export interface ChannelRule extends Channel {
  /**
   * Component schemas (entities) a spec must define for the server to have the channel. None: the
   * channel is in every Misskey since v13. Chat (2025.x) and reversi (2024.x, gone in v13) are
   * recognised by their own entities rather than by version numbers, so a fork that has them gets
   * the channels whatever it calls its version, and one that dropped them does not.
   */
  needs: readonly string[];
}

const timeline = (endpoint: string, ...params: string[]) => ({ endpoint, params });
const renamed = (endpoint: string, rename: Record<string, string>) => ({ endpoint, params: Object.keys(rename), rename });
const TIMELINE_PARAMS = ['withRenotes', 'withFiles'];
const WITH_REPLIES = ['withRenotes', 'withReplies', 'withFiles'];

/** Every channel, sorted by name. `shared` channels exist once per connection on the server. */
export const CHANNELS: readonly ChannelRule[] = [
  { name: 'admin', credential: true, permission: 'read:admin:stream', shared: true, timeline: null, needs: [] },
  { name: 'antenna', credential: true, permission: 'read:account', shared: false, timeline: timeline('antennas/notes', 'antennaId'), needs: [] },
  { name: 'channel', credential: false, permission: null, shared: false, timeline: timeline('channels/timeline', 'channelId'), needs: [] },
  { name: 'chatRoom', credential: true, permission: 'read:chat', shared: false, timeline: null, needs: ['ChatMessageLite', 'ChatRoom'] },
  { name: 'chatUser', credential: true, permission: 'read:chat', shared: false, timeline: null, needs: ['ChatMessageLite'] },
  { name: 'drive', credential: true, permission: 'read:account', shared: true, timeline: null, needs: [] },
  { name: 'globalTimeline', credential: false, permission: null, shared: false, timeline: timeline('notes/global-timeline', ...TIMELINE_PARAMS), needs: [] },
  { name: 'hashtag', credential: false, permission: null, shared: false, timeline: renamed('notes/search-by-tag', { q: 'query' }), needs: [] },
  { name: 'homeTimeline', credential: true, permission: 'read:account', shared: false, timeline: timeline('notes/timeline', ...TIMELINE_PARAMS), needs: [] },
  { name: 'hybridTimeline', credential: true, permission: 'read:account', shared: false, timeline: timeline('notes/hybrid-timeline', ...WITH_REPLIES), needs: [] },
  { name: 'localTimeline', credential: false, permission: null, shared: false, timeline: timeline('notes/local-timeline', ...WITH_REPLIES), needs: [] },
  { name: 'main', credential: true, permission: 'read:account', shared: true, timeline: null, needs: [] },
  { name: 'queueStats', credential: false, permission: null, shared: true, timeline: null, needs: [] },
  { name: 'reversi', credential: true, permission: 'read:account', shared: true, timeline: null, needs: ['ReversiGameDetailed'] },
  { name: 'reversiGame', credential: false, permission: null, shared: false, timeline: null, needs: ['ReversiGameDetailed'] },
  { name: 'roleTimeline', credential: false, permission: null, shared: false, timeline: timeline('roles/notes', 'roleId'), needs: [] },
  { name: 'serverStats', credential: false, permission: null, shared: true, timeline: null, needs: [] },
  { name: 'userList', credential: false, permission: null, shared: false, timeline: timeline('notes/user-list-timeline', 'listId', ...TIMELINE_PARAMS), needs: [] },
];

export interface ServerChannels {
  /** The channels this server has, sorted by name. */
  present: Channel[];
  /** The channels it shows no sign of, sorted. */
  absent: string[];
}

/** Splits the channels by whether a spec defining the component schemas `schemaNames` has what each needs. */
export function serverChannels(schemaNames: Iterable<string>, channels: readonly ChannelRule[] = CHANNELS): ServerChannels {
  const have = new Set(schemaNames);
  const present: Channel[] = [];
  const absent: string[] = [];
  for (const { needs, ...channel } of channels) {
    if (needs.every((s) => have.has(s))) present.push({ ...channel, timeline: channel.timeline && copyTimeline(channel.timeline) });
    else absent.push(channel.name);
  }
  return { present, absent };
}

/** A fresh copy, so a model never shares (and a caller never mutates) the table's arrays. */
function copyTimeline({ endpoint, params, rename }: NonNullable<Channel['timeline']>): NonNullable<Channel['timeline']> {
  return rename ? { endpoint, params: [...params], rename: { ...rename } } : { endpoint, params: [...params] };
}
