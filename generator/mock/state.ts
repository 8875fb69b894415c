/**
 * The little a mock server remembers, so that a bot's flow is real: users and their tokens, notes
 * (shown, listed in timelines, reacted to, deleted), follows, uploaded files, MiAuth sessions. Every
 * collection is a Map: keys come from requests and from the spec, never from an object's prototype.
 *
 * Entities are made-up data of the spec's own shape (schema-data.ts) with the stored fields laid
 * over them, so they validate against the server's result schemas.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isObject } from '../model/json.js';
import type { ApiModel, JsonSchema } from '../model/types.js';
import type { TokenGrant } from './access.js';
import { sample, seededRandom, type SampleContext } from './schema-data.js';

export type Entity = Record<string, unknown>;

export interface MockUser {
  id: string;
  username: string;
  name: string | null;
}

export interface StoredFile {
  entity: Entity;
  md5: string;
}

/** What the streaming side hears about: a note posted, a captured note changed. */
export interface StateEvents {
  note(note: Entity, authorId: string): void;
  noteUpdated(noteId: string, type: string, body: Record<string, unknown>): void;
}

/** Ids that sort by creation, as Misskey's do (aid: time, then more), made from a counter: deterministic. */
const ID_BASE = 36 ** 9;

export class MockState {
  readonly users = new Map<string, MockUser>();
  readonly tokens = new Map<string, TokenGrant>();
  /** In creation order, which is id order. */
  readonly notes = new Map<string, { entity: Entity; authorId: string }>();
  /** Follower id → ids of the users it follows. */
  readonly follows = new Map<string, Set<string>>();
  readonly files = new Map<string, StoredFile>();
  readonly #listeners = new Set<StateEvents>();
  readonly #schemas: { note: JsonSchema; me: JsonSchema; user: JsonSchema; file: JsonSchema };
  readonly #components: ReadonlyMap<string, JsonSchema>;
  readonly #seed: string;
  readonly #shapes = new Map<string, { schema: JsonSchema; value: unknown }>();
  /** The server's version, as `meta` reports it. */
  readonly version: string;
  #counter = 0;

  constructor(model: ApiModel, seed: string) {
    this.#seed = seed;
    this.version = model.source.version;
    this.#components = new Map(model.schemas.map((s) => [s.name, s.schema]));
    // Each entity's shape is the result schema of the endpoint that shows it: no schema name is assumed.
    const result = (name: string): JsonSchema => model.endpoints.find((e) => e.name === name)?.result.schema ?? {};
    this.#schemas = { note: result('notes/show'), me: result('i'), user: result('users/show'), file: result('drive/files/show') };
  }

  listen(listener: StateEvents): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  nextId(): string {
    this.#counter += 1;
    return (ID_BASE + this.#counter).toString(36);
  }

  /** A new user with a native token (or the given one). */
  addUser(username: string, token?: string): { user: MockUser; token: string } {
    const user: MockUser = { id: this.nextId(), username, name: username };
    this.users.set(user.id, user);
    const secret = token ?? this.newToken();
    this.tokens.set(secret, { userId: user.id, kind: 'native', permissions: [] });
    return { user, token: secret };
  }

  /** A fresh random token for an app (MiAuth) or a user: unguessable, unlike everything else here. */
  newToken(): string {
    return randomBytes(16).toString('hex');
  }

  userByName(username: string): MockUser | undefined {
    return [...this.users.values()].find((u) => u.username === username);
  }

  /** Data of the shape `schema` for `key`: the same key and seed always give the same value. */
  shaped(schema: JsonSchema, key: string, cache = true): unknown {
    // Made once per key: the same key always gives the same value, and a large schema (meta) costs a walk.
    // Callers copy before changing anything (overlay), so the cached value is shared safely.
    const cached = this.#shapes.get(key);
    if (cached !== undefined && cached.schema === schema) return cached.value;
    const context: SampleContext = { components: this.#components, random: seededRandom(`${this.#seed}\0${key}`) };
    const value = sample(schema, context);
    if (cache) this.#shapes.set(key, { schema, value });
    return value;
  }

  /** The user as the result schema of `schema` (`i`, `users/show`…) shows it, their own fields laid over. */
  userEntity(user: MockUser, which: 'me' | 'user'): Entity {
    return overlay(this.shaped(this.#schemas[which], `user\0${user.id}\0${which}`), userFields(user));
  }

  createNote(authorId: string, params: Record<string, unknown>): Entity {
    const author = this.users.get(authorId);
    const id = this.nextId();
    // Not cached: one per note, and a deleted note must not stay behind in a cache.
    const base = this.shaped(this.#schemas.note, `note\0${id}`, false);
    const entity = overlay(base, {
      id,
      createdAt: new Date().toISOString(),
      userId: authorId,
      text: typeof params['text'] === 'string' ? params['text'] : null,
      cw: typeof params['cw'] === 'string' ? params['cw'] : null,
      visibility: typeof params['visibility'] === 'string' ? params['visibility'] : 'public',
      replyId: typeof params['replyId'] === 'string' ? params['replyId'] : null,
      renoteId: typeof params['renoteId'] === 'string' ? params['renoteId'] : null,
      reactions: {},
      reactionCount: 0,
      renoteCount: 0,
      repliesCount: 0,
      fileIds: [],
      files: [],
    });
    // Made-up nested notes would point at notes that do not exist.
    for (const key of ['reply', 'renote']) if (key in entity) delete entity[key];
    if (author !== undefined && isObject(entity['user'])) entity['user'] = overlay(entity['user'], userFields(author));
    this.notes.set(id, { entity, authorId });
    for (const listener of this.#listeners) listener.note(entity, authorId);
    return entity;
  }

  deleteNote(id: string): boolean {
    if (!this.notes.delete(id)) return false;
    for (const listener of this.#listeners) listener.noteUpdated(id, 'deleted', { deletedAt: new Date().toISOString() });
    return true;
  }

  react(noteId: string, userId: string, reaction: string, add: boolean): boolean {
    const stored = this.notes.get(noteId);
    if (stored === undefined) return false;
    const reactions = isObject(stored.entity['reactions']) ? stored.entity['reactions'] : {};
    const counts = new Map(Object.entries(reactions));
    const count = (typeof counts.get(reaction) === 'number' ? (counts.get(reaction) as number) : 0) + (add ? 1 : -1);
    if (count > 0) counts.set(reaction, count);
    else counts.delete(reaction);
    stored.entity['reactions'] = Object.fromEntries(counts);
    if ('reactionCount' in stored.entity) stored.entity['reactionCount'] = [...counts.values()].reduce((a: number, b) => a + (b as number), 0);
    for (const listener of this.#listeners) listener.noteUpdated(noteId, add ? 'reacted' : 'unreacted', add ? { reaction, emoji: null, userId } : { reaction, userId });
    return true;
  }

  follow(followerId: string, followeeId: string, add: boolean): void {
    const set = this.follows.get(followerId) ?? new Set<string>();
    if (add) set.add(followeeId);
    else set.delete(followeeId);
    this.follows.set(followerId, set);
  }

  /** Whose notes reach `userId`'s home timeline: their own and those of the users they follow. */
  homeAuthors(userId: string): Set<string> {
    return new Set([userId, ...(this.follows.get(userId) ?? [])]);
  }

  /** Stores an upload; the same bytes again give the same file, as on a real server. */
  storeFile(ownerId: string, bytes: Uint8Array, name: string, type: string): Entity {
    const md5 = createHash('md5').update(bytes).digest('hex');
    const same = [...this.files.values()].find((f) => f.md5 === md5);
    if (same !== undefined) return same.entity;
    const id = this.nextId();
    const entity = overlay(this.shaped(this.#schemas.file, `file\0${id}`, false), {
      id,
      createdAt: new Date().toISOString(),
      name,
      type,
      md5,
      size: bytes.byteLength,
      userId: ownerId,
      folderId: null,
    });
    this.files.set(id, { entity, md5 });
    return entity;
  }
}

function userFields(user: MockUser): Entity {
  return { id: user.id, username: user.username, name: user.name, host: null };
}

/** `base` (made-up data) with `fields` laid over the keys it has; `id` and `createdAt` always. */
function overlay(base: unknown, fields: Entity): Entity {
  const out: Entity = isObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(fields)) {
    if (key in out || key === 'id' || key === 'createdAt') out[key] = value;
  }
  return out;
}
