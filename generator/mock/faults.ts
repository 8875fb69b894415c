/**
 * Faults on demand, for testing a client's resilience: rate limits (429 with `Retry-After`), slow
 * answers, and the HTML 502 a proxy sends when the server behind it is down. A restart (sockets
 * dropped, connections refused for a while) is the server's own (server.ts), since it owns the sockets.
 */
import type { Endpoint } from '../model/types.js';
import { refusal, type Refusal } from './access.js';

export interface RateLimitFault {
  /** Only this endpoint; default every one. */
  endpoint?: string | undefined;
  /** How many calls get a 429. Default 1. */
  times?: number | undefined;
  /** Seconds, sent as `Retry-After`. Default 1. */
  retryAfter?: number | undefined;
}

export type Fault = { kind: 'rate-limit'; refusal: Refusal; retryAfter: number } | { kind: 'bad-gateway' };

/** The page nginx sends for a 502: what a client sees when the server behind its proxy is down. */
export const BAD_GATEWAY_HTML = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export class Faults {
  #rateLimits: { endpoint: string | undefined; left: number; retryAfter: number }[] = [];
  #badGateway = 0;
  #delayMs = 0;

  rateLimit(fault: RateLimitFault = {}): void {
    this.#rateLimits.push({ endpoint: fault.endpoint, left: fault.times ?? 1, retryAfter: fault.retryAfter ?? 1 });
  }

  /** The next `times` API calls get an HTML 502. */
  badGateway(times = 1): void {
    this.#badGateway += times;
  }

  /** Every API answer waits this long first (0: none). */
  slow(ms: number): void {
    this.#delayMs = ms;
  }

  get delayMs(): number {
    return this.#delayMs;
  }

  /** Forgets every fault. */
  clear(): void {
    this.#rateLimits = [];
    this.#badGateway = 0;
    this.#delayMs = 0;
  }

  /** The fault this call meets, if any (used up by it). */
  take(endpoint: Endpoint): Fault | undefined {
    if (this.#badGateway > 0) {
      this.#badGateway -= 1;
      return { kind: 'bad-gateway' };
    }
    const limit = this.#rateLimits.find((r) => r.left > 0 && (r.endpoint === undefined || r.endpoint === endpoint.name));
    if (limit === undefined) return undefined;
    limit.left -= 1;
    const resetMs = Date.now() + limit.retryAfter * 1000;
    const info = { remaining: 0, reset: Math.ceil(limit.retryAfter), resetMs, total: 1 };
    return { kind: 'rate-limit', refusal: refusal(endpoint, 'RATE_LIMIT_EXCEEDED', info), retryAfter: limit.retryAfter };
  }
}
