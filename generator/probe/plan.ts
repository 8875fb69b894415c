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
 */
import type { ApiModel, Endpoint, JsonSchema } from '../model.js';

export type SkipReason =
  | 'internal'
  | 'write-name'
  | 'no-result'
  | 'upload'
  | 'write-permission'
  | 'full-access-only'
  | 'needs-token'
  | 'required-params';

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
  return { params: params.values, authenticated: haveToken && permission !== null };
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
