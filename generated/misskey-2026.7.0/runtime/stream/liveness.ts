// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Telling a dead socket from a quiet one, where pings may be invisible (docs/runtime.md, "How streaming works").
/** Time and randomness (in [0, 1), for backoff jitter), injectable so tests can drive backoff and liveness without waiting. */
export type StreamClock = { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void; random(): number };
type Limits = { connectTimeoutMs: number; deadAfterMs: number };
type Liveness = { opened(): void; traffic(now: number): string | null; stop(): void };

/** One timer per socket. `probe` sends one and returns its id (null: nothing to probe with); `traffic` returns the probe served. */
export function watch(clock: StreamClock, limits: Limits, pingsVisible: boolean, probe: () => string | null, dead: (why: string) => void): Liveness {
  const startedAt = clock.now();
  let [openedAt, lastTraffic, probeSentAt, probing, timer]: [number, number, number, string | null, unknown] = [0, 0, 0, null, undefined];
  const due = () => (!openedAt ? startedAt + limits.connectTimeoutMs : probing === null ? lastTraffic + limits.deadAfterMs : probeSentAt + 5_000);
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
    traffic: (now) => { const served = probing; [lastTraffic, probing] = [now, null]; return served; },
    stop: () => clock.clearTimeout(timer),
  };
}
