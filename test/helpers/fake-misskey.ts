/**
 * A fake Misskey server on 127.0.0.1 (port 0) for tests: serves a spec at /api.json and the
 * /api-doc page, answers /api/meta and nodeinfo, and runs MiAuth sessions the way 2026.7.0 does
 * (the token is handed out on the first successful check only). Any path can be overridden with
 * `route()` to simulate a broken server.
 *
 * Why not the mock (generator/mock): the tests of loading a spec by URL, `auth`, `diff` and the runtime's
 * MiAuth need server variants the mock models one way only or not at all: nodeinfo answering 403
 * (federation off) or missing, a fork's software name, the /api-doc page, MiAuth approved a while after
 * the first check (no browser) and 2025.11.1's token repeated on every check, broken answers on any path,
 * and every request recorded.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REFERENCE_SPEC_PATH = fileURLToPath(
  new URL('../../generator/reference/misskey-2026.7.0.json', import.meta.url),
);

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeMisskeyOptions {
  /** Bytes served at /api.json. Default: the embedded reference spec. */
  spec?: Buffer;
  /** What /api/meta reports. Default '2026.7.0'. */
  version?: string;
  /** 'ok': discovery works; 'forbidden': /.well-known/nodeinfo answers 403 with an empty body (federation off); 'none': no nodeinfo at all. */
  nodeinfo?: 'ok' | 'forbidden' | 'none';
  software?: { name: string; version: string };
  /** Approve a MiAuth session this long after its first check. Default: never (call `approve`). */
  approveAfterMs?: number;
  /** The user a MiAuth token belongs to. */
  user?: Record<string, unknown>;
  /** Like 2025.11.1: hand out the token on every check after approval. */
  repeatToken?: boolean;
}

export interface FakeMisskey {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** The token handed out for each approved session. */
  tokens: Map<string, string>;
  route(path: string, handler: Handler): void;
  approve(session: string): string;
  close(): Promise<void>;
}

export async function startFakeMisskey(options: FakeMisskeyOptions = {}): Promise<FakeMisskey> {
  const spec = options.spec ?? readFileSync(REFERENCE_SPEC_PATH);
  const software = options.software ?? { name: 'misskey', version: options.version ?? '2026.7.0' };
  const user = options.user ?? { id: '9xyz', username: 'alice', host: null, name: 'Alice' };
  const routes = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  const tokens = new Map<string, string>();
  // Sessions whose token has been handed out, and sessions with an approval scheduled.
  const fetched = new Set<string>();
  const scheduled = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();

  const approve = (session: string): string => {
    const token = tokens.get(session) ?? `tok_${session.slice(0, 8)}_${Math.random().toString(36).slice(2)}`;
    tokens.set(session, token);
    return token;
  };

  const json = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(value));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const custom = routes.get(path);
      if (custom) return custom(req, res, body);

      if (path === '/api.json' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': spec.length });
        return res.end(spec);
      }
      if (path === '/api-doc' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Misskey API</title></head>' +
            '<body><script id="api-reference" data-url="/api.json"></script>' +
            '<script src="https://cdn.example/api-reference"></script></body></html>',
        );
      }
      if (path === '/api/meta' && req.method === 'POST')
        return json(res, 200, { version: options.version ?? '2026.7.0', name: 'fake' });
      if (path === '/.well-known/nodeinfo' && options.nodeinfo !== 'none') {
        if (options.nodeinfo === 'forbidden') {
          res.writeHead(403);
          return res.end();
        }
        return json(res, 200, {
          links: [
            { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${origin}/nodeinfo/2.1` },
            { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${origin}/nodeinfo/2.0` },
          ],
        });
      }
      if ((path === '/nodeinfo/2.1' || path === '/nodeinfo/2.0') && options.nodeinfo !== 'none') {
        return json(res, 200, {
          version: path.slice(-3),
          software,
          protocols: ['activitypub'],
          openRegistrations: false,
        });
      }
      const miauth = /^\/api\/miauth\/([^/]+)\/check$/.exec(path);
      if (miauth && req.method === 'POST') {
        const session = decodeURIComponent(miauth[1] ?? '');
        if (options.approveAfterMs !== undefined && !scheduled.has(session)) {
          scheduled.add(session);
          const timer = setTimeout(() => {
            timers.delete(timer);
            approve(session);
          }, options.approveAfterMs);
          timers.add(timer);
        }
        const token = tokens.get(session);
        if (token !== undefined && (options.repeatToken || !fetched.has(session))) {
          fetched.add(session);
          return json(res, 200, { ok: true, token, user });
        }
        return json(res, 200, { ok: false });
      }
      json(res, 404, { message: `Route ${req.method}:${path} not found`, error: 'Not Found', statusCode: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    requests,
    tokens,
    route: (path, handler) => void routes.set(path, handler),
    approve,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
