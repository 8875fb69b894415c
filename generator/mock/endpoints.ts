/**
 * The endpoints the state models, one handler each, looked up by endpoint name. A spec without one of
 * them simply never reaches its handler; every other endpoint answers schema-shaped data, stateless.
 */
import { isObject } from '../model/json.js';
import type { Endpoint } from '../model/types.js';
import { refusal, type Refusal } from './access.js';
import type { Entity, MockState } from './state.js';

export type Outcome = { status: 200; body: unknown } | { status: 204 } | Refusal;

export interface CallContext {
  endpoint: Endpoint;
  params: Record<string, unknown>;
  /** The caller, when a valid token came with the call. */
  userId: string | undefined;
  state: MockState;
  /** The uploaded file of a multipart call. */
  file?: { bytes: Uint8Array; name: string; type: string } | undefined;
}

type Handler = (call: CallContext) => Outcome;

/** Who reads which timeline: the caller and those it follows, or every public note. */
const TIMELINES: ReadonlyMap<string, 'home' | 'public'> = new Map([
  ['notes/timeline', 'home'],
  ['notes/hybrid-timeline', 'public'],
  ['notes/local-timeline', 'public'],
  ['notes/global-timeline', 'public'],
]);

/** Which timeline endpoint a note reaches through, for the streaming side (same rule as over HTTP). */
export function timelineAudience(endpoint: string): 'home' | 'public' | undefined {
  return TIMELINES.get(endpoint);
}

const ok = (body: unknown): Outcome => ({ status: 200, body });
const none: Outcome = { status: 204 };
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function noteOr(call: CallContext, id: unknown): { entity: Entity } | Refusal {
  const stored = typeof id === 'string' ? call.state.notes.get(id) : undefined;
  return stored ?? refusal(call.endpoint, 'NO_SUCH_NOTE');
}
const refused = (value: object): value is Refusal => 'error' in value;

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['meta', (call) => {
    const shaped = call.state.shaped(call.endpoint.result.schema ?? {}, 'meta');
    return ok(isObject(shaped) && 'version' in shaped ? { ...shaped, version: call.state.version } : shaped);
  }],
  ['i', (call) => ok(call.state.userEntity(call.state.users.get(call.userId!)!, 'me'))],
  ['notes/create', (call) => ok({ createdNote: call.state.createNote(call.userId!, call.params) })],
  ['notes/show', (call) => {
    const found = noteOr(call, call.params['noteId']);
    return refused(found) ? found : ok(found.entity);
  }],
  ['notes/delete', (call) => {
    const found = noteOr(call, call.params['noteId']);
    if (refused(found)) return found;
    // Only the author deletes a note (the mock has no moderators): the endpoint's own ACCESS_DENIED.
    if (found.entity['userId'] !== call.userId) return refusal(call.endpoint, 'ACCESS_DENIED');
    call.state.deleteNote(String(call.params['noteId']));
    return none;
  }],
  ['notes/reactions/create', (call) => react(call, true)],
  ['notes/reactions/delete', (call) => react(call, false)],
  ['following/create', (call) => follow(call, true)],
  ['following/delete', (call) => follow(call, false)],
  ['users/show', (call) => {
    const user = text(call.params['userId']) !== undefined ? call.state.users.get(String(call.params['userId'])) : call.state.userByName(String(call.params['username']));
    return user ? ok(call.state.userEntity(user, 'user')) : refusal(call.endpoint, 'NO_SUCH_USER');
  }],
  ['drive/files/create', (call) => {
    if (call.file === undefined) return refusal(call.endpoint, 'INVALID_PARAM', { param: '#/properties/file', reason: 'a file is required' });
    const name = text(call.params['name']) ?? call.file.name;
    return ok(call.state.storeFile(call.userId!, call.file.bytes, name, call.file.type));
  }],
  ['drive/files/show', (call) => {
    const file = typeof call.params['fileId'] === 'string' ? call.state.files.get(call.params['fileId']) : undefined;
    return file ? ok(file.entity) : refusal(call.endpoint, 'NO_SUCH_FILE');
  }],
  ['drive/files', (call) => ok(page([...call.state.files.values()].map((f) => f.entity), call))],
  ...[...TIMELINES].map(([name, audience]): [string, Handler] => [name, (call) => ok(timeline(call, audience))]),
]);

/** Handlers that read public data only: they also serve an anonymous caller, the others need a user. */
const ANONYMOUS_OK = new Set(['meta', 'notes/show', 'users/show', 'drive/files/show', ...[...TIMELINES].filter(([, a]) => a === 'public').map(([name]) => name)]);

/** The state's handler for this call, or undefined when the state does not model it (or not for an anonymous caller). */
export function modelledHandler(name: string, hasUser: boolean): Handler | undefined {
  return hasUser || ANONYMOUS_OK.has(name) ? HANDLERS.get(name) : undefined;
}

function react(call: CallContext, add: boolean): Outcome {
  const found = noteOr(call, call.params['noteId']);
  if (refused(found)) return found;
  call.state.react(String(call.params['noteId']), call.userId!, text(call.params['reaction']) ?? '', add);
  return none;
}

function follow(call: CallContext, add: boolean): Outcome {
  const followee = call.state.users.get(String(call.params['userId']));
  if (followee === undefined) return refusal(call.endpoint, 'NO_SUCH_USER');
  call.state.follow(call.userId!, followee.id, add);
  return ok(call.state.userEntity(followee, 'user'));
}

function timeline(call: CallContext, audience: 'home' | 'public'): Entity[] {
  const authors = call.userId !== undefined ? call.state.homeAuthors(call.userId) : new Set<string>();
  const notes = [...call.state.notes.values()]
    .filter((n) => (audience === 'home' ? authors.has(n.authorId) : n.entity['visibility'] === 'public' || authors.has(n.authorId)))
    .map((n) => n.entity);
  return page(notes, call);
}

/**
 * Misskey's paging over id-ordered items: newest first; `untilId`/`untilDate` older than, `sinceId`/
 * `sinceDate` newer than. With only a since bound the server takes the `limit` oldest after it (and
 * answers them newest first), so a client reading forward misses nothing.
 */
function page(items: Entity[], call: CallContext): Entity[] {
  const p = call.params;
  const limitDefault = isObject(call.endpoint.body.schema) && isObject(call.endpoint.body.schema['properties']) ? (call.endpoint.body.schema['properties'] as Record<string, unknown>)['limit'] : undefined;
  const limit = typeof p['limit'] === 'number' ? p['limit'] : isObject(limitDefault) && typeof limitDefault['default'] === 'number' ? limitDefault['default'] : 10;
  const time = (e: Entity) => Date.parse(String(e['createdAt']));
  const id = (e: Entity) => String(e['id']);
  let found = items.filter(
    (e) =>
      (typeof p['sinceId'] !== 'string' || id(e) > p['sinceId']) &&
      (typeof p['untilId'] !== 'string' || id(e) < p['untilId']) &&
      (typeof p['sinceDate'] !== 'number' || time(e) > p['sinceDate']) &&
      (typeof p['untilDate'] !== 'number' || time(e) < p['untilDate']),
  );
  const forward = (p['sinceId'] !== undefined || p['sinceDate'] !== undefined) && p['untilId'] === undefined && p['untilDate'] === undefined;
  // Ids are compared as strings: the same length and alphabet, so that order is creation order.
  found.sort((a, b) => (id(a) < id(b) ? -1 : 1));
  found = forward ? found.slice(0, limit) : found.slice(-limit);
  return found.reverse();
}
