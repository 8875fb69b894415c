// Telling a dead socket from a quiet one. The server pings every 60 s; `ws` shows pings, browsers hide them,
// so there silence alone proves nothing: a quiet socket is first sent a probe the server answers.

/** Time and randomness, injectable so tests can drive backoff and liveness without waiting. */
export type StreamClock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** In [0, 1), for backoff jitter. */ random(): number;
};

export type LivenessHooks = {
  /** Sends a message the server answers, and returns its id; null when there is nothing to probe with. */ probe(): string | null;
  /** The socket is dead: replace it. */ dead(why: string): void;
};

const PROBE_TIMEOUT_MS = 5_000;

/** One timer per socket: open within `connectTimeoutMs`, then never silent for `deadAfterMs` (plus an unanswered probe). */
export class Liveness {
  readonly #startedAt: number;
  #openedAt = 0;
  #lastTraffic = 0;
  /** The id of an unanswered probe, and when it was sent. */ #probe: string | null = null;
  #probeSentAt = 0;
  #timer: unknown = null;
  readonly clock: StreamClock;
  readonly limits: { connectTimeoutMs: number; deadAfterMs: number };
  readonly pingsVisible: boolean;
  readonly hooks: LivenessHooks;

  constructor(clock: StreamClock, limits: { connectTimeoutMs: number; deadAfterMs: number }, pingsVisible: boolean, hooks: LivenessHooks) {
    [this.clock, this.limits, this.pingsVisible, this.hooks] = [clock, limits, pingsVisible, hooks];
    this.#startedAt = clock.now();
    this.#arm();
  }

  opened(): void {
    this.#openedAt = this.#lastTraffic = this.clock.now();
    this.#arm();
  }

  /** Any traffic proves the socket alive; returns the probe that has served, for the caller to let go. */
  traffic(now: number): string | null {
    this.#lastTraffic = now;
    const probe = this.#probe;
    this.#probe = null;
    return probe;
  }

  stop(): void {
    this.clock.clearTimeout(this.#timer);
  }

  #due(): number {
    if (!this.#openedAt) return this.#startedAt + this.limits.connectTimeoutMs;
    return this.#probe === null ? this.#lastTraffic + this.limits.deadAfterMs : this.#probeSentAt + PROBE_TIMEOUT_MS;
  }

  #arm(): void {
    this.stop();
    this.#timer = this.clock.setTimeout(() => {
      const now = this.clock.now();
      if (now < this.#due()) return this.#arm();
      if (this.#openedAt && !this.pingsVisible && this.#probe === null && (this.#probe = this.hooks.probe()) !== null) {
        this.#probeSentAt = now;
        return this.#arm();
      }
      const probed = this.#probe === null ? '' : ', not even a reply to a probe';
      this.hooks.dead(this.#openedAt ? `no traffic for ${now - this.#lastTraffic} ms${probed}` : `not open after ${now - this.#startedAt} ms`);
    }, Math.max(0, this.#due() - this.clock.now()));
  }
}
