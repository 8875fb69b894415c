/**
 * A scriptable HTTP server on 127.0.0.1 (port 0) for runtime tests: it records every request
 * (method, path, headers, raw body, parsed JSON or multipart) and answers per path.
 *
 * Why not the mock (generator/mock): the runtime's HTTP tests need answers no server should give on
 * purpose (a hang, a reset, a body that stalls, any status, headers and body) and the raw request as
 * sent; the mock answers only as the spec says, and records nothing.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed body when it is valid JSON, else undefined. */
  json: unknown;
  /** Parsed body when it is multipart/form-data, else undefined. */
  form: FormData | undefined;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with `content-type: application/json` unless headers say otherwise). */
  body?: string | Buffer | object;
  /** Send status, headers and body, then never end the response (a body that stalls). */
  stall?: boolean;
}

/** 'hang' never answers; 'reset' destroys the socket without answering. */
export type Reply = ScriptedResponse | 'hang' | 'reset';
export type Route = Reply | ((req: RecordedRequest) => Reply);

export interface TestServer {
  /** 'http://127.0.0.1:PORT' */
  readonly origin: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Answer requests to `path` (e.g. '/api/notes/create') with `route`; replaces an earlier route. */
  route(path: string, route: Route): void;
  /** Resolves with the next request to arrive (after its body has been read). */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** Fastify's answer to an unknown POST route, as a real Misskey server sends it. */
const notFound = (path: string): ScriptedResponse => ({
  status: 404,
  body: { message: `Route POST:${path} not found`, error: 'Not Found', statusCode: 404 },
});

export async function startServer(routes: Record<string, Route> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  let waiters: ((r: RecordedRequest) => void)[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? '';
        const path = req.url ?? '/';
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path,
          headers: req.headers,
          rawBody,
          json: parseJson(rawBody),
          form: contentType.startsWith('multipart/form-data') ? await parseForm(rawBody, contentType) : undefined,
        };
        requests.push(recorded);
        const route = table.get(path) ?? notFound(path);
        const reply = typeof route === 'function' ? route(recorded) : route;
        const current = waiters;
        waiters = [];
        for (const w of current) w(recorded);
        if (reply === 'hang') return;
        if (reply === 'reset') {
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> = { ...reply.headers };
        let body: string | Buffer = '';
        if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) body = reply.body;
        else if (reply.body !== undefined) {
          body = JSON.stringify(reply.body);
          if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
            headers['content-type'] = 'application/json; charset=utf-8';
          }
        }
        res.writeHead(reply.status ?? 200, headers);
        if (reply.stall) res.write(body);
        else res.end(body);
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    route: (path, route) => void table.set(path, route),
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Parsed with the platform's own multipart parser, independent of how the client built the body. */
async function parseForm(raw: Buffer, contentType: string): Promise<FormData | undefined> {
  try {
    return await new Request('http://server.test/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(raw),
    }).formData();
  } catch {
    return undefined;
  }
}

/** A port on 127.0.0.1 that was just free and now has no listener (for "connection refused"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
