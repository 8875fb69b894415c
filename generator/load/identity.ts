/**
 * Which server (and which fork) answered: best effort, never fatal. `POST /api/meta` gives the
 * version; nodeinfo gives the software name. A server with federation off (the default on a new
 * server) answers `/.well-known/nodeinfo` with 403 and an empty body while `/nodeinfo/2.1` still
 * works, so we try that directly when discovery fails.
 */
import type { Dispatcher } from 'undici';
import { isObject } from '../model/json.js';
import { displayUrl } from './errors.js';
import { httpGet, type HttpOptions } from './http.js';

export interface ServerIdentity {
  version?: string;
  software?: string;
  softwareVersion?: string;
}

export interface IdentityOptions {
  timeoutMs: number;
  dispatcher?: Dispatcher | undefined;
  auth?: HttpOptions['auth'];
}

const MAX_BYTES = 1024 * 1024;

export async function resolveIdentity(
  origin: URL,
  options: IdentityOptions,
): Promise<{ server: ServerIdentity; warnings: string[] }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const base = {
    accept: 'application/json',
    maxBytes: MAX_BYTES,
    maxRedirects: 3,
    signal: controller.signal,
    timeoutText: `no answer within ${options.timeoutMs / 1000} s`,
    dispatcher: options.dispatcher,
    auth: options.auth,
  };
  const getJson = async (url: URL, method: 'GET' | 'POST' = 'GET'): Promise<Record<string, unknown>> => {
    const res = await httpGet(url, { ...base, method, ...(method === 'POST' ? { body: '{}' } : {}) });
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(res.body));
    } catch {
      value = undefined;
    }
    if (!isObject(value)) throw new Error(`${displayUrl(res.url)} did not answer a JSON object`);
    return value;
  };
  // Warnings are one line each.
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
  const warnings: string[] = [];
  const server: ServerIdentity = {};

  const meta = async () => {
    const url = new URL('/api/meta', origin);
    try {
      const body = await getJson(url, 'POST');
      if (typeof body['version'] === 'string') server.version = body['version'];
      else warnings.push(`POST ${displayUrl(url)} did not include a version`);
    } catch (error) {
      warnings.push(`could not read the server version: ${reason(error)}`);
    }
  };

  const nodeinfo = async () => {
    const candidates: URL[] = [];
    try {
      const links = (await getJson(new URL('/.well-known/nodeinfo', origin)))['links'];
      // Prefer the newest 2.x schema the server links to.
      const hrefs = (Array.isArray(links) ? links : [])
        .map((l: { rel?: unknown; href?: unknown }) => ({ rel: String(l?.rel ?? ''), href: l?.href }))
        .filter((l) => /nodeinfo\.diaspora\.software\/ns\/schema\/2\.\d+$/.test(l.rel) && typeof l.href === 'string')
        .sort((a, b) => b.rel.localeCompare(a.rel));
      for (const l of hrefs) {
        const url = new URL(l.href as string, origin);
        if (url.protocol === 'http:' || url.protocol === 'https:') candidates.push(url);
      }
    } catch {
      // Federation off or no discovery document: fall through to the well-known locations.
    }
    candidates.push(new URL('/nodeinfo/2.1', origin), new URL('/nodeinfo/2.0', origin));
    const failures: string[] = [];
    const tried = new Set<string>();
    for (const url of candidates) {
      if (tried.has(url.href)) continue;
      tried.add(url.href);
      try {
        const software = (await getJson(url))['software'] as { name?: unknown; version?: unknown } | undefined;
        if (typeof software?.name === 'string') server.software = software.name.toLowerCase();
        if (typeof software?.version === 'string') server.softwareVersion = software.version;
        return;
      } catch (error) {
        failures.push(reason(error));
        if (controller.signal.aborted) break;
      }
    }
    warnings.push(`could not read nodeinfo (${failures[0] ?? 'no answer'}); assuming the software is misskey`);
  };

  try {
    await Promise.all([meta(), nodeinfo()]);
  } finally {
    clearTimeout(timer);
  }
  // What the server did not say stays unsaid: the model assumes upstream Misskey (DEFAULT_SOFTWARE).
  return { server, warnings };
}
