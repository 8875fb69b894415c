// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// The HTTP transport: one POST per call, a timeout that really cancels it, every failure typed. Scopes, retries
// and validation are hooks handed in as options, so their code is bundled only where an app imports them.
import { AbortError, ApiError, NetworkError, TimeoutError, UnexpectedResponseError, redact, scrub, type UnexpectedReason } from './errors.js';
import type { RetryPolicy } from './retry.js';
import type { Allowed, FullAccess, Scope } from './scope.js';

export interface ClientOptions<P extends string = FullAccess> {
  /** 'https://misskey.example'; any path is ignored, the API lives at /api/{name}. */ origin: string | URL;
  token?: string | undefined;
  /** 'body' (default): the token as the field `i`, which every server version reads; 'header': `Authorization: Bearer`. */
  credential?: 'body' | 'header';
  /** Default 60 000; 0 = no timeout. */ timeoutMs?: number;
  /** Default: the global `fetch`, looked up at each call. */ fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** Refuses, before sending, what the token may not call (see `createScope`). */ scope?: Scope<P> | undefined;
  /** When to retry a failed call (see `retryPolicy`). Default: never. */ retry?: RetryPolicy | undefined;
  /** Checks every successful result: `createValidator(resultSchemas, { mode })` with the package's validation.ts. */
  validate?: ResultCheck | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's timeout for this call; 0 = no timeout. */ timeoutMs?: number | undefined;
}

/**
 * What endpoint functions need (structural, so tests can fake it). `P`: the permissions the token holds. An
 * endpoint function asks for what it needs (`Transport<'write:drive'>`, `Transport<never>` for nothing); a
 * client holding more stands in for it, one holding less is a compile error naming the permission.
 */
export interface Transport<P extends string = FullAccess> {
  call(endpoint: string, params: object | undefined, options?: CallOptions, multipart?: boolean): Promise<unknown>;
  /** Types only, never set: a parameter type, so holding more permissions fits more transports; plain `P`, so it is cheap to compare. */
  readonly '~permissions'?: ((permission: P) => void) | undefined;
}

/** Sees each successful result (undefined for a 204) and may throw to reject the call; `scrub` removes the token. */
export type ResultCheck = (endpoint: string, result: unknown, scrub: (value: unknown) => unknown) => void;

export interface EndpointShape {
  params: unknown;
  result: unknown;
  errors: string;
}
export type EndpointMap = Record<string, EndpointShape>;
/** Args of request(): params optional when every param is optional. */
export type RequestArgs<S extends EndpointShape> = {} extends S['params'] ? [params?: S['params'], options?: CallOptions] : [params: S['params'], options?: CallOptions];

/** `E`: the endpoint map. `P`: the permissions the token holds; `FullAccess` (any string) allows every endpoint. */
export class MisskeyClient<E extends EndpointMap = EndpointMap, P extends string = FullAccess> implements Transport<P> {
  readonly origin: string;
  declare readonly '~permissions'?: ((permission: P) => void) | undefined;
  // Private, so console.log(client) cannot show the token.
  readonly #token: string | undefined;
  readonly #inBody: boolean;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch | undefined;
  /** Lower-cased once, credential included: per call, spreading a plain object is far cheaper than a Headers. */
  readonly #headers: Record<string, string> = {};
  readonly #scope: Scope<P> | undefined;
  readonly #retry: RetryPolicy | undefined;
  readonly #validate: ResultCheck | undefined;
  constructor(options: ClientOptions<P>) {
    const url = new URL(String(options.origin));
    if (!/^https?:$/.test(url.protocol)) throw new TypeError(`origin must be an http(s) URL, not ${url.protocol}`);
    const { token, credential = 'body', validate } = options;
    if (token !== undefined && typeof token !== 'string') throw new TypeError('ClientOptions.token must be a string');
    if (credential !== 'body' && credential !== 'header') throw new TypeError("ClientOptions.credential must be 'body' or 'header'");
    if (validate !== undefined && typeof validate !== 'function') throw new TypeError('ClientOptions.validate must be a function: createValidator(resultSchemas)');
    // forEach, not iteration: a consumer's lib may have DOM without DOM.Iterable.
    new Headers(options.headers).forEach((value, name) => (this.#headers[name] = value));
    this.#inBody = credential === 'body' || token === undefined;
    if (!this.#inBody) this.#headers['authorization'] = `Bearer ${token}`;
    try {
      new Headers(this.#headers); // here, with our message: fetch's would quote the header, i.e. the token
    } catch {
      throw new TypeError('ClientOptions.token contains characters not allowed in an HTTP header');
    }
    [this.origin, this.#token, this.#fetch, this.#scope, this.#retry, this.#validate] = [url.origin, token, options.fetch, options.scope, options.retry, validate];
    this.#timeoutMs = checkTimeout(options.timeoutMs ?? 60_000);
  }

  /** The permissions of a scoped client; undefined for an unscoped (full-access) one. */
  get permissions(): readonly P[] | undefined {
    return this.#scope?.permissions;
  }

  /** One generic over the endpoint map, never overloads; an endpoint the token may not call is a compile error. */
  request<N extends keyof E & string>(name: N & Allowed<E[N], P>, ...args: RequestArgs<E[N]>): Promise<E[N]['result']> {
    return this.call(name, args[0] as object | undefined, args[1]) as Promise<E[N]['result']>;
  }

  /**
   * POST {origin}/api/{endpoint}: rejects with ApiError, UnexpectedResponseError, NetworkError, TimeoutError or
   * AbortError; with TypeError if `params` holds `i`; unsent with PermissionError outside the client's scope.
   * `multipart` undefined: form data when a param is a Blob.
   */
  async call(endpoint: string, params: object | undefined, options: CallOptions = {}, multipart?: boolean): Promise<unknown> {
    this.#scope?.check(endpoint);
    const send = () => this.#send(endpoint, params, options, multipart);
    return this.#retry ? this.#retry.run({ endpoint, signal: options.signal }, send) : send();
  }

  async #send(endpoint: string, params: object | undefined, { signal, timeoutMs = this.#timeoutMs }: CallOptions, multipart?: boolean): Promise<unknown> {
    const token = this.#token;
    const fields: Record<string, unknown> = { ...params };
    if (fields['i'] !== undefined) throw new TypeError(`${endpoint}: params must not contain 'i'; pass the token as ClientOptions.token`);
    if (this.#inBody && token !== undefined) fields['i'] = token;
    if (timeoutMs !== this.#timeoutMs) timeoutMs = checkTimeout(timeoutMs);
    const aborted = () => new AbortError(`${endpoint} aborted`, { endpoint, cause: scrub(signal?.reason, token) });
    if (signal?.aborted) throw aborted();
    const doFetch = this.#fetch ?? globalThis.fetch;
    if (typeof doFetch !== 'function') throw new TypeError('no global fetch; pass ClientOptions.fetch');
    const headers = { ...this.#headers, 'content-type': 'application/json' };
    let body: string | FormData = JSON.stringify(fields);
    if (multipart ?? Object.values(fields).some(isBlob)) {
      body = formData(fields);
      delete (headers as Partial<typeof headers>)['content-type']; // fetch sets it, with the boundary
    }
    // Our own controller, so a timeout and the caller's signal both abort fetch (the request is really cancelled);
    // stopping also rejects at once, so a custom fetch that ignores signals is cut off too.
    const controller = new AbortController();
    let stopped: 'abort' | 'timeout' | undefined;
    let reject: (reason: unknown) => void = () => {};
    const stop = (why: 'abort' | 'timeout') => () => ((stopped ??= why), controller.abort(), reject(controller.signal.reason));
    const onAbort = stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = timeoutMs > 0 ? setTimeout(stop('timeout'), timeoutMs) : undefined;
    let res: Response;
    let text: string;
    try {
      [res, text] = await new Promise<[Response, string]>((resolve, fail) => {
        reject = fail;
        // Unbound (a browser's fetch throws "Illegal invocation" otherwise); no redirects, which would turn POST
        // into GET or replay the token to another origin.
        const init: RequestInit = { method: 'POST', headers, body, signal: controller.signal, redirect: 'manual' };
        doFetch(`${this.origin}/api/${endpoint}`, init).then((r) => r.text().then((t) => resolve([r, t]), fail), fail);
      });
    } catch (e) {
      if (stopped === 'abort') throw aborted();
      if (stopped === 'timeout') throw new TimeoutError(`${endpoint} timed out after ${timeoutMs} ms`, { endpoint, timeoutMs });
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

/**
 * Calls an endpoint this package does not know (one the spec omits, like `signin`, or a fork's own) through the
 * client, with its credential, errors, retries and timeouts. Params and result are typed by the caller.
 *
 * @example
 * const session = await requestUnlisted<{ id: string; i: string }>(client, 'signin', { username, password });
 */
export async function requestUnlisted<R = unknown, Params extends object = Record<string, unknown>>(client: Transport<never>, name: string, params?: Params, options?: CallOptions): Promise<R> {
  // The name becomes part of the URL: plain path segments only, so no `..` or `?`.
  if (typeof name !== 'string' || !/^\w[\w.-]*(\/\w[\w.-]*)*$/.test(name)) throw new TypeError(`not an endpoint name: ${JSON.stringify(String(name)).slice(0, 100)}`);
  return (await client.call(name, params, options)) as R;
}

function readResponse(endpoint: string, res: Response, text: string, token: string | undefined): unknown {
  const { status } = res;
  if (status === 204) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const json = /json/i.test(res.headers.get('content-type') ?? '');
    throw unexpected(endpoint, res, text, token, !/\S/.test(text) ? 'empty-body' : json ? 'invalid-json' : 'non-json');
  }
  if (status >= 200 && status < 300) return data;
  const { error, code, message } = (scrub(data, token) ?? {}) as Record<string, unknown>; // a failed call's body may echo the token
  const e = (typeof error === 'object' && error !== null && !Array.isArray(error) ? error : {}) as Record<string, unknown>;
  if (typeof e['code'] !== 'string') throw unexpected(endpoint, res, text, token, 'not-misskey-error', str(code), str(message));
  const retryAfterMs = status === 429 ? retryAfter(res.headers.get('retry-after')) : undefined;
  throw new ApiError({ endpoint, status, error: { code: e['code'], id: str(e['id']), message: str(e['message']), kind: str(e['kind']), info: e['info'] }, retryAfterMs });
}

function unexpected(endpoint: string, res: Response, text: string, token: string | undefined, reason: UnexpectedReason, frameworkCode?: string, detail?: string) {
  const contentType = res.headers.get('content-type') ?? undefined;
  const location = res.headers.get('location'); // usually a wrong origin (http → https, www…)
  const what = [`HTTP ${res.status}`, reason, reason !== 'not-misskey-error' && contentType, frameworkCode, location && `redirected to ${location}`];
  const message = `${endpoint} failed: unexpected response (${what.filter(Boolean).join(', ')})${detail ? ` — ${detail}` : ''}`;
  const excerpt = redact(text, token).slice(0, 200);
  return new UnexpectedResponseError(redact(message, token), { endpoint, status: res.status, reason, contentType, excerpt, frameworkCode });
}

/** Files last: the server starts reading at the first file, so every field (and `i`) must precede it. */
function formData(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  const entries = Object.entries(fields).filter(([, value]) => value !== null && value !== undefined);
  for (const [key, value] of entries) if (!isBlob(value)) form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  for (const [key, value] of entries) if (isBlob(value)) form.append(key, value, (value as Partial<File>).name || 'file');
  return form;
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function checkTimeout(ms: number): number {
  if (typeof ms !== 'number' || !(ms >= 0)) throw new RangeError('timeoutMs must be a number ≥ 0 (0 = no timeout)');
  return ms > 2_147_483_647 ? 0 : ms; // setTimeout fires at once beyond 32 bits: treated as "no timeout"
}

/** Retry-After, in seconds or as an HTTP date, in ms. */
function retryAfter(value: string | null): number | undefined {
  const ms = !value?.trim() ? NaN : isFinite(+value) ? +value * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:80": fetch's own message says little, its causes say why. */
function describe(e: unknown): string {
  const parts: string[] = [];
  for (let cur = e, i = 0; cur instanceof Error && i < 4; cur = cur.cause, i++) {
    const code = (cur as { code?: unknown }).code;
    const text = cur.message || (typeof code === 'string' ? code : '');
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.join(': ') || String(e);
}
