/**
 * The HTTP side of the mock: `POST /api/{endpoint}` for every endpoint of the model, `/api.json`,
 * nodeinfo, the MiAuth pages and check, and the upgrade to `/streaming`. Each call goes through the same steps
 * as on a real server: faults (when asked for), body parsing, credential, params, then the state's
 * handler or schema-shaped data.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isObject } from '../model/json.js';
import type { ApiModel, Endpoint } from '../model/types.js';
import { checkAccess, refusal, wwwAuthenticate, type Refusal, type TokenGrant } from './access.js';
import { modelledHandler, type CallContext, type Outcome } from './endpoints.js';
import { CONTROL_PREFIX, control, type ControlTarget } from './control.js';
import { BAD_GATEWAY_HTML, Faults } from './faults.js';
import { MiAuth } from './miauth.js';
import { nodeinfoDocuments } from './nodeinfo.js';
import { ParamValidator } from './params.js';
import type { MockState } from './state.js';
import { Streaming } from './streaming.js';

export interface ServerOptions {
  model: ApiModel;
  /** The bytes served at /api.json. */
  specText: string;
  state: MockState;
  /** Approve a MiAuth session as soon as its page is opened, for this user. */
  approveAs?: string | undefined;
  /** The user a MiAuth approval from the page's button is for. */
  defaultUserId: string;
  /** Serve `POST /__mock/{action}` with these (see control.ts). */
  control?: ControlTarget | undefined;
}

/** Largest body read; a real server's limit is of the same order. */
const MAX_BODY = 32 * 1024 * 1024;
const MIAUTH_PAGE = /^\/miauth\/([^/]+)$/;
const MIAUTH_CHECK = /^\/api\/miauth\/([^/]+)\/check$/;

export class MockServer {
  readonly faults = new Faults();
  readonly miauth: MiAuth;
  readonly streaming: Streaming;
  readonly #options: ServerOptions;
  readonly #endpoints: ReadonlyMap<string, Endpoint>;
  readonly #params: ParamValidator;
  readonly #sockets = new Set<Socket>();
  readonly #answers = new Map<string, unknown>();
  /** Pending waits (a restart's downtime, slow answers): close() ends each at once, so no timer outlives the mock. */
  readonly #waits = new Set<{ timer: NodeJS.Timeout; end: () => void }>();
  #server: Server | undefined;
  #address: { host: string; port: number } | undefined;

  constructor(options: ServerOptions) {
    this.#options = options;
    this.#endpoints = new Map(options.model.endpoints.map((e) => [e.name, e]));
    this.#params = new ParamValidator(options.model.schemas);
    this.miauth = new MiAuth(options.state);
    this.streaming = new Streaming(options.model.channels, options.state);
  }

  /** `http://HOST:PORT` (an IPv6 host in brackets), once listening. */
  get origin(): string {
    if (this.#address === undefined) throw new Error('the mock server is not running');
    const { host, port } = this.#address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  async listen(host: string, port: number): Promise<{ host: string; port: number }> {
    const server = createServer((req, res) => void this.#handle(req, res).catch(() => fail(res)));
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    server.on('upgrade', (req, socket, head) => this.#upgrade(req, socket as Socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    const address = server.address() as AddressInfo;
    this.#address = { host, port: address.port };
    return this.#address;
  }

  /** Drops every socket and stops listening: clients see their connections cut, then refused. */
  async #goDown(): Promise<void> {
    this.streaming.dropAll();
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * A restart: every socket dropped, connections refused for `downMs`, then the same address again.
   * `afterMs`: goes down only that long from now (so an answer sent meanwhile reaches its caller).
   */
  async restart(downMs: number, afterMs = 0): Promise<void> {
    if (this.#address === undefined) throw new Error('the mock server is not running');
    if (afterMs > 0) await this.#wait(afterMs);
    const address = this.#address;
    if (address === undefined) return; // closed meanwhile
    await this.#goDown();
    await this.#wait(downMs);
    if (this.#address === undefined) return; // closed meanwhile
    await this.listen(address.host, address.port);
  }

  async close(): Promise<void> {
    this.#address = undefined;
    for (const wait of this.#waits) {
      clearTimeout(wait.timer);
      wait.end();
    }
    this.#waits.clear();
    await this.#goDown();
    this.streaming.close();
  }

  /** Resolves after `ms`, or at once when the mock closes. */
  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          this.#waits.delete(wait);
          resolve();
        }, ms),
        end: resolve,
      };
      this.#waits.add(wait);
    });
  }

  #token(req: IncomingMessage, fromBody: unknown): { token: string | undefined; grant: TokenGrant | undefined } {
    const header = req.headers.authorization;
    // Exactly `Bearer `: a lowercase `bearer` is ignored, as on a real server.
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : typeof fromBody === 'string' ? fromBody : undefined;
    return { token, grant: token !== undefined ? this.#options.state.tokens.get(token) : undefined };
  }

  #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    if (url.pathname !== '/streaming') return void socket.destroy();
    const { token, grant } = this.#token(req, url.searchParams.get('i') ?? undefined);
    // A bad token, or an app token without read:account, is refused before the upgrade (protocol document §4).
    if ((token !== undefined && grant === undefined) || (grant?.kind === 'app' && !grant.permissions.includes('read:account'))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="Misskey", error="invalid_token"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.streaming.upgrade(req, socket, head, grant);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/api.json') return void send(res, 200, { 'content-type': 'application/json; charset=utf-8' }, this.#options.specText);
    const about = req.method === 'GET' ? nodeinfoDocuments(this.origin, this.#options.model.source, () => this.#options.state.users.size).get(path) : undefined;
    if (about !== undefined) return void sendJson(res, 200, about());
    const page = MIAUTH_PAGE.exec(path);
    if (page && MiAuth.isSessionId(page[1]!)) return this.#miauthPage(req, res, page[1]!, url.searchParams);
    const check = MIAUTH_CHECK.exec(path);
    if (check && req.method === 'POST') {
      await readBody(req);
      return void sendJson(res, 200, this.miauth.check(check[1]!));
    }
    if (path.startsWith(CONTROL_PREFIX) && req.method === 'POST' && this.#options.control !== undefined) {
      const text = (await readBody(req)).toString('utf8');
      let body: unknown = {};
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        return void sendJson(res, 400, { ok: false, error: 'the body is not JSON' });
      }
      const answer = control(this.#options.control, path.slice(CONTROL_PREFIX.length), body);
      return void sendJson(res, answer.status, answer.body);
    }
    if (!path.startsWith('/api/')) return void sendJson(res, 404, { message: `Route ${req.method}:${path} not found`, error: 'Not Found', statusCode: 404 });
    const endpoint = this.#endpoints.get(decodeURIComponent(path.slice('/api/'.length)));
    if (req.method !== 'POST') {
      if (endpoint === undefined) return void sendJson(res, 404, { error: { message: 'No such endpoint.', code: 'UNKNOWN_API_ENDPOINT', id: '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1', kind: 'client' } });
      if (req.method !== 'GET' || !endpoint.allowGet) return void send(res, 405, {}, '');
    }
    if (endpoint === undefined) return void sendJson(res, 404, { message: `Route POST:${path} not found`, error: 'Not Found', statusCode: 404 });
    const body = await readBody(req);
    if (this.faults.delayMs > 0) await this.#wait(this.faults.delayMs);
    if (this.#address === undefined) return void res.destroy(); // closed while it waited
    const fault = this.faults.take(endpoint);
    if (fault?.kind === 'bad-gateway') return void send(res, 502, { 'content-type': 'text/html' }, BAD_GATEWAY_HTML);
    if (fault?.kind === 'rate-limit') return void sendRefusal(res, fault.refusal, { 'retry-after': String(fault.retryAfter) });
    const outcome = await this.#call(endpoint, req, body);
    if ('error' in outcome) return void sendRefusal(res, outcome);
    if (outcome.status === 204) return void send(res, 204, {}, '');
    sendJson(res, 200, outcome.body);
  }

  async #call(endpoint: Endpoint, req: IncomingMessage, body: Buffer): Promise<Outcome> {
    const type = req.headers['content-type'] ?? '';
    let params: Record<string, unknown>;
    let file: CallContext['file'];
    if (req.method === 'GET') {
      // The GET twin of an endpoint that allows it: params in the query, each cast to its schema's type.
      params = castFields(new URL(req.url ?? '/', 'http://mock.invalid').searchParams, endpoint);
    } else if (type.startsWith('multipart/form-data')) {
      const parsed = await parseMultipart(type, body, endpoint);
      if (parsed === undefined) return refusal(endpoint, 'INVALID_PARAM', { param: '#', reason: 'unreadable multipart body' });
      ({ params, file } = parsed);
    } else {
      if (body.length === 0) return refusal(endpoint, 'INVALID_PARAM', { param: '#', reason: 'no body' });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return refusal(endpoint, 'INVALID_PARAM', { param: '#', reason: 'body is not JSON' });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refusal(endpoint, 'INVALID_PARAM', { param: '#/type', reason: 'must be object' });
      params = { ...(parsed as Record<string, unknown>) };
    }
    const given = params['i'];
    delete params['i'];
    // A real server never answers a non-string `i` (the request hangs); a mock that hung would only stall the test.
    if (given !== undefined && typeof given !== 'string') return refusal(endpoint, 'INVALID_PARAM', { param: '#/properties/i/type', reason: 'must be string' });
    const { token, grant } = this.#token(req, given);
    const refused = checkAccess(endpoint, token, grant);
    if (refused) return refused;
    const checked = this.#params.check(endpoint, params);
    if (!checked.ok) return refusal(endpoint, 'INVALID_PARAM', { param: checked.param, reason: checked.reason });
    const handler = modelledHandler(endpoint.name, grant !== undefined);
    if (handler) return handler({ endpoint, params, userId: grant?.userId, state: this.#options.state, file });
    return this.#stateless(endpoint);
  }

  /** Schema-shaped data for an endpoint the state does not model: the same for every call with this seed. */
  #stateless(endpoint: Endpoint): Outcome {
    if (endpoint.result.kind === 'void' || endpoint.result.schema === undefined) return { status: 204 };
    if (!this.#answers.has(endpoint.name)) this.#answers.set(endpoint.name, this.#options.state.shaped(endpoint.result.schema, `endpoint\0${endpoint.name}`));
    return { status: 200, body: this.#answers.get(endpoint.name) };
  }

  #miauthPage(req: IncomingMessage, res: ServerResponse, session: string, query: URLSearchParams): void {
    const entry = this.miauth.open(session, query);
    const approveAs = req.method === 'POST' ? this.#options.defaultUserId : this.#options.approveAs;
    if (approveAs !== undefined && entry.token === undefined) this.miauth.approve(session, approveAs);
    const approved = approveAs !== undefined || entry.token !== undefined;
    const callback = query.get('callback');
    if (approved && callback !== null && /^https?:\/\//.test(callback)) {
      const target = new URL(callback);
      target.searchParams.set('session', session);
      return void send(res, 302, { location: target.href }, '');
    }
    send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, this.miauth.page(session, entry, approved));
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  res.writeHead(status, headers).end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));
}

function sendRefusal(res: ServerResponse, refused: Refusal, headers: Record<string, string> = {}): void {
  const challenge = wwwAuthenticate(refused);
  const all = challenge !== undefined ? { ...headers, 'www-authenticate': challenge } : headers;
  send(res, refused.status, { ...all, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ error: refused.error }));
}

function fail(res: ServerResponse): void {
  if (!res.headersSent) sendJson(res, 500, { error: refusal(undefined, 'INTERNAL_ERROR').error });
  else res.destroy();
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A multipart body as params (each text field cast to the type its schema names, as the server does)
 * and the file. Parsed by the platform's own multipart reader (Request.formData).
 */
async function parseMultipart(type: string, body: Buffer, endpoint: Endpoint): Promise<{ params: Record<string, unknown>; file: CallContext['file'] } | undefined> {
  let form: FormData;
  try {
    form = await new Request('http://mock.invalid/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData();
  } catch {
    return undefined;
  }
  const texts: [string, string][] = [];
  let file: CallContext['file'];
  for (const [name, value] of form as unknown as Iterable<[string, string | File]>) {
    if (typeof value === 'string') texts.push([name, value]);
    else if (name === 'file') file = { bytes: new Uint8Array(await value.arrayBuffer()), name: value.name || 'untitled', type: value.type || 'application/octet-stream' };
  }
  const params = castFields(texts, endpoint);
  // The binary field is checked as present, not as a string.
  const schema = endpoint.body.schema;
  if (file !== undefined && isObject(schema) && isObject(schema['properties']) && Object.hasOwn(schema['properties'], 'file')) params['file'] = '';
  return { params, file };
}

/** Text fields (a form, a query) as params, each cast to the type its schema names, as the server does. */
function castFields(fields: Iterable<[string, string]>, endpoint: Endpoint): Record<string, unknown> {
  const schema = endpoint.body.schema;
  const properties = isObject(schema) && isObject(schema['properties']) ? (schema['properties'] as Record<string, { type?: unknown }>) : {};
  // Null prototype while filling: a field called `__proto__` stays a plain key.
  const params: Record<string, unknown> = Object.create(null);
  for (const [name, value] of fields) {
    const declared = Object.hasOwn(properties, name) ? properties[name]?.type : undefined;
    params[name] = castField(value, Array.isArray(declared) ? declared : [declared]);
  }
  return { ...params };
}

function castField(text: string, types: unknown[]): unknown {
  if (text === 'null' && types.includes('null')) return null;
  if (types.includes('boolean')) return text === 'true' ? true : text === 'false' ? false : text;
  if (types.includes('integer') || types.includes('number')) return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  return text;
}
