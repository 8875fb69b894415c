// Errors of an HTTP call, one class per way it can fail, all under MisskeyError; and token redaction.

/** Base of every error this package throws, so one `instanceof MisskeyError` catches them all. */
export class MisskeyError extends Error {
  override name = 'MisskeyError';
  readonly endpoint: string | undefined;
  constructor(message: string, init: { endpoint?: string | undefined; cause?: unknown } = {}) {
    // `{ cause: undefined }` would still show up in inspect().
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.endpoint = init.endpoint;
  }
}

/** The `error` object of a Misskey error response. */
export interface ApiErrorBody {
  code: string;
  id?: string | undefined;
  message?: string | undefined;
  kind?: string | undefined;
  info?: unknown;
}

/** The server answered with a Misskey error (`{"error": {code, id, message, kind, info}}`). Match on `code`, not `status`. */
export class ApiError<Code extends string = string> extends MisskeyError {
  override name = 'ApiError';
  declare readonly endpoint: string;
  readonly code: Code;
  readonly id: string;
  /** 'client' | 'server' | 'permission'; when the server omits it, inferred from the status (5xx → 'server'). */
  readonly kind: string;
  readonly info: unknown;
  /** The server's own message; `message` adds endpoint, code and status to it. */
  readonly serverMessage: string;
  readonly status: number;
  /** From `Retry-After` on a 429, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  constructor(init: { endpoint: string; status: number; error: ApiErrorBody; retryAfterMs?: number | undefined }) {
    const { endpoint, status, error } = init;
    const text = error.message ?? '';
    super(`${endpoint} failed: ${error.code} (${status})${text ? ` — ${text}` : ''}`, { endpoint });
    this.code = error.code as Code;
    this.id = error.id ?? '';
    this.kind = error.kind ?? (status >= 500 ? 'server' : 'client');
    this.info = error.info;
    this.serverMessage = text;
    this.status = status;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export type UnexpectedReason = 'empty-body' | 'non-json' | 'not-misskey-error' | 'invalid-json';

/** An HTTP answer that is neither a success nor a Misskey error: a framework error, a proxy page, an empty or broken body. */
export class UnexpectedResponseError extends MisskeyError {
  override name = 'UnexpectedResponseError';
  readonly status: number;
  readonly reason: UnexpectedReason;
  readonly contentType: string | undefined;
  /** The first 200 characters of the body, token redacted. */
  readonly excerpt: string;
  /** The web framework's flat `code`, e.g. 'FST_ERR_CTP_INVALID_JSON_BODY'. */
  readonly frameworkCode: string | undefined;
  constructor(
    message: string,
    init: { endpoint?: string | undefined; status: number; reason: UnexpectedReason; contentType?: string | undefined; excerpt?: string | undefined; frameworkCode?: string | undefined },
  ) {
    super(message, init);
    this.status = init.status;
    this.reason = init.reason;
    this.contentType = init.contentType;
    this.excerpt = init.excerpt ?? '';
    this.frameworkCode = init.frameworkCode;
  }
}

/** The request never got an HTTP answer (DNS, refused, reset, TLS…). `cause` is the underlying error, token removed. */
export class NetworkError extends MisskeyError {
  override name = 'NetworkError';
}

export class TimeoutError extends MisskeyError {
  override name = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, init: { endpoint?: string | undefined; timeoutMs: number }) {
    super(message, init);
    this.timeoutMs = init.timeoutMs;
  }
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class AbortError extends MisskeyError {
  override name = 'AbortError';
}

/** Also true for an ApiError from another copy of this runtime (each generated package ships its own). */
export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError || (e instanceof Error && e.name === 'ApiError' && typeof (e as Partial<ApiError>).code === 'string');
}

export function redact(text: string, secret: string | undefined): string {
  // An empty secret would match between every character.
  return secret ? text.split(secret).join('[redacted]') : text;
}

/**
 * Deep copy of `value` with `secret` redacted from every string: for data from a server that may echo
 * the token, and for errors from fetch whose message, stack or cause may hold it. Errors become plain
 * `Error`s (same name and own properties); objects that are not plain data are dropped.
 */
export function scrub(value: unknown, secret: string | undefined, depth = 0): unknown {
  if (!secret || value === null || typeof value !== 'object') return typeof value === 'string' ? redact(value, secret) : value;
  if (depth > 8) return undefined;
  const copy = (v: unknown) => scrub(v, secret, depth + 1);
  if (Array.isArray(value)) return value.map(copy);
  const from = value as Record<string, unknown>;
  const proto: unknown = Object.getPrototypeOf(value);
  const out = value instanceof Error ? new Error() : proto === Object.prototype || proto === null ? {} : undefined;
  if (!out) return undefined;
  if (value instanceof Error) (out as Error).name = redact(value.name, secret);
  // Keys redacted too; enumerability kept, so inspect() shows an error's `cause` or `errors` as before.
  for (const key of Object.getOwnPropertyNames(value)) {
    const enumerable = Object.prototype.propertyIsEnumerable.call(value, key);
    Object.defineProperty(out, redact(key, secret), { value: copy(from[key]), enumerable, writable: true, configurable: true });
  }
  return out;
}
