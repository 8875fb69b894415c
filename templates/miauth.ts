// MiAuth typed for this server: the permissions you may ask for are this server's. The user that
// comes back with the token is packed by the server as `UserDetailedNotMe` (a public profile), not
// `MeDetailed`: the owner's own fields (`isAdmin`, `policies`, `mutedWords`, …) come only from `i`.
import {
  checkMiAuth,
  createMiAuthSession,
  waitForMiAuth,
  type MiAuthCheck,
  type MiAuthCheckOptions,
  type MiAuthRequest,
  type MiAuthSession,
  type MiAuthWaitOptions,
} from './runtime/miauth.js';
import { createScopedClient, type Client, type ScopedClientOptions } from './client.js';
import type { UserDetailedNotMe } from './entities.js';
import type { Permission } from './permissions.js';

/**
 * Starts a MiAuth session (a fresh random id): send the user's browser to `session.url`.
 *
 * @example
 * const session = startMiAuth({ origin, name: 'My bot', permissions: ['read:account', 'write:notes'] });
 * console.log('Open', session.url);
 * const { client } = await waitForApproval(session);
 * await client.request('notes/create', { text: 'hi' }); // drive/files/create would not compile
 */
export function startMiAuth<const P extends Permission>(request: MiAuthRequest<P>): MiAuthSession<P> {
  return createMiAuthSession(request);
}

/** What an approved session gives: the token, its user, and a client scoped to the permissions asked for. */
export interface Approval<P extends Permission> {
  token: string;
  /** The user's public profile; their own settings and role policies come from `i` (needs `read:account`). */
  user: UserDetailedNotMe;
  /** As requested; the server drops those it does not know, so the token may hold fewer. */
  permissions: readonly P[];
  /** A `createScopedClient` for the token: it accepts only the endpoints `permissions` cover. */
  client: Client<P>;
}

export interface ApprovalOptions extends MiAuthWaitOptions {
  /** Options of the returned client; origin, token and permissions come from the session. `fetch` defaults to the one above. */
  client?: Omit<ScopedClientOptions<Permission>, 'origin' | 'token' | 'permissions'> | undefined;
}

/**
 * Polls until the user approves; the first successful check is the only one that returns the token.
 * The client is typed with the session's permissions, so the token and what it may call stay tied.
 */
export async function waitForApproval<P extends Permission>(session: MiAuthSession<P>, options: ApprovalOptions = {}): Promise<Approval<P>> {
  const { client: clientOptions, ...wait } = options;
  const { token, user } = await waitForMiAuth<UserDetailedNotMe>(session, wait);
  const { permissions, origin } = session;
  const client = createScopedClient({ ...(wait.fetch ? { fetch: wait.fetch } : {}), ...clientOptions, origin, token, permissions });
  return { token, user, permissions, client };
}

/**
 * One check, for when your callback URL is hit instead of polling. On current servers only the first
 * successful check carries the token: keep it, a second check says `{ ok: false }`.
 */
export function checkApproval(session: MiAuthSession, options?: MiAuthCheckOptions): Promise<MiAuthCheck<UserDetailedNotMe>> {
  return checkMiAuth<UserDetailedNotMe>(session, options);
}
