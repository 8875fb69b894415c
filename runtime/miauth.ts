/**
 * MiAuth: how an app gets an access token for any user. Send the user's browser to `session.url`,
 * then poll `waitForMiAuth(session)` (or call `checkMiAuth` when your callback URL is hit).
 */
import { MisskeyClient } from './client.js';
import { AbortError, ApiError, NetworkError, TimeoutError, UnexpectedResponseError } from './errors.js';

export interface MiAuthRequest<P extends string = string> {
  /** 'https://misskey.example'; any path is ignored. */
  origin: string | URL;
  /** The app name shown on the approval page. */
  name?: string | undefined;
  /** URL of the app icon shown on the approval page. */
  icon?: string | undefined;
  /** Where the browser goes after approval, with `?session=…` added. */
  callback?: string | undefined;
  /** The server silently drops permissions it does not know, so the token may hold fewer. */
  permissions?: readonly P[] | undefined;
}

export interface MiAuthSession<P extends string = string> {
  readonly session: string;
  /** The page to open in the user's browser. */
  readonly url: string;
  readonly permissions: readonly P[];
  readonly origin: string;
}

export type MiAuthCheck<U> = { ok: false } | { ok: true; token: string; user: U };

export interface MiAuthCheckOptions {
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
  /** For this one request. Default 30 000. */
  timeoutMs?: number | undefined;
}

export interface MiAuthWaitOptions {
  /** Pause between checks. Default 2 000. */
  intervalMs?: number | undefined;
  /** How long to wait for the user to approve. Default 300 000 (5 minutes). */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  fetch?: typeof fetch | undefined;
}

const CHECK_TIMEOUT_MS = 30_000;
// Network blips while the user takes their time should not end the wait; a dead server should.
const MAX_CONSECUTIVE_FAILURES = 3;

/** A new session with a fresh random id: never reuse one. */
export function createMiAuthSession<P extends string>(request: MiAuthRequest<P>): MiAuthSession<P> {
  const origin = new URL(String(request.origin));
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
    throw new TypeError(`origin must be an http(s) URL, not ${origin.protocol}`);
  }
  const permissions = [...(request.permissions ?? [])];
  for (const p of permissions) {
    if (typeof p !== 'string' || p === '' || p.includes(','))
      throw new TypeError(`invalid permission ${JSON.stringify(p)}`);
  }
  const session = crypto.randomUUID();
  const query: string[] = [];
  const add = (key: string, value: string | undefined) => {
    // ':' and ',' are legal in a query; keeping them readable makes the URL easier to check by eye.
    if (value === undefined || value === '') return;
    query.push(`${key}=${encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`);
  };
  add('name', request.name);
  add('icon', request.icon);
  add('callback', request.callback);
  add('permission', permissions.join(','));
  const url = `${origin.origin}/miauth/${session}${query.length ? `?${query.join('&')}` : ''}`;
  return Object.freeze({ session, url, permissions: Object.freeze(permissions), origin: origin.origin });
}

/**
 * One `POST {origin}/api/miauth/{session}/check`. `{ok: true}` comes only once on current servers
 * (2026.7.0): keep the token from the first success, a second check says `{ok: false}`.
 */
export async function checkMiAuth<U = unknown>(
  session: MiAuthSession,
  options: MiAuthCheckOptions = {},
): Promise<MiAuthCheck<U>> {
  if (!/^[\w-]+$/.test(session.session)) throw new TypeError('invalid MiAuth session id');
  const client = new MisskeyClient({
    origin: session.origin,
    timeoutMs: options.timeoutMs ?? CHECK_TIMEOUT_MS,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const endpoint = `miauth/${session.session}/check`;
  const data = await client.call(endpoint, {}, { signal: options.signal });
  const body = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  if (body['ok'] === true && typeof body['token'] === 'string' && body['token'] !== '') {
    return { ok: true, token: body['token'], user: body['user'] as U };
  }
  if (body['ok'] === false) return { ok: false };
  // No excerpt: the body may hold a token in an unexpected place.
  throw new UnexpectedResponseError(
    `${endpoint} failed: unexpected response (expected {ok: boolean, token?: string})`,
    {
      endpoint,
      status: 200,
      reason: 'invalid-json',
    },
  );
}

/**
 * Polls until the user approves, and returns the token of the FIRST successful check. A check in
 * flight when `timeoutMs` runs out may finish (within its own 30 s limit), so a token granted at the
 * last moment is not lost: the server hands it out only once.
 * Rejects with TimeoutError, AbortError, or the error of a check that failed for good.
 */
export async function waitForMiAuth<U = unknown>(
  session: MiAuthSession,
  options: MiAuthWaitOptions = {},
): Promise<{ token: string; user: U }> {
  const { intervalMs = 2_000, timeoutMs = 300_000, signal } = options;
  for (const [name, value] of [
    ['intervalMs', intervalMs],
    ['timeoutMs', timeoutMs],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new RangeError(`${name} must be a finite number ≥ 0`);
  }
  const endpoint = 'miauth/check';
  const deadline = Date.now() + timeoutMs;
  let failures = 0;
  for (;;) {
    if (signal?.aborted)
      throw new AbortError('waiting for MiAuth approval aborted', { endpoint, cause: signal.reason });
    try {
      const result = await checkMiAuth<U>(session, { fetch: options.fetch, signal });
      if (result.ok) return { token: result.token, user: result.user };
      failures = 0;
    } catch (error) {
      if (!isTransient(error) || ++failures >= MAX_CONSECUTIVE_FAILURES) throw error;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new TimeoutError(`MiAuth was not approved within ${timeoutMs / 1000} s`, { endpoint, timeoutMs });
    }
    await sleep(Math.min(intervalMs, left), signal, endpoint);
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true;
  // A restarting server or a proxy in front of it answers 5xx for a moment.
  return (error instanceof ApiError || error instanceof UnexpectedResponseError) && error.status >= 500;
}

function sleep(ms: number, signal: AbortSignal | undefined, endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('waiting for MiAuth approval aborted', { endpoint, cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
