/**
 * Loading from a live server. The user may paste the bare origin, the `/api-doc` page, `/api.json`,
 * or any other page of the server; they all lead to the same document.
 */
import { Buffer } from 'node:buffer';
import type { Dispatcher } from 'undici';
import { SpecLoadError, displayUrl, formatBytes, redactUrlText } from './errors.js';
import { httpGet, type HttpOptions, type HttpResult } from './http.js';

export interface UrlFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  dispatcher?: Dispatcher | undefined;
  onProgress?: ((line: string) => void) | undefined;
}

export interface FetchedSpec {
  bytes: Uint8Array;
  /** The URL that served the document, after redirects (may still hold userinfo and query: never print it raw). */
  url: URL;
  auth: HttpOptions['auth'];
  warnings: string[];
}

/** Parses what the user typed. Refuses anything but http(s). */
export function parseServerUrl(input: string): URL {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Never echo userinfo or a query, even of a malformed URL.
    const shown = redactUrlText(text);
    const hint = /^[\w.-]+(:\d+)?(\/|$)/.test(text) ? ' (add https:// in front)' : '';
    throw new SpecLoadError('BAD_URL', `${JSON.stringify(shown)} is not a valid URL${hint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SpecLoadError(
      'BAD_URL',
      `${url.protocol} URLs are not supported, use an http or https URL of the server`,
    );
  }
  return url;
}

export async function fetchSpec(given: URL, options: UrlFetchOptions): Promise<FetchedSpec> {
  const progress = options.onProgress ?? (() => {});
  const warnings: string[] = [];
  const auth = given.username || given.password ? { origin: given.origin, header: basic(given) } : undefined;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let nextReport = 1024 * 1024;
  const http: HttpOptions = {
    accept: 'application/json, text/html;q=0.5, */*;q=0.1',
    maxBytes: options.maxBytes,
    maxRedirects: options.maxRedirects,
    signal: controller.signal,
    timeoutText: `timed out after ${options.timeoutMs / 1000} s`,
    dispatcher: options.dispatcher,
    auth,
    onBytes: (received, total) => {
      // A line per MiB, so a slow 1.3 MB download shows life without flooding the terminal.
      if (received < nextReport) return;
      nextReport = (Math.floor(received / (1024 * 1024)) + 1) * 1024 * 1024;
      progress(`received ${formatBytes(received)}${total !== undefined ? ` of ${formatBytes(total)}` : ''}`);
    },
  };
  const get = (url: URL) => {
    nextReport = 1024 * 1024;
    progress(`fetching ${displayUrl(url)}`);
    return httpGet(url, http);
  };

  try {
    const bare = given.pathname === '/' || given.pathname === '';
    const first = bare ? new URL('/api.json', given) : given;
    let res = await get(first);
    if (isHtml(res)) {
      // `/api.json` itself being HTML means a proxy, login wall or SPA fallback: following it further would only guess.
      if (bare || /\/api\.json$/.test(res.url.pathname)) throw htmlError(res);
      const dataUrl = readDataUrl(res.body);
      let next: URL;
      if (dataUrl !== undefined) {
        next = new URL(dataUrl, res.url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new SpecLoadError(
            'BAD_URL',
            `${displayUrl(res.url)} points (data-url) at a ${next.protocol} URL; only http and https are supported`,
          );
        }
      } else {
        next = new URL('/api.json', res.url.origin);
        if (!/\/api-doc\/?$/.test(res.url.pathname)) {
          warnings.push(
            `${displayUrl(res.url)} is an HTML page, not the API document; used ${displayUrl(next)} instead`,
          );
        }
      }
      res = await get(next);
      if (isHtml(res)) throw htmlError(res);
    }
    if (res.body.length >= 1024 * 1024)
      progress(`received ${formatBytes(res.body.length)} from ${displayUrl(res.url)}`);
    if (given.origin !== res.url.origin) warnings.push(`${given.origin} redirected to ${res.url.origin}`);
    return { bytes: res.body, url: res.url, auth, warnings };
  } finally {
    clearTimeout(timer);
  }
}

function basic(url: URL): string {
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function isHtml(res: HttpResult): boolean {
  if (/\b(text\/html|application\/xhtml\+xml)\b/i.test(res.contentType)) return true;
  // Some servers and proxies send HTML as text/plain or with no type at all.
  const head = new TextDecoder()
    .decode(res.body.subarray(0, 256))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<');
}

function htmlError(res: HttpResult): SpecLoadError {
  return new SpecLoadError(
    'HTML',
    `${displayUrl(res.url)} answered an HTML page instead of the JSON API document (a proxy, login page or maintenance page in front of the server?)`,
  );
}

/** The Misskey `/api-doc` page names its document in a `data-url` attribute (`/api.json` on 2026.7.0). */
function readDataUrl(body: Uint8Array): string | undefined {
  const html = new TextDecoder().decode(body.subarray(0, 256 * 1024));
  const m = /\bdata-url\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(html);
  const raw = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!raw) return undefined;
  return raw
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
