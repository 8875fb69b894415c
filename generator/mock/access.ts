/**
 * Who may call what, as a Misskey server decides it (protocol document §1), and the errors it answers
 * with. The rules read the model only: the endpoint's credential, permission and internal flags.
 */
import type { ApiErrorInfo, Endpoint } from '../model/types.js';
import { SERVER_ERRORS } from '../normalize/server-errors.js';

/** A token the mock knows: whose it is, and what it may do. */
export interface TokenGrant {
  userId: string;
  /** A native token (the user's own) may do everything; an app token (MiAuth) only what it was granted. */
  kind: 'native' | 'app';
  permissions: readonly string[];
}

export interface MisskeyErrorBody {
  message: string;
  code: string;
  id: string;
  kind: string;
  info?: unknown;
}

export interface Refusal {
  status: number;
  error: MisskeyErrorBody;
}

/** The errors every server sends whatever the endpoint; the id is taken from the endpoint's own list when it has one, else from there. */
const GENERIC = SERVER_ERRORS;

/** The error `code` as `endpoint` would send it: its listed id and message, the status a real server uses. */
export function refusal(endpoint: Endpoint | undefined, code: string, info?: unknown): Refusal {
  const listed: ApiErrorInfo | undefined = endpoint?.errors.find((e) => e.code === code);
  const generic = Object.hasOwn(GENERIC, code) ? GENERIC[code] : undefined;
  const error: MisskeyErrorBody = {
    message: listed?.message || generic?.message || code,
    code,
    id: listed?.id || generic?.id || '',
    kind: generic?.kind ?? listed?.kind ?? 'client',
  };
  if (info !== undefined) error.info = info;
  return { status: generic?.status ?? listed?.status ?? 400, error };
}

/**
 * A refusal the server itself sends, the same for every endpoint: the endpoint's own list is not read,
 * since endpoints also list errors of their own under the same code (notes/delete's ACCESS_DENIED is
 * "not your note", with an id of its own; i/2fa/update-key's is "You do not have edit privilege of this key.").
 */
function serverRefusal(code: string): Refusal {
  return refusal(undefined, code);
}

/**
 * The refusal for a call with this credential, or undefined when it may go ahead. `token` is what the
 * caller sent (undefined: none), `grant` what it stands for (undefined: unknown token). In the order
 * the server checks: a bad token fails everywhere, then internal, credential, permission.
 */
export function checkAccess(endpoint: Endpoint, token: string | undefined, grant: TokenGrant | undefined): Refusal | undefined {
  if (token !== undefined && grant === undefined) return refusal(endpoint, 'AUTHENTICATION_FAILED');
  // An internal endpoint takes the user's own (native) token only: an app token and an anonymous caller
  // alike get ACCESS_DENIED, before the credential check (ApiCallService: `secure && !isSecure`).
  if (endpoint.internal && grant?.kind !== 'native') return serverRefusal('ACCESS_DENIED');
  if (grant === undefined) return endpoint.credential ? refusal(endpoint, 'CREDENTIAL_REQUIRED') : undefined;
  if (grant.kind === 'app' && endpoint.permission !== null && !grant.permissions.includes(endpoint.permission)) return refusal(endpoint, 'PERMISSION_DENIED');
  return undefined;
}

/** The `WWW-Authenticate` header real servers send with a refusal (protocol document §1), or undefined. */
export function wwwAuthenticate(refused: Refusal): string | undefined {
  if (refused.status === 401) return 'Bearer realm="Misskey", error="invalid_token"';
  if (refused.status === 403 && refused.error.code === 'PERMISSION_DENIED') return 'Bearer realm="Misskey", error="insufficient_scope"';
  if (refused.status === 400 && refused.error.kind === 'client') return 'Bearer realm="Misskey", error="invalid_request"';
  return undefined;
}
