// The typed entry points of this package: a client typed with this server's endpoint map, and an
// error guard that narrows `code` to what one endpoint can return.
import { MisskeyClient, type ClientOptions } from './runtime/client.js';
import { ApiError } from './runtime/errors.js';
import type { Endpoints } from './endpoints.js';

/** A client for this server: `client.request('notes/create', { text })`, or pass it to any endpoint function. */
export type Client = MisskeyClient<Endpoints>;

export function createClient(options: ClientOptions): Client {
  return new MisskeyClient<Endpoints>(options);
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
