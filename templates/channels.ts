// The streaming channels of this server, typed with its own entities. Written once as a template;
// `entities.ts` gives each name below this server's schema, or a safe fallback where it has none.
// Payload shapes follow Misskey's GlobalEventService and stream channels; where a payload is not a
// packed entity or is not pinned down, it is typed loosely rather than wrongly.
import type {
  Announcement,
  ChatMessage,
  ChatMessageLite,
  DriveFile,
  DriveFolder,
  EmojiDetailed,
  MeDetailed,
  Note,
  Notification,
  ReversiGameDetailed,
  Signin,
  User,
  UserDetailed,
  UserDetailedNotMe,
  UserLite,
} from './entities.js';
import { channelMeta } from './permissions.js';
import { Stream, type StreamChannel, type StreamOptions } from './runtime/stream/index.js';

type Id = string;
/** An entity the server sends unpacked (its database row); only `id` is certain. */
type Row = { id: Id; [key: string]: unknown };

type TimelineParams = { withRenotes?: boolean; withFiles?: boolean };
type TimelineEvents = { note: Note };

type ServerStats = {
  cpu: number;
  mem: { used: number; active: number };
  net: { rx: number; tx: number };
  fs: { r: number; w: number };
};
type QueueCounts = { activeSincePrevTick: number; active: number; waiting: number; delayed: number };
type QueueStats = { deliver: QueueCounts; inbox: QueueCounts };
type RequestLog = { requestLog: { id: string | number; length: number } };

type ChatEvents = {
  message: ChatMessageLite;
  deleted: Id;
  react: { reaction: string; user?: UserLite; messageId: Id };
  unreact: { reaction: string; user?: UserLite; messageId: Id };
};

/** Every channel this template knows: name → params to connect with, events it emits (name → payload), messages it accepts. */
type KnownChannels = {
  main: {
    params: null;
    events: {
      notification: Notification;
      mention: Note;
      reply: Note;
      renote: Note;
      /** You followed someone. */
      follow: UserDetailedNotMe;
      /** Someone followed you. */
      followed: UserLite;
      unfollow: UserDetailedNotMe;
      receiveFollowRequest: UserLite;
      meUpdated: MeDetailed;
      pageEvent: { pageId: Id; event: string; var: unknown; userId: Id; user: UserDetailed };
      urlUploadFinished: { marker?: string | null; file: DriveFile };
      readAllNotifications: null;
      notificationFlushed: null;
      unreadNotification: Notification;
      unreadAntenna: Row;
      readAntenna: Row;
      newChatMessage: ChatMessage;
      readAllAnnouncements: null;
      announcementCreated: { announcement: Announcement };
      myTokenRegenerated: null;
      signin: Signin;
      registryUpdated: { scope?: string[]; key: string; value: unknown };
      driveFileCreated: DriveFile;
    };
  };
  homeTimeline: { params: TimelineParams; events: TimelineEvents };
  localTimeline: { params: TimelineParams & { withReplies?: boolean }; events: TimelineEvents };
  hybridTimeline: { params: TimelineParams & { withReplies?: boolean }; events: TimelineEvents };
  globalTimeline: { params: TimelineParams; events: TimelineEvents };
  /** `q` is an OR of ANDs: `[['misskey', 'dev'], ['fediverse']]`. */
  hashtag: { params: { q: string[][] }; events: TimelineEvents };
  userList: {
    params: TimelineParams & { listId: Id };
    events: TimelineEvents & { userAdded: UserLite; userRemoved: UserLite };
  };
  roleTimeline: { params: { roleId: Id }; events: TimelineEvents };
  channel: { params: { channelId: Id }; events: TimelineEvents };
  antenna: { params: { antennaId: Id }; events: TimelineEvents };
  drive: {
    params: null;
    events: {
      fileCreated: DriveFile;
      fileDeleted: Id;
      fileUpdated: DriveFile;
      folderCreated: DriveFolder;
      folderDeleted: Id;
      folderUpdated: DriveFolder;
    };
  };
  serverStats: { params: null; events: { stats: ServerStats; statsLog: ServerStats[] }; receives: RequestLog };
  queueStats: { params: null; events: { stats: QueueStats; statsLog: QueueStats[] }; receives: RequestLog };
  admin: {
    params: null;
    events: { newAbuseUserReport: { id: Id; targetUserId: Id; reporterId: Id; comment: string } };
  };
  chatUser: { params: { otherId: Id }; events: ChatEvents; receives: { read: null } };
  chatRoom: { params: { roomId: Id }; events: ChatEvents; receives: { read: null } };
  reversi: { params: null; events: { matched: { game: ReversiGameDetailed }; invited: { user: User } } };
  reversiGame: {
    params: { gameId: Id };
    events: {
      started: { game: ReversiGameDetailed };
      ended: { winnerId: Id | null; game: ReversiGameDetailed };
      canceled: { userId: Id };
      changeReadyStates: { user1: boolean; user2: boolean };
      updateSettings: { userId: Id; key: string; value: unknown };
      log: { id: string | null; [key: string]: unknown };
    };
    receives: {
      ready: boolean;
      updateSettings: { key: string; value: unknown };
      putStone: { pos: number; id: string };
      cancel: null;
      claimTimeIsUp: null;
    };
  };
};

/**
 * Channels this server does not have. The generator fills this in from the spec (no chat entities,
 * no chat channels): a server answers a subscription to a channel it lacks with silence, so here it
 * is a type error instead.
 */
type AbsentChannels = never;

/** Channel name → params to connect with, events it emits (name → payload), messages it accepts. */
export type Channels = Omit<KnownChannels, AbsentChannels>;

/** Sent to every connection, without subscribing. */
export type BroadcastEvents = {
  emojiAdded: { emoji: EmojiDetailed };
  emojiUpdated: { emojis: EmojiDetailed[] };
  emojiDeleted: { emojis: { id?: Id; name: string; [key: string]: unknown }[] };
  announcementCreated: { announcement: Announcement };
};

/** `noteUpdated` event types for a captured note (`stream.subNote(id)`). `updated` needs 2025.x or later. */
export type NoteUpdatedEvents = {
  reacted: { reaction: string; emoji?: { name: string; url: string } | null; userId: Id };
  unreacted: { reaction: string; userId: Id };
  pollVoted: { choice: number; userId: Id };
  deleted: { deletedAt: string };
  updated: { cw: string | null; text: string };
};

export type StreamTypes = { channels: Channels; broadcasts: BroadcastEvents; noteUpdated: NoteUpdatedEvents };

/** A stream typed for this server. */
export type MisskeyStream = Stream<StreamTypes>;
export type ChannelName = keyof Channels;
/** An open instance of channel `N`, as `stream.channel(N)` returns it. */
export type ChannelOf<N extends ChannelName> = StreamChannel<Channels[N], N>;

/**
 * One WebSocket to this server's `/streaming`, typed with its channels and entities, and ruled by its
 * `channelMeta` (which channels are shared, how each is re-read); it reconnects with backoff and
 * re-subscribes every channel and captured note.
 *
 * @example
 * const stream = createStream({ origin, token });
 * stream.channel('homeTimeline').on('note', (note) => console.log(note.text));
 */
export function createStream(options: StreamOptions): MisskeyStream {
  return new Stream<StreamTypes>({ channels: channelMeta, ...options });
}
