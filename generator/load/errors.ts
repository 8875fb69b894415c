/**
 * Errors of the load step (see ../errors.ts for the base). The message is one line that says what was
 * wrong and where, and never carries a token or the userinfo/query of a URL (see `displayUrl`).
 */
import { GeneratorError, oneLine } from '../errors.js';

export type SpecLoadErrorCode =
  | 'BAD_OPTIONS'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'INVALID_JSON'
  | 'NOT_OPENAPI'
  | 'NOT_MISSKEY'
  | 'BAD_URL'
  | 'DNS'
  | 'REFUSED'
  | 'TLS'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'HTTP_STATUS'
  | 'HTML'
  | 'BAD_ENCODING'
  | 'TOO_LARGE'
  | 'REDIRECT_LIMIT';

export class SpecLoadError extends GeneratorError {
  override name = 'SpecLoadError';
  declare readonly code: SpecLoadErrorCode;

  constructor(code: SpecLoadErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, oneLine(message), options);
  }
}

/** A URL as shown to people: no userinfo, no query, no fragment (any of them may hold a secret). */
export function displayUrl(url: URL): string {
  return url.origin + url.pathname;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** For text that may be a URL but did not parse as one: drop anything that looks like userinfo, query or fragment. */
export function redactUrlText(text: string): string {
  return text.replace(/\/\/[^/?#]*@/, '//').replace(/[?#].*$/, '');
}
