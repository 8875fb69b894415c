/**
 * Calls the endpoints the plan allows, through the package runtime's own client (same transport,
 * errors and token handling as a generated package), and checks each answer against the server's
 * own spec with the runtime validator.
 */
import { createMisskeyClient } from '../../runtime/http/client.js';
import { ApiError, NetworkError, TimeoutError, scrub } from '../../runtime/http/errors.js';
import { validateResult, type ValidationMismatch, type ValidationSchemas } from '../../runtime/validate.js';
import type { ApiModel } from '../model/types.js';
import { validationData } from '../model/validation-data.js';
import { notAllowedReason } from './not-allowed.js';
import { planProbe, type PlannedCall, type Skipped } from './plan.js';

export interface ProbeServerOptions {
  /** 'https://misskey.example' */
  origin: string;
  token?: string | undefined;
  /** Per call. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Calls in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Put the received value on each mismatch (token redacted). */
  includeValues?: boolean | undefined;
  fetch?: typeof fetch | undefined;
}

/**
 * How a call failed. 'api': the server answered with a Misskey error (a 500, a rate limit, a rejected
 * token…; those in NOT_ALLOWED make the result 'not-allowed' instead of 'failed'). 'no-answer':
 * network, timeout. 'unexpected': an answer that is not Misskey's (a framework 404 for an endpoint the
 * spec lists, HTML…).
 */
export type FailureKind = 'api' | 'no-answer' | 'unexpected';

export interface ProbeFailure {
  kind: FailureKind;
  name: string;
  message: string;
  code?: string;
  status?: number;
}

/**
 * 'not-allowed': the server refused this account or token (see ./not-allowed.ts): neither drift nor a
 * failure, and nothing was checked.
 */
export type ProbeStatus = 'passed' | 'mismatched' | 'failed' | 'not-allowed';

export interface ProbeResult {
  endpoint: string;
  status: ProbeStatus;
  authenticated: boolean;
  params: Record<string, unknown>;
  ms: number;
  mismatches: ValidationMismatch[];
  error?: ProbeFailure;
}

export interface ProbeReport {
  origin: string;
  server: { software: string; version: string };
  authenticated: boolean;
  /** No mismatch and no failure; calls that were not allowed for this account do not count. */
  ok: boolean;
  counts: { called: number; passed: number; mismatched: number; failed: number; notAllowed: number; skipped: number };
  results: ProbeResult[];
  skipped: Skipped[];
}

export async function probeServer(model: ApiModel, options: ProbeServerOptions): Promise<ProbeReport> {
  const { origin, token } = options;
  const plan = planProbe(model, { token: token !== undefined });
  const schemas: ValidationSchemas = validationData(model);
  const base = { origin, timeoutMs: options.timeoutMs ?? 30_000, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const anonymous = createMisskeyClient(base);
  const authenticated = token !== undefined ? createMisskeyClient({ ...base, token }) : anonymous;

  const probeOne = async (call: PlannedCall): Promise<ProbeResult> => {
    const started = performance.now();
    const done = (rest: Pick<ProbeResult, 'status' | 'mismatches'> & { error?: ProbeFailure }): ProbeResult => ({
      endpoint: call.endpoint,
      authenticated: call.authenticated,
      params: call.params,
      ms: Math.round(performance.now() - started),
      ...rest,
    });
    const client = call.authenticated ? authenticated : anonymous;
    let result: unknown;
    try {
      result = await client.call(call.endpoint, call.params);
    } catch (error) {
      const why = failure(error);
      const refused = why.kind === 'api' && notAllowedReason(why.code) !== undefined;
      return done({ status: refused ? 'not-allowed' : 'failed', mismatches: [], error: why });
    }
    const mismatches = validateResult(schemas, call.endpoint, result, {
      includeValues: options.includeValues ?? false,
      scrub: (value) => scrub(value, token),
    });
    return done({ status: mismatches.length ? 'mismatched' : 'passed', mismatches });
  };

  const results: ProbeResult[] = new Array(plan.calls.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.calls.length) {
      const i = next++;
      results[i] = await probeOne(plan.calls[i] as PlannedCall);
    }
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.calls.length) }, worker));

  const count = (status: ProbeStatus) => results.filter((r) => r.status === status).length;
  const counts = {
    called: results.length,
    passed: count('passed'),
    mismatched: count('mismatched'),
    failed: count('failed'),
    notAllowed: count('not-allowed'),
    skipped: plan.skipped.length,
  };
  return {
    origin,
    server: { software: model.source.software, version: model.source.version },
    authenticated: token !== undefined,
    ok: counts.mismatched === 0 && counts.failed === 0,
    counts,
    results,
    skipped: plan.skipped,
  };
}

function failure(error: unknown): ProbeFailure {
  const e = error instanceof Error ? error : new Error(String(error));
  if (error instanceof ApiError) return { kind: 'api', name: e.name, message: e.message, code: error.code, status: error.status };
  const kind: FailureKind = error instanceof NetworkError || error instanceof TimeoutError ? 'no-answer' : 'unexpected';
  const status = (error as { status?: unknown }).status;
  return { kind, name: e.name, message: e.message, ...(typeof status === 'number' ? { status } : {}) };
}
