/**
 * Errors the server sends that the spec does not list (protocol document §1): an app token without
 * the endpoint's permission gets 403 PERMISSION_DENIED, internal endpoints refuse app tokens with
 * 400 ACCESS_DENIED, and a rate-limited endpoint answers 429 RATE_LIMIT_EXCEEDED. Added only where
 * the spec does not already list the code, so the per-endpoint code unions are complete.
 */
import type { ApiErrorInfo, Endpoint } from '../model/types.js';
import { SERVER_ERRORS } from './server-errors.js';

type Applies = (endpoint: Pick<Endpoint, 'permission' | 'internal' | 'rateLimited'>) => boolean;

/** Which endpoints may answer each error; what the error is comes from ./server-errors.ts. */
const IMPLIED: readonly (readonly [code: string, applies: Applies])[] = [
  ['PERMISSION_DENIED', (e) => e.permission !== null],
  ['ACCESS_DENIED', (e) => e.internal],
  ['RATE_LIMIT_EXCEEDED', (e) => e.rateLimited],
];

export function withImpliedErrors(endpoint: Pick<Endpoint, 'permission' | 'internal' | 'rateLimited' | 'errors'>): ApiErrorInfo[] {
  const listed = new Set(endpoint.errors.map((e) => e.code));
  const added = IMPLIED.filter(([code, applies]) => applies(endpoint) && !listed.has(code)).map(([code]) => ({ code, ...SERVER_ERRORS[code]! }));
  if (added.length === 0) return endpoint.errors;
  return [...endpoint.errors, ...added].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
