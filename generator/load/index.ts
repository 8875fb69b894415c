/**
 * The load step: bytes from a file, a live server or the embedded reference spec, checked to be a
 * Misskey-style OpenAPI 3.0/3.1 document. Every way the input can be wrong ends here as a
 * SpecLoadError with a stable `code` and a one-line message.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import { EMBEDDED_DEFAULT } from './embedded.js';
import { SpecLoadError, displayUrl, formatBytes, redactUrlText } from './errors.js';
import { resolveIdentity, type ServerIdentity } from './identity.js';
import { decodeUtf8, parseJson } from './json.js';
import { fetchSpec, parseServerUrl } from './url.js';
import { validateDocument } from './validate.js';

export { EMBEDDED_DEFAULT } from './embedded.js';
export { SpecLoadError, type SpecLoadErrorCode } from './errors.js';
export type { ServerIdentity } from './identity.js';

export interface LoadedSpec {
  /** The parsed, validated OpenAPI document (3.0.x or 3.1.x). */
  document: Record<string, unknown>;
  /** Hex sha256 of the exact bytes read (after any content-encoding was undone). */
  sha256: string;
  bytes: number;
  /** File path, or the final api.json URL with userinfo, query and fragment stripped. */
  source: { kind: 'file' | 'url' | 'embedded'; location: string };
  /** From /api/meta and nodeinfo for a URL; the known identity for the embedded spec; absent for a file. */
  server?: ServerIdentity;
  warnings: string[];
}

export interface LoadOptions {
  /** Path of an api.json file. */
  spec?: string;
  /** The server: bare origin, `/api-doc` page or `/api.json` URL. */
  url?: string;
  /** For the whole download, redirects included. Default 30 s. */
  timeoutMs?: number;
  /** Default 64 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Human-readable lines about slow steps. */
  onProgress?: (line: string) => void;
  /** Resolve server identity (URL only). Default true. */
  identity?: boolean;
  /** For tests: an undici dispatcher (e.g. an Agent with a fake DNS lookup). */
  dispatcher?: Dispatcher;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const IDENTITY_TIMEOUT_MS = 5_000;

export async function loadSpec(options: LoadOptions = {}): Promise<LoadedSpec> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (options.spec !== undefined && options.url !== undefined) {
    throw new SpecLoadError('BAD_OPTIONS', 'give either a spec file or a server URL, not both');
  }
  for (const [name, value] of [
    ['timeoutMs', timeoutMs],
    ['maxBytes', maxBytes],
    ['maxRedirects', options.maxRedirects ?? 0],
  ] as const) {
    if (!Number.isFinite(value) || value < 0)
      throw new SpecLoadError('BAD_OPTIONS', `${name} must be a non-negative number, got ${value}`);
  }

  if (options.url !== undefined) {
    const given = parseServerUrl(options.url);
    const fetched = await fetchSpec(given, {
      timeoutMs,
      maxBytes,
      maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      dispatcher: options.dispatcher,
      onProgress: options.onProgress,
    });
    const location = displayUrl(fetched.url);
    const document = toDocument(fetched.bytes, location);
    const warnings = [...fetched.warnings];
    let server: ServerIdentity | undefined;
    if (options.identity !== false) {
      options.onProgress?.(`resolving server identity (${fetched.url.origin}/api/meta, nodeinfo)`);
      const identity = await resolveIdentity(new URL(fetched.url.origin), {
        timeoutMs: Math.min(IDENTITY_TIMEOUT_MS, timeoutMs),
        dispatcher: options.dispatcher,
        auth: fetched.auth,
      });
      server = identity.server;
      warnings.push(...identity.warnings);
      const specVersion = (document['info'] as { version?: unknown } | undefined)?.version;
      if (server.version !== undefined && typeof specVersion === 'string' && specVersion !== server.version) {
        warnings.push(`the server reports version ${server.version} but its api.json says ${specVersion}`);
      }
    }
    return result(document, fetched.bytes, { kind: 'url', location }, warnings, server);
  }

  if (options.spec !== undefined) {
    const bytes = await readSpecFile(options.spec, maxBytes);
    return result(toDocument(bytes, options.spec), bytes, { kind: 'file', location: options.spec }, []);
  }

  const path = EMBEDDED_DEFAULT.path;
  const bytes = await readSpecFile(path, maxBytes);
  return result(toDocument(bytes, path), bytes, { kind: 'embedded', location: path }, [], {
    version: EMBEDDED_DEFAULT.version,
    software: EMBEDDED_DEFAULT.software,
  });
}

function toDocument(bytes: Uint8Array, where: string): Record<string, unknown> {
  return validateDocument(parseJson(decodeUtf8(bytes, where), where), where);
}

function result(
  document: Record<string, unknown>,
  bytes: Uint8Array,
  source: LoadedSpec['source'],
  warnings: string[],
  server?: ServerIdentity,
): LoadedSpec {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { document, sha256, bytes: bytes.length, source, ...(server ? { server } : {}), warnings };
}

async function readSpecFile(path: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new SpecLoadError('FILE_UNREADABLE', `${path} is a directory, expected an api.json file`);
    if (info.size > maxBytes) {
      throw new SpecLoadError(
        'TOO_LARGE',
        `${path} is ${formatBytes(info.size)}, larger than the limit of ${formatBytes(maxBytes)}`,
      );
    }
    return await readFile(path);
  } catch (error) {
    if (error instanceof SpecLoadError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (/^https?:\/\//i.test(path)) {
        throw new SpecLoadError(
          'FILE_NOT_FOUND',
          `spec file not found: ${redactUrlText(path)} (it looks like a URL: pass it as the server URL instead)`,
        );
      }
      throw new SpecLoadError('FILE_NOT_FOUND', `spec file not found: ${path}`);
    }
    throw new SpecLoadError(
      'FILE_UNREADABLE',
      `cannot read spec file ${path} (${typeof code === 'string' ? code : String(error)})`,
      { cause: error },
    );
  }
}
