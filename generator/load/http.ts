/**
 * One HTTP exchange with a hard byte limit, manual redirects and errors mapped to SpecLoadError
 * codes. Redirects are followed by hand (not by an undici interceptor) so that we count them, refuse
 * non-http(s) targets, and drop credentials when a redirect leaves the origin.
 */
import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { SpecLoadError, displayUrl, formatBytes } from './errors.js';

export interface HttpOptions {
  method?: 'GET' | 'POST';
  body?: string;
  accept: string;
  maxBytes: number;
  maxRedirects: number;
  signal: AbortSignal;
  /** What the signal's abort means, for the message: 'timed out after 30 s'. */
  timeoutText: string;
  dispatcher?: Dispatcher | undefined;
  /** Basic credentials from the URL the user gave, sent only to that origin. */
  auth?: { origin: string; header: string } | undefined;
  onBytes?: ((received: number, total: number | undefined) => void) | undefined;
}

export interface HttpResult {
  /** The URL that answered, after redirects. */
  url: URL;
  status: number;
  contentType: string;
  body: Uint8Array;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function httpGet(start: URL, options: HttpOptions): Promise<HttpResult> {
  let url = start;
  let method = options.method ?? 'GET';
  let body = options.body;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { accept: options.accept, 'user-agent': 'misskey-codegen' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.auth && url.origin === options.auth.origin) headers['authorization'] = options.auth.header;
    const target = new URL(url);
    target.username = '';
    target.password = '';
    target.hash = '';

    let response: Dispatcher.ResponseData;
    try {
      // undici loads on the first request: every CLI run imports this module (through `auth`, `probe`), few fetch.
      const { request } = await import('undici');
      response = await request(target, {
        method,
        headers,
        body: body ?? null,
        signal: options.signal,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
    } catch (error) {
      throw networkError(error, url, options);
    }

    const { statusCode } = response;
    const location = header(response.headers, 'location');
    if (REDIRECTS.has(statusCode) && location !== undefined) {
      await response.body.dump().catch(() => {});
      if (hop >= options.maxRedirects) {
        throw new SpecLoadError(
          'REDIRECT_LIMIT',
          `${displayUrl(start)}: more than ${options.maxRedirects} redirects (last at ${displayUrl(url)})`,
        );
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new SpecLoadError('BAD_URL', `${displayUrl(url)} redirected to an invalid URL`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new SpecLoadError(
          'BAD_URL',
          `${displayUrl(url)} redirected to a ${next.protocol} URL; only http and https are supported`,
        );
      }
      if (statusCode === 303 || (method === 'POST' && statusCode !== 307 && statusCode !== 308)) {
        method = 'GET';
        body = undefined;
      }
      url = next;
      continue;
    }

    const contentType = header(response.headers, 'content-type') ?? '';
    if (statusCode < 200 || statusCode > 299) {
      await response.body.dump().catch(() => {});
      const text = STATUS_CODES[statusCode];
      throw new SpecLoadError(
        'HTTP_STATUS',
        `${method} ${displayUrl(url)} answered HTTP ${statusCode}${text ? ` ${text}` : ''}`,
      );
    }
    const length = Number(header(response.headers, 'content-length') ?? NaN);
    if (length > options.maxBytes) {
      discard(response.body);
      throw tooLarge(url, options.maxBytes, `it announces ${formatBytes(length)}`);
    }
    const encoding = (header(response.headers, 'content-encoding') ?? 'identity').trim().toLowerCase();
    const bytes = await readBody(response.body, encoding, url, options, Number.isFinite(length) ? length : undefined);
    return { url, status: statusCode, contentType, body: bytes };
  }
}

async function readBody(
  raw: Readable,
  encoding: string,
  url: URL,
  options: HttpOptions,
  total: number | undefined,
): Promise<Uint8Array> {
  // We never ask for compression, but a misconfigured proxy may send it anyway. The limit applies
  // to the decoded bytes, so a small compressed bomb cannot blow up memory.
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : encoding === 'identity' || encoding === ''
            ? undefined
            : null;
  if (decoder === null) {
    discard(raw);
    throw new SpecLoadError(
      'BAD_ENCODING',
      `${displayUrl(url)} was sent with unsupported content-encoding ${JSON.stringify(encoding)}`,
    );
  }
  const stream = decoder ? raw.pipe(decoder) : raw;
  if (decoder) raw.on('error', (error) => decoder.destroy(error));
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > options.maxBytes) {
        throw tooLarge(url, options.maxBytes, `received more than that`);
      }
      chunks.push(chunk);
      options.onBytes?.(received, decoder ? undefined : total);
    }
  } catch (error) {
    discard(raw);
    if (decoder) discard(decoder);
    if (error instanceof SpecLoadError) throw error;
    if (decoder && isZlibError(error)) {
      throw new SpecLoadError('BAD_ENCODING', `${displayUrl(url)}: the ${encoding} body could not be decoded`);
    }
    throw networkError(error, url, options);
  }
  return Buffer.concat(chunks, received);
}

/** Stops reading and closes the connection. Destroying emits an error nobody is waiting for any more. */
function discard(stream: Readable | NodeJS.ReadWriteStream): void {
  stream.on('error', () => {});
  (stream as Readable).destroy();
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function tooLarge(url: URL, max: number, detail: string): SpecLoadError {
  return new SpecLoadError(
    'TOO_LARGE',
    `${displayUrl(url)} is larger than the limit of ${formatBytes(max)} (${detail}); raise the limit if this is expected`,
  );
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const TLS_CODES =
  /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|EPROTO$)/;

/** Maps what undici, the resolver and OpenSSL throw to our codes. Walks `cause` chains (fetch wraps). */
export function networkError(
  error: unknown,
  url: URL,
  options: Pick<HttpOptions, 'signal' | 'timeoutText'>,
): SpecLoadError {
  if (error instanceof SpecLoadError) return error;
  const where = displayUrl(url);
  if (options.signal.aborted) return new SpecLoadError('TIMEOUT', `${where}: ${options.timeoutText}`);
  let code = '';
  let message = '';
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string' && !code) code = c;
    if (e instanceof Error && !message) message = e.message;
  }
  const host = url.hostname;
  const cause = { cause: error };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
    return new SpecLoadError(
      'DNS',
      `${where}: cannot resolve host ${host} (${code}); check the spelling and your network`,
      cause,
    );
  }
  if (code === 'ECONNREFUSED')
    return new SpecLoadError('REFUSED', `${where}: connection refused by ${url.host}; is the server running?`, cause);
  if (TLS_CODES.test(code) || /\b(SSL|TLS|certificate)\b/i.test(message)) {
    return new SpecLoadError(
      'TLS',
      `${where}: TLS failed (${code || message}); is it really https on this port, with a valid certificate?`,
      cause,
    );
  }
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'ETIMEDOUT'
  ) {
    return new SpecLoadError('TIMEOUT', `${where}: the server did not answer in time (${code})`, cause);
  }
  return new SpecLoadError('NETWORK', `${where}: request failed (${code || message || 'unknown error'})`, cause);
}
