// The HTTP transport: one POST per call, a timeout that really cancels it, every failure typed (docs/runtime.md, "How calls work").
import { AbortError, ApiError, NetworkError, TimeoutError, UnexpectedResponseError, atLeastZero, redact, scrub, type UnexpectedReason } from './errors.js';
import { formData, hasFile } from './multipart.js';
import type { RetryPolicy } from './retry.js';
import type { Allowed, FullAccess, Scope } from './scope.js';

export interface ClientOptions<P extends string = FullAccess> {
  /** 'https://misskey.example'; any path is ignored, the API lives at /api/{name}. */ origin: string | URL;
  token?: string | undefined;
  /** 'body' (default): the token as the field `i`, which every server reads; 'header': `Authorization: Bearer`. */ credential?: 'body' | 'header';
  /** Default 60 000; 0 = no timeout. */ timeoutMs?: number;
  /** Default: the global `fetch`, looked up at each call. */ fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** Refuses, before sending, what the token may not call (see `createScope`). */ scope?: Scope<P> | undefined;
  /** When to retry a failed call (see `retryPolicy`). Default: never. */ retry?: RetryPolicy | undefined;
  /** Checks every successful result: `createValidator(resultSchemas, { mode })`. */ validate?: ResultCheck | undefined;
}
export interface CallOptions { signal?: AbortSignal | undefined; /** The client's, for this call; 0 = no timeout. */ timeoutMs?: number | undefined }
/** What endpoint functions need: `Transport<'write:drive'>` takes a client whose token holds `write:drive` (docs/runtime.md, "Clients"). */
export interface Transport<P extends string = FullAccess> {
  /** `multipart`: form data (true, as uploads' functions pass), JSON (false), or form data when a top-level param is a file. */
  call(endpoint: string, params: object | undefined, options?: CallOptions, multipart?: boolean): Promise<unknown>;
  /** Types only, never set: a parameter type, so more permissions fit more transports. */ readonly '~permissions'?: ((permission: P) => void) | undefined;
}
/** Sees each successful result (undefined for a 204) and may throw to reject the call; `scrub` removes the token. */
export type ResultCheck = (endpoint: string, result: unknown, scrub: (value: unknown) => unknown) => void;
export type EndpointShape = { params: unknown; result: unknown; errors: string };
export type EndpointMap = Record<string, EndpointShape>;
/** Args of request(): params optional when every param is optional. */
export type RequestArgs<S extends EndpointShape> = {} extends S['params'] ? [params?: S['params'], options?: CallOptions] : [params: S['params'], options?: CallOptions];
/** `E`: the endpoint map. `P`: the permissions the token holds; `FullAccess` (any string) allows every endpoint. */
export interface MisskeyClient<E extends EndpointMap = EndpointMap, P extends string = FullAccess> extends Transport<P> {
  readonly origin: string;
  /** The permissions of a scoped client; undefined for an unscoped (full-access) one. */ readonly permissions: readonly P[] | undefined;
  /** One generic, never overloads; an endpoint the token may not call is a compile error. */
  request<N extends keyof E & string>(name: N & Allowed<E[N], P>, ...args: RequestArgs<E[N]>): Promise<E[N]['result']>;
}
/** `call` POSTs {origin}/api/{endpoint}; it rejects with the errors of errors.ts, or unsent with PermissionError outside its scope. */
export function createMisskeyClient<E extends EndpointMap = EndpointMap, P extends string = FullAccess>(options: ClientOptions<P>): MisskeyClient<E, P> {
  const url = new URL(String(options.origin));
  const { token, credential = 'body', scope, retry, validate } = options;
  const bad = [
    [!/^https?:$/.test(url.protocol), `origin must be an http(s) URL, not ${url.protocol}`],
    [token !== undefined && typeof token !== 'string', 'token must be a string'],
    [credential !== 'body' && credential !== 'header', "credential must be 'body' or 'header'"],
    [validate !== undefined && typeof validate !== 'function', 'validate must be a function: createValidator(resultSchemas)'],
    [credential === 'header' && token !== undefined && !fitsHeader(token), 'token contains characters not allowed in an HTTP header'],
  ].find(([wrong]) => wrong);
  if (bad) throw new TypeError(`ClientOptions.${bad[1]}`);
  const checkTimeout = (ms: number) => (atLeastZero(ms, 'timeoutMs') > 2_147_483_647 ? 0 : ms); // timers fire at once beyond 32 bits
  const [{ origin }, timeout, inBody] = [url, checkTimeout(options.timeoutMs ?? 60_000), credential === 'body'];
  const headers: Record<string, string> = {}; // lower-cased once: a plain object is far cheaper to spread per call than a Headers
  new Headers(options.headers).forEach((value, name) => (headers[name] = value)); // forEach: a consumer's lib may lack DOM.Iterable
  if (!inBody && token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const [jsonHeaders, formHeaders] = [{ ...headers, 'content-type': 'application/json' }, { ...headers }];
  delete formHeaders['content-type']; // fetch sets it, with the boundary

  const send = async (endpoint: string, params: object | undefined, { signal, timeoutMs = timeout }: CallOptions, multipart?: boolean): Promise<unknown> => {
    const fields: Record<string, unknown> = { ...params };
    if (fields['i'] !== undefined) throw new TypeError(`${endpoint}: params must not contain 'i'; pass the token as ClientOptions.token`);
    if (inBody && token !== undefined) fields['i'] = token;
    if (timeoutMs !== timeout) timeoutMs = checkTimeout(timeoutMs);
    const aborted = () => new AbortError(`${endpoint} aborted`, { endpoint, cause: scrub(signal?.reason, token) });
    if (signal?.aborted) throw aborted();
    const doFetch = options.fetch ?? globalThis.fetch;
    if (typeof doFetch !== 'function') throw new TypeError('no global fetch; pass ClientOptions.fetch');
    const form = multipart ?? hasFile(fields);
    const body = form ? formData(fields) : JSON.stringify(fields);
    const controller = new AbortController(); // aborted with the error the call ends with: the caller's signal, or the timeout
    let reject!: (error: Error) => void; // set below, before the signal or the timer can fire
    const stop = (error: Error) => {
      controller.abort(error);
      reject(error); // at once: also cuts off a fetch that ignores signals
    };
    const onAbort = () => stop(aborted());
    signal?.addEventListener('abort', onAbort, { once: true });
    const timedOut = () => stop(new TimeoutError(`${endpoint} timed out after ${timeoutMs} ms`, { endpoint, timeoutMs }));
    const timer = timeoutMs > 0 ? setTimeout(timedOut, timeoutMs) : undefined;
    let answer: [Response, string];
    try {
      answer = await new Promise<[Response, string]>((resolve, fail) => {
        reject = fail;
        // Unbound (a browser's fetch throws "Illegal invocation" otherwise); no redirects: POST would become GET, or the token go elsewhere.
        doFetch(`${origin}/api/${endpoint}`, { method: 'POST', headers: form ? formHeaders : jsonHeaders, body, signal: controller.signal, redirect: 'manual' }).then((r) => r.text().then((t) => resolve([r, t]), fail), fail);
      });
    } catch (e) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw new NetworkError(redact(`${endpoint} failed: ${describe(e)}`, token), { endpoint, cause: scrub(e, token) });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const result = readResponse(endpoint, answer[0], answer[1], token);
    validate?.(endpoint, result, (value) => scrub(value, token));
    return result;
  };
  const call = async (endpoint: string, params: object | undefined, callOptions: CallOptions = {}, multipart?: boolean): Promise<unknown> => {
    scope?.check(endpoint);
    const attempt = () => send(endpoint, params, callOptions, multipart);
    return retry ? retry.run({ endpoint, signal: callOptions.signal }, attempt) : attempt();
  };
  return Object.freeze({ origin, permissions: scope?.permissions, call, request: call }) as MisskeyClient<E, P>;
}

function readResponse(endpoint: string, { status, headers }: Response, text: string, token: string | undefined): unknown {
  if (status === 204) return undefined;
  const problem = (reason: UnexpectedReason, frameworkCode?: string, detail?: string) => {
    const contentType = headers.get('content-type') ?? undefined;
    const location = headers.get('location'); // usually a wrong origin (http → https, www…)
    const what = [`HTTP ${status}`, reason, reason !== 'not-misskey-error' && contentType, frameworkCode, location && `redirected to ${location}`];
    const message = `${endpoint} failed: unexpected response (${what.filter(Boolean).join(', ')})${detail ? ` — ${detail}` : ''}`;
    return new UnexpectedResponseError(redact(message, token), { endpoint, status, reason, contentType, excerpt: redact(text, token).slice(0, 200), frameworkCode });
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw problem(!/\S/.test(text) ? 'empty-body' : /json/i.test(headers.get('content-type') ?? '') ? 'invalid-json' : 'non-json');
  }
  if (status >= 200 && status < 300) return data;
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const { error, code, message } = (scrub(data, token) ?? {}) as Record<string, unknown>; // a failed call's body may echo the token
  const e = (typeof error === 'object' && error !== null && !Array.isArray(error) ? error : {}) as Record<string, unknown>;
  if (typeof e['code'] !== 'string') throw problem('not-misskey-error', str(code), str(message));
  const retryAfterMs = status === 429 ? retryAfter(headers.get('retry-after')) : undefined;
  throw new ApiError({ endpoint, status, error: { code: e['code'], id: str(e['id']), message: str(e['message']), kind: str(e['kind']), info: e['info'] }, retryAfterMs });
}
/** Asked of the platform, whose rule it is, with our message: fetch's own would quote the header, i.e. the token. */
function fitsHeader(value: string): boolean {
  try {
    return new Headers({ authorization: `Bearer ${value}` }).has('authorization');
  } catch {
    return false;
  }
}
function retryAfter(value: string | null): number | undefined {
  const ms = !value?.trim() ? NaN : isFinite(+value) ? +value * 1000 : Date.parse(value) - Date.now(); // seconds, or an HTTP date
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
