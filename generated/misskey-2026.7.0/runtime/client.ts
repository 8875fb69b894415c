import { AbortError, ApiError, NetworkError, TimeoutError, UnexpectedResponseError, redact, scrub } from './errors.js';
import type { UnexpectedReason } from './errors.js';
import type { RetryPolicy } from './retry.js';
import type { Allowed, FullAccess, Scope } from './scope.js';

export interface ClientOptions<P extends string = FullAccess> {
  /** 'https://misskey.example'; any path is ignored, the API lives at /api/{name}. */
  origin: string | URL;
  token?: string | undefined;
  /** 'body' (default) sends the token as the `i` field, which every server version reads; 'header' as `Authorization: Bearer`. */
  credential?: 'body' | 'header';
  /** Default 60 000; 0 = no timeout. */
  timeoutMs?: number;
  /** Default: the global `fetch`, looked up at each call. */
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** Refuses, before sending, what the token may not call (see `createScope`). */
  scope?: Scope<P> | undefined;
  /** When to retry a failed call (see `retryPolicy`). Default: never. */
  retry?: RetryPolicy | undefined;
  /**
   * Checks every successful result against the spec, for development and CI: pass
   * `createValidator(resultSchemas, { mode })` with `resultSchemas` from the package's validation.ts.
   * Off by default; the validator and its data are only bundled when imported.
   */
  validate?: ResultCheck | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's timeout for this call; 0 = no timeout. */
  timeoutMs?: number | undefined;
}

/**
 * The minimal surface generated per-endpoint functions depend on (structural, so tests can fake it).
 * `P`: the permissions the token holds, as on `MisskeyClient`. An endpoint function asks for what it
 * needs (`Transport<'write:drive'>`, or `Transport<never>` for none); a client holding more stands in
 * for it, one holding less is a compile error naming the permission.
 */
export interface Transport<P extends string = FullAccess> {
  call(endpoint: string, params: object | undefined, options?: CallOptions, multipart?: boolean): Promise<unknown>;
  /**
   * Types only, never set. A parameter type, so that holding more permissions makes a client assignable
   * to more transports (contravariance); a fake without it passes every check, like an unscoped client.
   * Plain `P`, no conditional type: the compiler then compares two transports by `P` alone.
   */
  readonly '~permissions'?: ((permission: P) => void) | undefined;
}

/**
 * Sees each successful result (the parsed body; undefined for a 204) before the caller does, and may
 * throw to reject the call. `scrub` removes the client's token from anything it reports.
 */
export type ResultCheck = (endpoint: string, result: unknown, scrub: (value: unknown) => unknown) => void;

// An unlisted endpoint name becomes part of the URL: plain path segments only, so no `..` or `?`.
const ENDPOINT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

export interface EndpointShape {
  params: unknown;
  result: unknown;
  errors: string;
}
export type EndpointMap = Record<string, EndpointShape>;
/** Args of request(): params optional when every param is optional. */
export type RequestArgs<S extends EndpointShape> = {} extends S['params']
  ? [params?: S['params'], options?: CallOptions]
  : [params: S['params'], options?: CallOptions];

const DEFAULT_TIMEOUT_MS = 60_000;
// setTimeout fires at once for delays that do not fit in 32 bits; treat them as "no timeout".
const MAX_TIMER_MS = 2_147_483_647;

/**
 * `E`: the endpoint map. `P`: the permissions the token holds; `FullAccess` (any string) type-checks
 * every endpoint, a union of permissions only the endpoints they cover.
 */
export class MisskeyClient<E extends EndpointMap = EndpointMap, P extends string = FullAccess> implements Transport<P> {
  readonly origin: string;
  declare readonly '~permissions'?: ((permission: P) => void) | undefined;
  // Private fields, so console.log(client) cannot show the token.
  readonly #token: string | undefined;
  readonly #bearer: boolean;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch | undefined;
  // A plain object, lower-cased once here: per call, spreading it is far cheaper than copying a Headers.
  readonly #headers: Record<string, string>;
  readonly #scope: Scope<P> | undefined;
  readonly #retry: RetryPolicy | undefined;
  readonly #validate: ResultCheck | undefined;

  constructor(options: ClientOptions<P>) {
    const url = new URL(String(options.origin));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`origin must be an http(s) URL, not ${url.protocol}`);
    }
    this.origin = url.origin;
    const { token, credential = 'body' } = options;
    if (token !== undefined && typeof token !== 'string') throw new TypeError('ClientOptions.token must be a string');
    if (credential !== 'body' && credential !== 'header') {
      throw new TypeError("ClientOptions.credential must be 'body' or 'header'");
    }
    this.#token = token;
    this.#bearer = credential === 'header' && token !== undefined;
    if (this.#bearer) {
      // Fail here, with our own message: fetch's would quote the header value, i.e. the token.
      try {
        new Headers({ authorization: `Bearer ${token}` });
      } catch {
        throw new TypeError('ClientOptions.token contains characters not allowed in an HTTP header');
      }
    }
    this.#timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#fetch = options.fetch;
    // forEach, not iteration: a consumer's lib may have DOM without DOM.Iterable.
    const headers: Record<string, string> = {};
    new Headers(options.headers).forEach((value, name) => (headers[name] = value));
    this.#headers = headers;
    this.#scope = options.scope;
    this.#retry = options.retry;
    if (options.validate !== undefined && typeof options.validate !== 'function') {
      throw new TypeError("ClientOptions.validate must be a function: createValidator(resultSchemas) from the package's validation.ts");
    }
    this.#validate = options.validate;
  }

  /** The permissions of a scoped client; undefined for an unscoped (full-access) one. */
  get permissions(): readonly P[] | undefined {
    return this.#scope?.permissions;
  }

  /**
   * One generic over the endpoint map (an indexed lookup), never overloads. An endpoint the token's
   * permissions do not cover is a compile error naming the missing permission.
   */
  request<N extends keyof E & string>(name: N & Allowed<E[N], P>, ...args: RequestArgs<E[N]>): Promise<E[N]['result']> {
    return this.call(name, args[0] as object | undefined, args[1]) as Promise<E[N]['result']>;
  }

  /**
   * Calls an endpoint this package does not know — one the spec omits (`signin`, `signup`) or a
   * fork's own — with the same transport, credential, errors, retries and timeouts as any other call.
   * Params and result are typed by the caller and checked by nobody. For endpoints in the spec, use
   * `request()` or the endpoint's function.
   *
   * @example
   * const session = await client.requestUnlisted<{ id: string; i: string }>('signin', { username, password });
   */
  async requestUnlisted<R = unknown, Params extends object = Record<string, unknown>>(
    name: string,
    params?: Params,
    options?: CallOptions,
  ): Promise<R> {
    if (typeof name !== 'string' || !ENDPOINT_NAME.test(name)) {
      throw new TypeError(`not an endpoint name: ${JSON.stringify(String(name)).slice(0, 100)}`);
    }
    return (await this.call(name, params, options)) as R;
  }

  /**
   * POST {origin}/api/{endpoint}. Rejects with ApiError, UnexpectedResponseError, NetworkError,
   * TimeoutError or AbortError; with TypeError if `params` contains `i` (the token belongs to the client);
   * with PermissionError, before sending, if the client's scope does not cover the endpoint.
   */
  async call(
    endpoint: string,
    params: object | undefined,
    options: CallOptions = {},
    multipart?: boolean,
  ): Promise<unknown> {
    this.#scope?.check(endpoint);
    const send = () => this.#send(endpoint, params, options, multipart);
    return this.#retry ? this.#retry.run({ endpoint, signal: options.signal }, send) : send();
  }

  async #send(endpoint: string, params: object | undefined, options: CallOptions, multipart?: boolean): Promise<unknown> {
    const token = this.#token;
    const fields: Record<string, unknown> = { ...params };
    if (fields['i'] !== undefined) {
      throw new TypeError(`${endpoint}: params must not contain 'i'; pass the token as ClientOptions.token`);
    }
    if (token !== undefined && !this.#bearer) fields['i'] = token;
    const timeoutMs = checkTimeout(options.timeoutMs ?? this.#timeoutMs);
    const { signal } = options;
    if (signal?.aborted) throw new AbortError(`${endpoint} aborted`, { endpoint, cause: scrub(signal.reason, token) });
    const doFetch = this.#fetch ?? globalThis.fetch;
    if (typeof doFetch !== 'function') throw new TypeError('no global fetch; pass ClientOptions.fetch');

    const headers: Record<string, string> = { ...this.#headers };
    let body: string | FormData;
    if (multipart ?? Object.values(fields).some(isBlob)) {
      body = toFormData(fields);
      delete headers['content-type']; // fetch adds it with the boundary
    } else {
      body = JSON.stringify(fields);
      headers['content-type'] = 'application/json';
    }
    if (this.#bearer) headers['authorization'] = `Bearer ${token}`;

    // Our own controller, so a timeout and the caller's signal both abort fetch, and a custom fetch
    // that ignores signals is still cut off: stopping also rejects the race below directly.
    const controller = new AbortController();
    let stoppedBy: 'abort' | 'timeout' | undefined;
    let rejectStopped: (reason: unknown) => void = () => {};
    const stopped = new Promise<never>((_, reject) => (rejectStopped = reject));
    const stop = (why: 'abort' | 'timeout') => () => {
      stoppedBy ??= why;
      controller.abort();
      rejectStopped(controller.signal.reason);
    };
    const onAbort = stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = timeoutMs > 0 ? setTimeout(stop('timeout'), timeoutMs) : undefined;
    let res: Response;
    let text: string;
    try {
      // Called unbound: a browser's fetch throws "Illegal invocation" when called as a method of another object.
      const work = doFetch(`${this.origin}/api/${endpoint}`, {
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
        // A followed redirect would turn POST into GET, or replay the token to another origin.
        redirect: 'manual',
      }).then((r) => r.text().then((t) => [r, t] as const));
      [res, text] = await Promise.race([work, stopped]);
    } catch (e) {
      if (stoppedBy === 'abort') {
        throw new AbortError(`${endpoint} aborted`, { endpoint, cause: scrub(signal?.reason, token) });
      }
      if (stoppedBy === 'timeout')
        throw new TimeoutError(`${endpoint} timed out after ${timeoutMs} ms`, { endpoint, timeoutMs });
      throw new NetworkError(redact(`${endpoint} failed: ${describe(e)}`, token), { endpoint, cause: scrub(e, token) });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const result = readResponse(endpoint, res, text, token);
    this.#validate?.(endpoint, result, (value) => scrub(value, token));
    return result;
  }
}

function readResponse(endpoint: string, res: Response, text: string, token: string | undefined): unknown {
  const { status } = res;
  if (status === 204) return undefined;
  const contentType = res.headers.get('content-type') ?? undefined;
  const fail = (reason: UnexpectedReason, frameworkCode?: string, detail?: string) => {
    let what = `HTTP ${status}, ${reason}`;
    if (contentType && reason !== 'not-misskey-error') what += `, ${contentType}`;
    if (frameworkCode) what += `, ${frameworkCode}`;
    const location = res.headers.get('location');
    if (location) what += `, redirected to ${location}`; // usually a wrong origin (http → https, www…)
    const message = `${endpoint} failed: unexpected response (${what})${detail ? ` — ${detail}` : ''}`;
    return new UnexpectedResponseError(redact(message, token), {
      endpoint,
      status,
      reason,
      contentType,
      excerpt: redact(text, token).slice(0, 200),
      frameworkCode,
    });
  };
  if (!/\S/.test(text)) throw fail('empty-body'); // stops at the first non-space: no copy of the body
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw fail(/json/i.test(contentType ?? '') ? 'invalid-json' : 'non-json');
  }
  if (status >= 200 && status < 300) return data;
  // A failed call's body may echo the token back.
  data = scrub(data, token);
  const error = isRecord(data) ? data['error'] : undefined;
  if (isRecord(error) && typeof error['code'] === 'string') {
    throw new ApiError({
      endpoint,
      status,
      error: {
        code: error['code'],
        id: optionalString(error['id']),
        message: optionalString(error['message']),
        kind: optionalString(error['kind']),
        info: error['info'],
      },
      retryAfterMs: status === 429 ? parseRetryAfter(res.headers.get('retry-after')) : undefined,
    });
  }
  const flat = isRecord(data) ? data : {};
  throw fail('not-misskey-error', optionalString(flat['code']), optionalString(flat['message']));
}

function toFormData(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  const files: [string, Blob][] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    if (isBlob(value)) files.push([key, value]);
    else form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  // Files last: the server starts reading at the first file, so every field (and `i`) must precede it.
  for (const [key, blob] of files) {
    const name = (blob as Partial<File>).name;
    form.append(key, blob, typeof name === 'string' && name !== '' ? name : 'file');
  }
  return form;
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function checkTimeout(ms: number): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0)
    throw new RangeError('timeoutMs must be a number ≥ 0 (0 = no timeout)');
  return ms > MAX_TIMER_MS ? 0 : ms;
}

/** Seconds or an HTTP date, in ms. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:80" — fetch's own message says little, its causes say why. */
function describe(e: unknown): string {
  const parts: string[] = [];
  for (let cur = e, i = 0; cur instanceof Error && i < 4; cur = cur.cause, i++) {
    const code = (cur as { code?: unknown }).code;
    const text = cur.message || (typeof code === 'string' ? code : '');
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.join(': ') || String(e);
}
