// Compiled (not run) by unlisted.test.ts against the committed reference package. Every
// `@ts-expect-error` must be needed: an unused one is itself a compile error (TS2578).
import { createClient, requestUnlisted, type Client } from '../../generated/misskey-2026.7.0/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

interface SigninParams {
  username: string;
  password: string;
  token?: string;
}
interface SigninResult {
  id: string;
  i: string;
}

const client: Client = createClient({ origin: 'https://misskey.example', token: 'TOKEN' });

export async function untypedByDefault(): Promise<void> {
  const result = await requestUnlisted(client, 'signin', { username: 'alice', password: 'pw' });
  assertType<Equals<typeof result, unknown>>();
  // @ts-expect-error the result is unknown until the caller says what it is
  void result.id;
  await requestUnlisted(client, 'fork/ping');
  await requestUnlisted(client, 'fork/ping', undefined, { timeoutMs: 1000, signal: AbortSignal.timeout(5000) });
}

export async function typedByTheCaller(): Promise<void> {
  const session = await requestUnlisted<SigninResult, SigninParams>(client, 'signin', { username: 'alice', password: 'pw' });
  assertType<Equals<typeof session, SigninResult>>();
  const id: string = session.id;
  void id;
  // @ts-expect-error password is required by the caller's params type
  await requestUnlisted<SigninResult, SigninParams>(client, 'signin', { username: 'alice' });
  // @ts-expect-error username is a string
  await requestUnlisted<SigninResult, SigninParams>(client, 'signin', { username: 1, password: 'pw' });
  // @ts-expect-error no such field in the result
  void session.token;
  // Only the result typed: params are any object.
  const r = await requestUnlisted<{ ok: boolean }>(client, 'miauth/abc/check');
  assertType<Equals<typeof r, { ok: boolean }>>();
}

export async function misuse(): Promise<void> {
  // @ts-expect-error the name is a string
  await requestUnlisted(client, 42);
  // @ts-expect-error params are an object
  await requestUnlisted(client, 'signin', 'alice');
  // @ts-expect-error options are CallOptions
  await requestUnlisted(client, 'signin', {}, { retries: 3 });
}
