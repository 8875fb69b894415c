// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Errors of an HTTP call, one class per way it fails, all under MisskeyError; and keeping the token out of them.
/** Base of every error this package throws, so one `instanceof MisskeyError` catches them all. `F`: a subclass's own fields. */
export class MisskeyError<F extends object = {}> extends Error {
  override name = 'MisskeyError';
  readonly endpoint: string | undefined = undefined;
  constructor(message: string, init?: { endpoint?: string | undefined; cause?: unknown } & F) {
    const { cause, ...fields } = init ?? {};
    super(message, cause === undefined ? undefined : { cause }); // `{ cause: undefined }` would show in inspect()
    Object.assign(this, fields);
  }
}
/** The `error` object of a Misskey error response. */
export type ApiErrorBody = { code: string; id?: string | undefined; message?: string | undefined; kind?: string | undefined; info?: unknown };
/** The server answered with a Misskey error (`{"error": {code, id, message, kind, info}}`). Match on `code`, not `status`. */
export class ApiError<Code extends string = string> extends MisskeyError {
  override name = 'ApiError';
  constructor({ endpoint, status, error, retryAfterMs }: { endpoint: string; status: number; error: ApiErrorBody; retryAfterMs?: number | undefined }) {
    const { code, id = '', message = '', kind = status >= 500 ? 'server' : 'client', info } = error;
    super(`${endpoint} failed: ${code} (${status})${message && ` — ${message}`}`);
    Object.assign(this, { endpoint, code, id, kind, info, serverMessage: message, status, retryAfterMs });
  }
}
export interface ApiError<Code extends string = string> { // its fields, set by the constructor
  readonly endpoint: string; readonly code: Code; readonly id: string; readonly info: unknown; readonly status: number;
  /** 'client' | 'server' | 'permission'; when the server omits it, 'server' for a 5xx, else 'client'. */ readonly kind: string;
  /** The server's own message; `message` adds endpoint, code and status to it. */ readonly serverMessage: string;
  /** From `Retry-After` on a 429, in milliseconds. */ readonly retryAfterMs: number | undefined;
}
export type UnexpectedReason = 'empty-body' | 'non-json' | 'not-misskey-error' | 'invalid-json';
type UnexpectedFields = {
  readonly status: number; readonly reason: UnexpectedReason; readonly contentType: string | undefined;
  /** The first 200 characters of the body, token redacted. */ readonly excerpt: string;
  /** The web framework's flat `code`, e.g. 'FST_ERR_CTP_INVALID_JSON_BODY'. */ readonly frameworkCode: string | undefined;
};
/** An HTTP answer that is neither a success nor a Misskey error: a framework error, a proxy page, an empty or broken body. */
export class UnexpectedResponseError extends MisskeyError<UnexpectedFields> { override name = 'UnexpectedResponseError' }
export interface UnexpectedResponseError extends UnexpectedFields {} // its fields, written once
/** The request never got an HTTP answer (DNS, refused, reset, TLS…). `cause` is the underlying error, token removed. */
export class NetworkError extends MisskeyError { override name = 'NetworkError' }
export class TimeoutError extends MisskeyError<{ timeoutMs: number }> { override name = 'TimeoutError' }
export interface TimeoutError { readonly timeoutMs: number }
/** The caller's AbortSignal fired; `cause` is the signal's reason. */ export class AbortError extends MisskeyError { override name = 'AbortError' }
/** Also true for an ApiError from another copy of this runtime (each generated package ships its own). */
export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError || (e instanceof Error && e.name === 'ApiError' && typeof (e as Partial<ApiError>).code === 'string');
}
/** `value` when it is a number ≥ 0 (and finite, if asked), else a RangeError naming the option. */
export function atLeastZero(value: unknown, name: string, finite = false): number {
  if (typeof value === 'number' && value >= 0 && !(finite && value === Infinity)) return value;
  throw new RangeError(`${name} must be a ${finite ? 'finite ' : ''}number ≥ 0`);
}
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text; // an empty secret would match everywhere
}
/** Deep copy with `secret` redacted from every string; errors become plain `Error`s (same name and own properties), other non-plain objects are dropped. */
export function scrub(value: unknown, secret: string | undefined, depth = 0): unknown {
  if (!secret || value === null || typeof value !== 'object') return typeof value === 'string' ? redact(value, secret) : value;
  if (depth > 8) return undefined;
  if (Array.isArray(value)) return value.map((v) => scrub(v, secret, depth + 1));
  const plain = [Object.prototype, null].includes(Object.getPrototypeOf(value));
  if (!plain && !(value instanceof Error)) return undefined;
  const out = plain ? {} : Object.assign(new Error(), { name: redact((value as Error).name, secret) });
  for (const key of Object.getOwnPropertyNames(value)) {
    const copy = scrub((value as Record<string, unknown>)[key], secret, depth + 1);
    Object.defineProperty(out, redact(key, secret), { value: copy, enumerable: Object.prototype.propertyIsEnumerable.call(value, key), writable: true, configurable: true });
  }
  return out;
}
