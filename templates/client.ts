// The typed entry points of this package: clients typed with this server's endpoint map and the
// permissions of their token, retries that know its reads from its writes, and an error guard that
// narrows `code` to what one endpoint can return. Only `createScopedClient` and `retries` read
// `endpointMeta`, so a bundle that uses neither does not carry it.
import { createMisskeyClient, type ClientOptions, type MisskeyClient } from './runtime/http/client.js';
import { ApiError } from './runtime/http/errors.js';
import { retryPolicy, type RetryOptions, type RetryPolicy } from './runtime/http/retry.js';
import { createScope, type FullAccess } from './runtime/http/scope.js';
import type { Endpoints } from './endpoints.js';
import { endpointMeta, type Permission } from './permissions.js';

/**
 * A client for this server: `client.request('notes/create', { text })`, or pass it to any endpoint
 * function. `P` is what its token may do: `FullAccess` (the default: a native token) or a union of
 * permissions (an app token), which turns calls outside them into compile errors.
 */
export type Client<P extends string = FullAccess> = MisskeyClient<Endpoints, P>;

/** A client for a full-access (native) token, the user's own from Settings > API. */
export function createClient<P extends string = FullAccess>(options: ClientOptions<P>): Client<P> {
  return createMisskeyClient<Endpoints, P>(options);
}

export interface ScopedClientOptions<P extends Permission> extends Omit<ClientOptions, 'scope'> {
  /** The permissions the token holds, e.g. `session.permissions` after MiAuth. */
  permissions: readonly P[];
  /** Also refuse uncovered calls at run time, before sending (default true). */
  checkPermissions?: boolean | undefined;
}

/**
 * A client for an app token holding `permissions`: it accepts, at compile time and (by default)
 * before sending, only endpoints that need no credential or one of those permissions.
 *
 * @example
 * const client = createScopedClient({ origin, token, permissions: ['read:account', 'write:notes'] });
 * await client.request('notes/create', { text: 'hi' }); // ok
 * await client.request('drive/files/create', { file }); // compile error: 'missing permission': "write:drive"
 */
export function createScopedClient<const P extends Permission>(options: ScopedClientOptions<P>): Client<P> {
  const { permissions, checkPermissions = true, ...rest } = options;
  return createMisskeyClient<Endpoints, P>({
    ...rest,
    scope: checkPermissions === false ? undefined : createScope(permissions, endpointMeta),
  });
}

/**
 * A retry policy (see `retryPolicy`) that tells this server's reads from its writes: 5xx, network
 * errors and timeouts are retried only for endpoints that cannot change state, 429 for any.
 *
 * @example
 * const client = createClient({ origin, token, retry: retries({ limit: 3, onRetry: (e) => log(e) }) });
 */
export function retries(options: Omit<RetryOptions, 'rules'> = {}): RetryPolicy {
  return retryPolicy({ ...options, rules: endpointMeta });
}

/**
 * True when `error` is an API error from `endpoint`; `error.code` is then narrowed to the codes that
 * endpoint is documented to return.
 *
 * @example
 * try { await notesCreate(client, { text }) } catch (e) {
 *   if (isEndpointError(e, 'notes/create') && e.code === 'NO_SUCH_RENOTE_TARGET') …
 * }
 */
export function isEndpointError<N extends keyof Endpoints>(error: unknown, endpoint: N): error is ApiError<Endpoints[N]['errors']> {
  return error instanceof ApiError && error.endpoint === endpoint;
}
