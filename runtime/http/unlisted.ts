// Calls to endpoints the package does not know: its own module, so a bundle that makes none carries no name check.
import type { CallOptions, Transport } from './client.js';

/** Calls an endpoint the spec omits (like `signin`, or a fork's own) through the client; params and result are typed by the caller. */
export async function requestUnlisted<R = unknown, Params extends object = Record<string, unknown>>(client: Transport<never>, name: string, params?: Params, options?: CallOptions): Promise<R> {
  // The name becomes part of the URL: plain path segments only, so no `..` or `?`.
  if (typeof name !== 'string' || !/^\w[\w.-]*(\/\w[\w.-]*)*$/.test(name)) throw new TypeError(`not an endpoint name: ${JSON.stringify(String(name)).slice(0, 100)}`);
  return (await client.call(name, params, options)) as R;
}
