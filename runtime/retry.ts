/**
 * Retries as a policy: plain data (how often, how long, for which endpoints) and the loop that applies
 * it. A client carries no retry code unless it is given a policy: `retry: retryPolicy({ limit: 3 })`.
 */
import { ApiError, NetworkError, TimeoutError, UnexpectedResponseError } from './errors.js';
import { ruleOf, type EndpointRule, type EndpointRules } from './scope.js';

export type RetryReason = 'rate-limit' | 'server' | 'network' | 'timeout';

export interface RetryEvent {
  readonly endpoint: string;
  /** 1 for the first retry. */
  readonly attempt: number;
  readonly reason: RetryReason;
  /** How long the policy waits before the retry. */
  readonly delayMs: number;
  /** What the previous attempt failed with. */
  readonly error: unknown;
}

export interface RetryOptions {
  /** Retries per call, after the first attempt. Default 2. */
  limit?: number | undefined;
  /**
   * Retries this policy may spend across all its calls; each success earns back a tenth of one.
   * Keeps a failing server from being hit `limit + 1` times by every call. Default 10.
   */
  budget?: number | undefined;
  /** Longest wait a 429 may ask for (Retry-After or `info.resetMs`); asking for more fails at once. Default 60 000. */
  maxWaitMs?: number | undefined;
  /** Backoff before the first retry of an error without a server hint; doubles each retry, fully jittered. Default 500. */
  backoffMs?: number | undefined;
  /** Cap of the backoff. Default 10 000. */
  maxBackoffMs?: number | undefined;
  /**
   * Also retry network errors, timeouts and 5xx of endpoints that may change state: true, or a list of
   * endpoint names. Default false: such a call may have taken effect, and a retry would do it twice.
   */
  retryWrites?: boolean | readonly string[] | undefined;
  /**
   * Per-endpoint access rules (the generated `endpointMeta`; a generated package's `retries()` passes
   * it): how reads are told from writes. Without them every endpoint counts as a write.
   */
  rules?: EndpointRules | undefined;
  /** Called before each retry. Throwing ends the call with that error. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Injectable for tests and odd hosts: [0, 1) like Math.random, epoch ms like Date.now, a wait that ends early on abort. */
  random?: (() => number) | undefined;
  now?: (() => number) | undefined;
  sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
}

/** The call a policy is asked to repeat. */
export interface RetryCall {
  readonly endpoint: string;
  readonly signal?: AbortSignal | undefined;
}

export interface RetryPolicy {
  readonly limit: number;
  readonly budget: number;
  readonly maxWaitMs: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly retryWrites: boolean | readonly string[];
  /** Runs `attempt` until it succeeds, fails in a way this policy does not retry, or runs out of retries. */
  run<T>(call: RetryCall, attempt: () => Promise<T>): Promise<T>;
}

// Counted in tenths of a retry, so ten successes earn back exactly one.
const TENTHS = 10;
// setTimeout fires at once for delays that do not fit in 32 bits.
const MAX_TIMER_MS = 2_147_483_647;
// A `resetMs` below this is a duration (some forks), above it an epoch time (Misskey).
const EPOCH_MS_THRESHOLD = 1e11;

/**
 * On 429, waits as long as the server asks (bounded by `maxWaitMs`) and retries any endpoint: the
 * server refused before running it. Network errors, timeouts and 5xx are retried with jittered
 * exponential backoff only for endpoints that cannot change state (no credential, or a `read:`
 * permission), unless `retryWrites` says otherwise. One budget per policy: share a policy to share it.
 */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const limit = count('limit', options.limit ?? 2);
  const budget = count('budget', options.budget ?? 10);
  const maxWaitMs = count('maxWaitMs', options.maxWaitMs ?? 60_000);
  const backoffMs = count('backoffMs', options.backoffMs ?? 500);
  const maxBackoffMs = count('maxBackoffMs', options.maxBackoffMs ?? 10_000);
  const retryWrites = Array.isArray(options.retryWrites)
    ? Object.freeze([...(options.retryWrites as readonly string[])])
    : options.retryWrites === true;
  const { rules, onRetry, random = Math.random, now = Date.now, sleep = wait } = options;
  let tenths = budget * TENTHS;

  const delayFor = (error: unknown, reason: RetryReason, retry: number): number | undefined => {
    if (reason === 'rate-limit') {
      const hint = rateLimitHint(error, now());
      if (hint !== undefined) return hint > maxWaitMs ? undefined : Math.min(maxWaitMs, hint * (1 + 0.1 * random()));
    }
    // Full jitter: clients that failed together do not come back together.
    return random() * Math.min(maxBackoffMs, backoffMs * 2 ** retry);
  };

  return Object.freeze({
    limit,
    budget,
    maxWaitMs,
    backoffMs,
    maxBackoffMs,
    retryWrites,
    async run<T>(call: RetryCall, attempt: () => Promise<T>): Promise<T> {
      for (let retry = 0; ; retry++) {
        try {
          const result = await attempt();
          tenths = Math.min(budget * TENTHS, tenths + 1);
          return result;
        } catch (error) {
          const reason = classify(error);
          if (reason === undefined || retry >= limit || tenths < TENTHS || call.signal?.aborted) throw error;
          if (reason !== 'rate-limit' && mayChangeState(ruleOf(rules, call.endpoint)) && !writesAllowed(retryWrites, call.endpoint))
            throw error;
          const delayMs = delayFor(error, reason, retry);
          if (delayMs === undefined) throw error;
          tenths -= TENTHS;
          onRetry?.({ endpoint: call.endpoint, attempt: retry + 1, reason, delayMs, error });
          // Ends early on abort; the next attempt then fails with the client's own AbortError.
          await sleep(Math.min(delayMs, MAX_TIMER_MS), call.signal);
        }
      }
    },
  });
}

/** False only for endpoints known to be reads: no credential, or a `read:` permission. */
export function mayChangeState(rule: EndpointRule | undefined): boolean {
  if (!rule) return true;
  return rule.credential && !(rule.permission?.startsWith('read:') ?? false);
}

function writesAllowed(retryWrites: boolean | readonly string[], endpoint: string): boolean {
  return typeof retryWrites === 'boolean' ? retryWrites : retryWrites.includes(endpoint);
}

function classify(error: unknown): RetryReason | undefined {
  if (error instanceof ApiError || error instanceof UnexpectedResponseError) {
    if (error.status === 429) return 'rate-limit';
    return error.status >= 500 ? 'server' : undefined;
  }
  if (error instanceof TimeoutError) return 'timeout';
  if (error instanceof NetworkError) return 'network';
  return undefined;
}

/** How long a 429 asks to wait: `Retry-After`, else the rate-limit info's `resetMs`. */
function rateLimitHint(error: unknown, now: number): number | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  const info = error.info;
  const resetMs = typeof info === 'object' && info !== null ? (info as { resetMs?: unknown }).resetMs : undefined;
  if (typeof resetMs !== 'number' || !Number.isFinite(resetMs)) return undefined;
  return Math.max(0, resetMs > EPOCH_MS_THRESHOLD ? resetMs - now : resetMs);
}

function count(name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
    throw new RangeError(`RetryOptions.${name} must be a finite number ≥ 0`);
  }
  return value;
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
