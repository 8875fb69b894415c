// MiAuth typed for this server: the permissions you may ask for are this server's, and the user
// that comes back with the token is this server's `MeDetailed`.
import { createMiAuthSession, waitForMiAuth, type MiAuthRequest, type MiAuthSession, type MiAuthWaitOptions } from './runtime/miauth.js';
import type { MeDetailed } from './entities.js';
import type { Permission } from './permissions.js';

/**
 * Starts a MiAuth session (a fresh random id): send the user's browser to `session.url`.
 *
 * @example
 * const session = startMiAuth({ origin, name: 'My bot', permissions: ['read:account', 'write:notes'] });
 * console.log('Open', session.url);
 * const { token } = await waitForApproval(session);
 * const client = createScopedClient({ origin, token, permissions: session.permissions });
 */
export function startMiAuth<const P extends Permission>(request: MiAuthRequest<P>): MiAuthSession<P> {
  return createMiAuthSession(request);
}

/** Polls until the user approves; the first successful check is the only one that returns the token. */
export function waitForApproval(session: MiAuthSession, options?: MiAuthWaitOptions): Promise<{ token: string; user: MeDetailed }> {
  return waitForMiAuth<MeDetailed>(session, options);
}
