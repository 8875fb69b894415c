// MiAuth: how an app gets a token for any user. Send the browser to `session.url`, then poll `waitForMiAuth(session)`.
import { createMisskeyClient } from './http/client.js';
import { AbortError, TimeoutError, UnexpectedResponseError, atLeastZero } from './http/errors.js';
import { retryReason, wait } from './http/retry.js';

export interface MiAuthRequest<P extends string = string> {
  /** 'https://misskey.example'; any path is ignored. */ origin: string | URL;
  /** The app name shown on the approval page. */ name?: string | undefined;
  /** URL of the app icon shown on the approval page. */ icon?: string | undefined;
  /** Where the browser goes after approval, with `?session=…` added. */ callback?: string | undefined;
  /** The server silently drops permissions it does not know, so the token may hold fewer. */ permissions?: readonly P[] | undefined;
}
/** `url`: the page to open in the user's browser. */
export interface MiAuthSession<P extends string = string> { readonly session: string; readonly url: string; readonly permissions: readonly P[]; readonly origin: string }
export type MiAuthCheck<U> = { ok: false } | { ok: true; token: string; user: U };
/** `timeoutMs`: for this one request, default 30 000. */
export interface MiAuthCheckOptions { fetch?: typeof fetch | undefined; signal?: AbortSignal | undefined; timeoutMs?: number | undefined }
export interface MiAuthWaitOptions extends Omit<MiAuthCheckOptions, 'timeoutMs'> {
  /** Pause between checks. Default 2 000. */ intervalMs?: number | undefined;
  /** How long to wait for the user to approve. Default 300 000 (5 minutes). */ timeoutMs?: number | undefined;
}
/** A new session with a fresh random id: never reuse one. */
export function createMiAuthSession<P extends string>(request: MiAuthRequest<P>): MiAuthSession<P> {
  const { origin } = createMisskeyClient({ origin: request.origin });
  const permissions = [...(request.permissions ?? [])];
  const bad = permissions.find((p) => typeof p !== 'string' || p === '' || p.includes(','));
  if (bad !== undefined) throw new TypeError(`invalid permission ${JSON.stringify(bad)}`);
  const session = crypto.randomUUID();
  const fields: [string, string | undefined][] = [['name', request.name], ['icon', request.icon], ['callback', request.callback], ['permission', permissions.join(',')]];
  // ':' and ',' are legal in a query; kept readable, the URL is easier to check by eye.
  const query = fields.filter(([, value]) => value).map(([key, value]) => `${key}=${encodeURIComponent(value!).replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`);
  const url = `${origin}/miauth/${session}${query.length ? `?${query.join('&')}` : ''}`;
  return Object.freeze({ session, url, permissions: Object.freeze(permissions), origin });
}
/** One check; `{ok: true}` comes only once on current servers (2026.7.0): a second check says `{ok: false}`. */
export async function checkMiAuth<U = unknown>(session: MiAuthSession, options: MiAuthCheckOptions = {}): Promise<MiAuthCheck<U>> {
  if (!/^[\w-]+$/.test(session.session)) throw new TypeError('invalid MiAuth session id');
  const { fetch, signal, timeoutMs = 30_000 } = options;
  const client = createMisskeyClient({ origin: session.origin, timeoutMs, ...(fetch ? { fetch } : {}) });
  const endpoint = `miauth/${session.session}/check`;
  const body = ((await client.call(endpoint, {}, { signal })) ?? {}) as Record<string, unknown>;
  if (body['ok'] === true && typeof body['token'] === 'string' && body['token'] !== '') return { ok: true, token: body['token'], user: body['user'] as U };
  if (body['ok'] === false) return { ok: false };
  const message = `${endpoint} failed: unexpected response (expected {ok: boolean, token?: string})`; // no excerpt: it may hold a token
  throw new UnexpectedResponseError(message, { endpoint, status: 200, reason: 'invalid-json', contentType: undefined, excerpt: '', frameworkCode: undefined });
}
/** Polls until the user approves; a check in flight at `timeoutMs` may finish, so a token granted last moment is not lost (docs/runtime.md). */
export async function waitForMiAuth<U = unknown>(session: MiAuthSession, options: MiAuthWaitOptions = {}): Promise<{ token: string; user: U }> {
  const { intervalMs = 2_000, timeoutMs = 300_000, signal } = options;
  for (const [name, value] of Object.entries({ intervalMs, timeoutMs })) atLeastZero(value, name, true);
  const [endpoint, deadline] = ['miauth/check', Date.now() + timeoutMs];
  for (let failures = 0; ; ) {
    if (signal?.aborted) throw new AbortError('waiting for MiAuth approval aborted', { endpoint, cause: signal.reason });
    try {
      const result = await checkMiAuth<U>(session, { fetch: options.fetch, signal });
      if (result.ok) return { token: result.token, user: result.user };
      failures = 0;
    } catch (error) {
      if ([undefined, 'rate-limit'].includes(retryReason(error)) || ++failures >= 3) throw error; // a blip or a restart does not end the wait
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new TimeoutError(`MiAuth was not approved within ${timeoutMs / 1000} s`, { endpoint, timeoutMs });
    await wait(Math.min(intervalMs, left), signal); // ends early on abort, checked at the top
  }
}
