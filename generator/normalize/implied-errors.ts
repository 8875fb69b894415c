/**
 * Errors the server sends that the spec does not list (protocol document §1): an app token without
 * the endpoint's permission gets 403 PERMISSION_DENIED, internal endpoints refuse app tokens with
 * 400 ACCESS_DENIED, and a rate-limited endpoint answers 429 RATE_LIMIT_EXCEEDED. Added only where
 * the spec does not already list the code, so the per-endpoint code unions are complete.
 */
import type { ApiErrorInfo, Endpoint } from '../model/types.js';

interface ImpliedError extends ApiErrorInfo {
  applies(endpoint: Pick<Endpoint, 'permission' | 'internal' | 'rateLimited'>): boolean;
}

const IMPLIED: ImpliedError[] = [
  {
    code: 'PERMISSION_DENIED',
    id: '1370e5b7-d4eb-4566-bb1d-7748ee6a1838',
    message: 'Your app does not have the necessary permissions to use this endpoint.',
    kind: 'permission',
    status: 403,
    applies: (e) => e.permission !== null,
  },
  { code: 'ACCESS_DENIED', id: '', message: 'Access denied.', kind: 'client', status: 400, applies: (e) => e.internal },
  { code: 'RATE_LIMIT_EXCEEDED', id: '', message: 'Rate limit exceeded. Please try again later.', kind: 'client', status: 429, applies: (e) => e.rateLimited },
];

export function withImpliedErrors(endpoint: Pick<Endpoint, 'permission' | 'internal' | 'rateLimited' | 'errors'>): ApiErrorInfo[] {
  const listed = new Set(endpoint.errors.map((e) => e.code));
  const added = IMPLIED.filter((x) => x.applies(endpoint) && !listed.has(x.code)).map(({ applies: _applies, ...info }) => info);
  if (added.length === 0) return endpoint.errors;
  return [...endpoint.errors, ...added].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
