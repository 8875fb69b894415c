// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Retries as a policy: plain data (how often, how long, for which endpoints) and the loop that applies it (docs/runtime.md, "Retries").
import { ApiError, NetworkError, TimeoutError, UnexpectedResponseError, atLeastZero } from './errors.js';
import { ruleOf, type EndpointRule, type EndpointRules } from './scope.js';

export type RetryReason = 'rate-limit' | 'server' | 'network' | 'timeout';
/** Before a retry: `attempt` is 1 for the first, `delayMs` the wait before it, `error` what the previous attempt failed with. */
export interface RetryEvent { readonly endpoint: string; readonly attempt: number; readonly reason: RetryReason; readonly delayMs: number; readonly error: unknown }
export interface RetryOptions {
  /** Retries per call, after the first attempt. Default 2. */ limit?: number | undefined;
  /** Retries for all calls of the policy; each success earns back a tenth. Default 10. */ budget?: number | undefined;
  /** Longest wait a 429 may ask for; asking for more fails at once. Default 60 000. */ maxWaitMs?: number | undefined;
  /** Backoff before the first retry without a server hint; doubles each retry, fully jittered. Default 500. */ backoffMs?: number | undefined;
  /** Cap of the backoff. Default 10 000. */ maxBackoffMs?: number | undefined;
  /** Also retry failed writes (they might happen twice): true, or endpoint names. Default false. */ retryWrites?: boolean | readonly string[] | undefined;
  /** Per-endpoint rules (`endpointMeta`, which `retries()` passes) telling reads from writes. Without them, all are writes. */ rules?: EndpointRules | undefined;
  /** Called before each retry. Throwing ends the call with that error. */ onRetry?: ((event: RetryEvent) => void) | undefined;
  /** For tests and odd hosts: [0, 1) like Math.random, epoch ms like Date.now, a wait that ends early on abort. */ random?: (() => number) | undefined;
  now?: (() => number) | undefined; sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
}
/** The call a policy is asked to repeat. */ export interface RetryCall { readonly endpoint: string; readonly signal?: AbortSignal | undefined }
export interface RetryPolicy {
  readonly limit: number; readonly budget: number; readonly maxWaitMs: number; readonly backoffMs: number; readonly maxBackoffMs: number;
  readonly retryWrites: boolean | readonly string[];
  /** Runs `attempt` until it succeeds, fails in a way this policy does not retry, or runs out of retries. */ run<T>(call: RetryCall, attempt: () => Promise<T>): Promise<T>;
}
/** Retries a 429 for any endpoint, other failures only for reads unless `retryWrites` says so. One budget per policy: share it to share. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const count = (name: keyof RetryOptions, fallback: number) => atLeastZero(options[name] ?? fallback, `RetryOptions.${name}`, true);
  const [limit, budget, maxWaitMs, backoffMs, maxBackoffMs] = [count('limit', 2), count('budget', 10), count('maxWaitMs', 60_000), count('backoffMs', 500), count('maxBackoffMs', 10_000)];
  const retryWrites = Array.isArray(options.retryWrites) ? Object.freeze([...(options.retryWrites as readonly string[])]) : options.retryWrites === true;
  const { rules, onRetry, random = Math.random, now = Date.now, sleep = wait } = options;
  let tenths = budget * 10; // in tenths of a retry, so ten successes earn back exactly one
  const mayRetry = (reason: RetryReason, endpoint: string): boolean =>
    reason === 'rate-limit' || !mayChangeState(ruleOf(rules, endpoint)) || retryWrites === true || (retryWrites !== false && retryWrites.includes(endpoint));
  const delayFor = (error: unknown, reason: RetryReason, retry: number): number | undefined => {
    const limited = error instanceof ApiError && reason === 'rate-limit' ? error : undefined;
    const resetMs = (limited?.info as { resetMs?: unknown } | null | undefined)?.resetMs; // when no Retry-After (docs/runtime.md)
    const reset = typeof resetMs === 'number' && Number.isFinite(resetMs) ? Math.max(0, resetMs > 1e11 ? resetMs - now() : resetMs) : undefined;
    const hint = limited?.retryAfterMs ?? reset;
    if (hint !== undefined) return hint > maxWaitMs ? undefined : Math.min(maxWaitMs, hint * (1 + 0.1 * random()));
    return random() * Math.min(maxBackoffMs, backoffMs * 2 ** retry); // full jitter: who failed together comes back apart
  };
  return Object.freeze({
    limit, budget, maxWaitMs, backoffMs, maxBackoffMs, retryWrites,
    async run<T>(call: RetryCall, attempt: () => Promise<T>): Promise<T> {
      for (let retry = 0; ; retry++) {
        try {
          const result = await attempt();
          tenths = Math.min(budget * 10, tenths + 1);
          return result;
        } catch (error) {
          const reason = retryReason(error);
          if (reason === undefined || retry >= limit || tenths < 10 || call.signal?.aborted || !mayRetry(reason, call.endpoint)) throw error;
          const delayMs = delayFor(error, reason, retry);
          if (delayMs === undefined) throw error;
          tenths -= 10;
          onRetry?.({ endpoint: call.endpoint, attempt: retry + 1, reason, delayMs, error });
          await sleep(Math.min(delayMs, 2_147_483_647), call.signal); // ends early on abort: the next attempt then fails with AbortError
        }
      }
    },
  });
}
/** False only for endpoints known to be reads: no credential, or a `read:` permission. */
export function mayChangeState(rule: EndpointRule | undefined): boolean {
  return !rule || (rule.credential && !rule.permission?.startsWith('read:'));
}
/** Why a failed call may be worth retrying (a 429, a 5xx, the network, a timeout); undefined when it is not. */
export function retryReason(error: unknown): RetryReason | undefined {
  if (error instanceof ApiError || error instanceof UnexpectedResponseError) return error.status === 429 ? 'rate-limit' : error.status >= 500 ? 'server' : undefined;
  return error instanceof TimeoutError ? 'timeout' : error instanceof NetworkError ? 'network' : undefined;
}
/** Resolves after `ms`, or at once when `signal` aborts. */
export function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), signal?.removeEventListener('abort', done), resolve());
    const timer = setTimeout(done, ms);
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done, { once: true });
  });
}
