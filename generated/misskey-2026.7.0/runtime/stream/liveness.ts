// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Telling a dead socket from a quiet one. The server pings every 60 s; `ws` shows pings, browsers hide them, so there
// silence alone proves nothing: a quiet socket is first sent a probe the server answers, and replaced only if it does not.

/** Time and randomness (in [0, 1), for backoff jitter), injectable so tests can drive backoff and liveness without waiting. */
export type StreamClock = { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void; random(): number };

export type Liveness = {
  opened(): void;
  /** Any traffic proves the socket alive: returns the probe that has served, for the caller to let go. */
  traffic(now: number): string | null;
  stop(): void;
};

/**
 * One timer per socket: open within `connectTimeoutMs`, then never silent for `deadAfterMs`, plus 5 s for an
 * unanswered probe where pings are invisible. `probe` sends one and returns its id (null: nothing to probe with).
 */
export function watch(
  clock: StreamClock,
  { connectTimeoutMs, deadAfterMs }: { connectTimeoutMs: number; deadAfterMs: number },
  pingsVisible: boolean,
  probe: () => string | null,
  dead: (why: string) => void,
): Liveness {
  const startedAt = clock.now();
  let [openedAt, lastTraffic, probeSentAt] = [0, 0, 0];
  let probing: string | null = null;
  let timer: unknown;
  const due = () => (!openedAt ? startedAt + connectTimeoutMs : probing === null ? lastTraffic + deadAfterMs : probeSentAt + 5_000);
  const arm = (): void => {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      const now = clock.now();
      if (now < due()) return arm();
      if (openedAt && !pingsVisible && probing === null && (probing = probe()) !== null) return void ((probeSentAt = now), arm());
      const unanswered = probing === null ? '' : ', not even a reply to a probe';
      dead(openedAt ? `no traffic for ${now - lastTraffic} ms${unanswered}` : `not open after ${now - startedAt} ms`);
    }, Math.max(0, due() - clock.now()));
  };

  arm();
  return {
    opened: () => ((openedAt = lastTraffic = clock.now()), arm()),
    traffic(now) {
      const served = probing;
      [lastTraffic, probing] = [now, null];
      return served;
    },
    stop: () => clock.clearTimeout(timer),
  };
}
