/**
 * `POST /__mock/{action}`: what the library API does, for a mock run from the command line (a bot
 * in any language can drive its own test): faults, a restart, a note posted, a MiAuth approval.
 * Outside `/api/`, so no spec's endpoint can collide with it. Bodies are JSON; answers are JSON.
 */
import { isObject } from '../model/json.js';

export interface ControlTarget {
  rateLimit(fault: { endpoint?: string; times?: number; retryAfter?: number }): void;
  slow(ms: number): void;
  badGateway(times?: number): void;
  clear(): void;
  restart(downMs: number): void;
  post(text: string | null, user?: string): { id: string };
  approve(session: string, user?: string, permissions?: string[]): void;
}

export const CONTROL_PREFIX = '/__mock/';

const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Action → what it does with the body; the answer is `{ ok: true, ... }`. */
const ACTIONS: ReadonlyMap<string, (target: ControlTarget, body: Record<string, unknown>) => Record<string, unknown>> = new Map([
  ['rate-limit', (t, b) => (t.rateLimit({ endpoint: text(b['endpoint']), times: number(b['times']), retryAfter: number(b['retryAfter']) }), {})],
  ['slow', (t, b) => (t.slow(number(b['ms']) ?? 0), {})],
  ['bad-gateway', (t, b) => (t.badGateway(number(b['times'])), {})],
  ['clear', (t) => (t.clear(), {})],
  ['restart', (t, b) => (t.restart(number(b['downMs']) ?? 1000), {})],
  ['post', (t, b) => ({ note: t.post(text(b['text']) ?? null, text(b['user'])) })],
  ['approve', (t, b) => (t.approve(text(b['session']) ?? '', text(b['user']), Array.isArray(b['permissions']) ? b['permissions'].filter((p): p is string => typeof p === 'string') : undefined), {})],
]);

/** The answer to a control request: status and JSON body. */
export function control(target: ControlTarget, action: string, body: unknown): { status: number; body: unknown } {
  const run = ACTIONS.get(action);
  if (run === undefined) return { status: 404, body: { ok: false, error: `no mock action ${JSON.stringify(action)}; there are ${[...ACTIONS.keys()].join(', ')}` } };
  try {
    return { status: 200, body: { ok: true, ...run(target, isObject(body) ? body : {}) } };
  } catch (error) {
    return { status: 400, body: { ok: false, error: error instanceof Error ? error.message : String(error) } };
  }
}
