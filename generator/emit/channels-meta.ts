/**
 * Streaming channels: their access rules (templates/channels.json), and which of them one server has.
 * The spec lists no channels, so a server's channels are inferred from what the spec does show: a
 * channel built on a later feature exists only where the spec has that feature's entities.
 */
import { literal } from './safe.js';

export interface ChannelMeta {
  credential: boolean;
  permission: string | null;
  shared: boolean;
  /** How the runtime re-reads the channel over HTTP after an outage (`fillGaps`); null for a channel that is no timeline. */
  timeline: ChannelTimeline | null;
}

export interface ChannelTimeline {
  endpoint: string;
  /** Channel params the endpoint takes too; `rename` maps one to the endpoint's own name where they differ. */
  params: readonly string[];
  rename?: Readonly<Record<string, string>>;
}

export interface ChannelNeeds {
  /** Component schemas (entities) the spec must define. */
  schemas: readonly string[];
}

/**
 * Channels that came with a feature, and the entities that show a spec has the feature. A channel
 * not listed here is in every Misskey since v13 (main, timelines, drive, admin, stats…), so it is
 * always offered. Chat (2025.x) and reversi (2024.x, gone in v13) are recognised by their own
 * entities rather than by version numbers, so a fork that has them gets the channels whatever it
 * calls its version, and one that dropped them does not.
 */
export const CHANNEL_NEEDS: Readonly<Record<string, ChannelNeeds>> = {
  chatUser: { schemas: ['ChatMessageLite'] },
  chatRoom: { schemas: ['ChatMessageLite', 'ChatRoom'] },
  reversi: { schemas: ['ReversiGameDetailed'] },
  reversiGame: { schemas: ['ReversiGameDetailed'] },
};

export function parseChannelMeta(json: string | undefined): Map<string, ChannelMeta> {
  if (json === undefined) return new Map();
  const raw = JSON.parse(json) as Record<string, ChannelMeta>;
  return new Map(Object.keys(raw).sort().map((name) => [name, raw[name] as ChannelMeta]));
}

export interface ServerChannels {
  /** The channels this server has, with their access rules, by name. */
  present: Map<string, ChannelMeta>;
  /** Channels the template knows that this server's spec shows no sign of, sorted. */
  absent: string[];
}

/** Splits the template's channels by whether a spec defining `schemas` has what each needs. */
export function serverChannels(json: string | undefined, schemas: Iterable<string>, needs: Readonly<Record<string, ChannelNeeds>> = CHANNEL_NEEDS): ServerChannels {
  const have = new Set(schemas);
  const present = new Map<string, ChannelMeta>();
  const absent: string[] = [];
  for (const [name, meta] of parseChannelMeta(json)) {
    const need = Object.hasOwn(needs, name) ? needs[name] : undefined;
    if (need === undefined || need.schemas.every((s) => have.has(s))) present.set(name, meta);
    else absent.push(name);
  }
  return { present, absent };
}

/**
 * The permissions of the channels a spec document shows, for the permission list. Read from the raw
 * document because they are an input of normalize; `schemaNames` reads it the way normalize does, so
 * this agrees with `serverChannels(…, model.schemas names)` used when emitting.
 */
export function channelPermissions(json: string | undefined, document: Record<string, unknown>): string[] {
  const { present } = serverChannels(json, schemaNames(document));
  return [...present.values()].flatMap((c) => (c.permission ? [c.permission] : []));
}

/** The names under `components.schemas`, or none when that is not an object (normalize then has no schemas either). */
export function schemaNames(document: Record<string, unknown>): string[] {
  const components = document['components'];
  if (!isObject(components) || !isObject(components['schemas'])) return [];
  return Object.keys(components['schemas']);
}

/**
 * The channel template declares `type AbsentChannels = never;` and leaves those out of `Channels`;
 * this fills in the channels a server lacks, so subscribing to one is a type error instead of the
 * silence a server answers an unknown channel with. Text without the declaration is returned as is.
 */
export function withAbsentChannels(text: string, absent: readonly string[]): string {
  if (absent.length === 0) return text;
  const union = absent.map(literal).join(' | ');
  return text.replace(ABSENT_DECLARATION, `type AbsentChannels = ${union};`);
}

const ABSENT_DECLARATION = /^type AbsentChannels = never;$/m;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
