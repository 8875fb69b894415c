/**
 * Which endpoints `probe` may call, and with what. The rule is conservative on purpose — it runs
 * against servers people care about, so skipping a harmless endpoint is fine and calling a harmful
 * one is not. An endpoint is called only when ALL of these hold:
 *
 * 1. it is not internal (those belong to the official web client);
 * 2. no word of its name is an action word (WRITE_WORDS: `create`, `delete`, `reset`, `mute`, `read`…),
 *    whatever its permission says — `reset-db` needs no credential at all;
 * 3. its result is not void: an endpoint that returns nothing is an action, and leaves nothing to check;
 * 4. it takes no file upload;
 * 5. it needs no credential and names no permission (called without the token), or its permission
 *    is a `read:` one (called with the token when one is given; skipped when the credential is required
 *    and there is none). A credential endpoint that names no permission is full-access-only: skipped;
 * 6. every required parameter has an obvious value: the first value of an enum, `limit` (10 within its
 *    bounds), `offset` (0). Anything else (ids, queries) means skipped.
 *
 * And when an endpoint takes `markAsRead`, it is sent `false`: `i/notifications` marks everything read
 * by default — a `read:` endpoint that writes.
 *
 * None of these rules can see what an endpoint does on the server, so the endpoints known to write
 * although their permission reads (SIDE_EFFECTS) are checked first, by name.
 */
import { isObject } from '../model/json.js';
import type { ApiModel, Endpoint, JsonSchema } from '../model/types.js';

export type SkipReason =
  | 'side-effect'
  | 'internal'
  | 'write-name'
  | 'no-result'
  | 'upload'
  | 'write-permission'
  | 'full-access-only'
  | 'needs-token'
  | 'required-params';

/**
 * What each reason leaves uncalled, in a few words. The report titles its skipped groups with these,
 * and `probe --help` lists them all as what is never called, so the help cannot fall behind the rules.
 */
export const SKIP_REASONS: Readonly<Record<SkipReason, string>> = {
  'side-effect': 'reads known to change state anyway',
  internal: 'internal endpoints (the official web client only)',
  'write-name': 'endpoints whose name has an action word (create, delete, update, read, mute, …)',
  'no-result': 'endpoints that return nothing (actions)',
  upload: 'file uploads',
  'write-permission': 'endpoints whose permission is not read-only (not read:…)',
  'full-access-only': 'credential endpoints that name no permission (full-access tokens only)',
  'needs-token': 'endpoints that need a credential, when no token is given',
  'required-params': 'endpoints with required parameters the probe cannot guess',
};

export interface PlannedCall {
  endpoint: string;
  params: Record<string, unknown>;
  /** Sent with the token. */
  authenticated: boolean;
}

export interface Skipped {
  endpoint: string;
  reason: SkipReason;
  /** One line, for people. */
  detail: string;
}

export interface ProbePlan {
  calls: PlannedCall[];
  skipped: Skipped[];
}

/** Words that make a name look like an action. Checked against every `/`-, `-`- and `_`-separated word. */
export const WRITE_WORDS: ReadonlySet<string> = new Set([
  'accept', 'add', 'append', 'approve', 'assign', 'attach', 'ban', 'block', 'cancel', 'change', 'claim', 'clean',
  'cleanup', 'clear', 'confirm', 'copy', 'create', 'delete', 'deliver', 'detach', 'done', 'edit', 'export', 'favorite',
  'fetch', 'flush', 'follow', 'forward', 'gen', 'generate', 'import', 'invalidate', 'join', 'kick', 'leave', 'like',
  'logout', 'mark', 'match', 'migrate', 'move', 'mute', 'notify', 'pin', 'post', 'promote', 'publish', 'pull', 'purge',
  'push', 'react', 'read', 'refresh', 'regenerate', 'register', 'reject', 'remove', 'rename', 'report',
  'reset', 'resolve', 'restore', 'retry', 'revoke', 'run', 'schedule', 'send', 'set', 'signin', 'signout', 'signup',
  'silence', 'start', 'stop', 'submit', 'subscribe', 'surrender', 'suspend', 'sync', 'test', 'toggle', 'transfer',
  'translate', 'unassign', 'unban', 'unblock', 'unfavorite', 'unfollow', 'unlike', 'unmute', 'unpin', 'unpublish',
  'unreact', 'unregister', 'unrenote', 'unset', 'unsilence', 'unsubscribe', 'unsuspend', 'update', 'upload', 'vote',
  'verify',
]);

export interface SideEffect {
  /** What a call does to the account, in a few words. */
  effect: string;
  /** Params that stop it; the endpoint is called with them only where this server's spec declares them all. */
  unlessParams?: Readonly<Record<string, unknown>>;
}

/**
 * Endpoints that change state on a real Misskey server although they pass every rule above (a
 * `read:` permission, or none, and no action word), from the server's source. A fork's endpoints
 * of the same name are assumed to behave the same.
 */
export const SIDE_EFFECTS: Readonly<Record<string, SideEffect>> = {
  i: { effect: "records today's login date on the account, for login achievements" },
  'notes/mentions': { effect: 'marks the mentions it returns as read' },
  'i/notifications': { effect: 'marks every notification read', unlessParams: { markAsRead: false } },
  'i/notifications-grouped': { effect: 'marks every notification read', unlessParams: { markAsRead: false } },
};

/** The first action word in an endpoint name, if any. */
export function writeWord(name: string): string | undefined {
  return name
    .toLowerCase()
    .split(/[/_-]+/)
    .find((word) => WRITE_WORDS.has(word));
}

export function planProbe(model: ApiModel, options: { token: boolean }): ProbePlan {
  const calls: PlannedCall[] = [];
  const skipped: Skipped[] = [];
  for (const e of model.endpoints) {
    const decision = decide(e, options.token);
    if ('reason' in decision) skipped.push({ endpoint: e.name, ...decision });
    else calls.push({ endpoint: e.name, ...decision });
  }
  return { calls, skipped };
}

type Decision = Omit<PlannedCall, 'endpoint'> | Omit<Skipped, 'endpoint'>;

function decide(e: Endpoint, haveToken: boolean): Decision {
  const effect = Object.hasOwn(SIDE_EFFECTS, e.name) ? SIDE_EFFECTS[e.name] : undefined;
  const declared = paramNames(e.body.schema);
  const undeclared = Object.keys(effect?.unlessParams ?? {}).filter((p) => !declared.has(p));
  if (effect !== undefined && (effect.unlessParams === undefined || undeclared.length > 0)) {
    const why = effect.unlessParams === undefined ? '' : `, and this server's spec has no ${undeclared.join(', ')} to stop it`;
    return { reason: 'side-effect', detail: `${effect.effect}${why}` };
  }
  if (e.internal) return { reason: 'internal', detail: 'internal endpoint of the official web client' };
  const word = writeWord(e.name);
  if (word !== undefined) return { reason: 'write-name', detail: `its name suggests it changes state (${JSON.stringify(word)})` };
  if (e.result.kind === 'void') return { reason: 'no-result', detail: 'returns nothing (an action, with no result to check)' };
  if (e.body.kind === 'multipart') return { reason: 'upload', detail: 'takes a file upload' };
  const permission = e.permission;
  if (permission !== null && !permission.startsWith('read:')) {
    return { reason: 'write-permission', detail: `permission ${permission} is not read-only` };
  }
  if (e.credential && permission === null) {
    return { reason: 'full-access-only', detail: 'needs a credential but names no permission (full-access tokens only)' };
  }
  if (e.credential && !haveToken) return { reason: 'needs-token', detail: `needs a token with ${permission} (give --token-file)` };
  const params = obviousParams(e.body.schema);
  if ('missing' in params) return { reason: 'required-params', detail: `needs ${params.missing}` };
  return { params: { ...params.values, ...effect?.unlessParams }, authenticated: haveToken && permission !== null };
}

function paramNames(schema: JsonSchema | undefined): Set<string> {
  if (schema === undefined || typeof schema === 'boolean' || !isObject(schema['properties'])) return new Set();
  return new Set(Object.keys(schema['properties']));
}

function obviousParams(schema: JsonSchema | undefined): { values: Record<string, unknown> } | { missing: string } {
  const values: Record<string, unknown> = {};
  if (schema === undefined || typeof schema === 'boolean') return { values };
  if (['$ref', 'allOf', 'anyOf', 'oneOf'].some((k) => k in schema)) return { missing: 'one of several parameter sets' };
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  if (Object.hasOwn(properties, 'markAsRead')) values['markAsRead'] = false;
  const required = Array.isArray(schema['required']) ? schema['required'].filter((k): k is string => typeof k === 'string') : [];
  const missing: string[] = [];
  for (const name of required) {
    const value = obviousValue(name, properties[name]);
    if (value === undefined) missing.push(name);
    else values[name] = value;
  }
  return missing.length ? { missing: missing.join(', ') } : { values };
}

function obviousValue(name: string, schema: unknown): unknown {
  if (!isObject(schema)) return undefined;
  const choices = schema['enum'];
  if (Array.isArray(choices)) return choices.find((c) => c !== null);
  const type = schema['type'];
  if (type !== 'integer' && type !== 'number') return undefined;
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : 0;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Infinity;
  if (name === 'limit') return Math.max(min, Math.min(10, max));
  if (name === 'offset') return Math.max(min, 0);
  return undefined;
}
