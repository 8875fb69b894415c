/**
 * A Misskey server in a box, for testing bots offline: `startMock()` serves the endpoints, params,
 * results and errors of one server's own spec, with a small state (users, notes, timelines, follows,
 * uploads, MiAuth) and faults on demand. The spec goes through the same door as for `generate`
 * (load, then normalize/from-spec.ts): the mock reads the model, never the raw spec.
 */
import { createHash } from 'node:crypto';
import { OptionError } from '../errors.js';
import { loadSpec } from '../load/index.js';
import type { ApiModel } from '../model/types.js';
import { modelFromSpec } from '../normalize/from-spec.js';
import type { RateLimitFault } from './faults.js';
import { MockServer } from './server.js';
import { MockState, type Entity } from './state.js';

export interface MockUserFixture {
  username: string;
  /** Default: a fresh random token. */
  token?: string | undefined;
}

export interface MockOptions {
  /** A spec file's path, a server's URL (http:// or https://), or a parsed OpenAPI document. Default: the embedded Misskey 2026.7.0 spec. */
  spec?: string | Record<string, unknown> | undefined;
  /** Made-up data depends on it only: the same seed gives the same answers. Default '0'. */
  seed?: string | number | undefined;
  /** Default 127.0.0.1. Anything but a loopback address needs `allowRemote`. */
  host?: string | undefined;
  /** Default 0: any free port. */
  port?: number | undefined;
  allowRemote?: boolean | undefined;
  /** The users there are, each with a native token. Default alice and bob. */
  users?: readonly (string | MockUserFixture)[] | undefined;
  /** Approve every MiAuth session as soon as its page is opened (for the first user, or the one named). */
  approve?: boolean | string | undefined;
  /** Serve `POST /__mock/{action}` (rate-limit, slow, bad-gateway, clear, restart, post, approve): the API below over HTTP, for the command line. */
  controlRoutes?: boolean | undefined;
}

/** A note as the server shows it (the spec's own shape); `id` and `text` are always there. */
export type PostedNote = Entity & { id: string; text: string | null };

export interface Mock {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Username → native token. */
  tokens: Readonly<Record<string, string>>;
  /** Username → user id. */
  userIds: Readonly<Record<string, string>>;
  model: ApiModel;
  /** Posts a note as `user` (default the first one): stored, and streamed to the timelines it reaches. */
  post(note: { text?: string | null; visibility?: string }, user?: string): PostedNote;
  /** Approves a MiAuth session (as `user`, default the first one); returns the token the check will hand out. */
  approve(session: string, options?: { user?: string; permissions?: readonly string[] }): string;
  /** A new app token for `user`, holding exactly `permissions` (as MiAuth would give). */
  appToken(user: string, permissions: readonly string[]): string;
  faults: {
    rateLimit(fault?: RateLimitFault): void;
    slow(ms: number): void;
    badGateway(times?: number): void;
    clear(): void;
  };
  /** For each open streaming socket, the names of the channels it has open: to wait until a client has subscribed. */
  streams(): string[][];
  /** Drops every socket, refuses connections for `downMs` (default 1000), then serves again on the same port. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops everything; no socket or timer is left behind. */
  close(): Promise<void>;
}

const DEFAULT_USERS = ['alice', 'bob'];
const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost|\[::1\])$/;

export async function startMock(options: MockOptions = {}): Promise<Mock> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host) && !options.allowRemote) {
    throw new OptionError(`the mock binds to loopback only; ${host} is not a loopback address (allow it explicitly with --allow-remote / allowRemote: true)`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OptionError(`port must be a whole number from 0 to 65535, got ${port}`);

  const { model, specText } = await modelOf(options.spec);
  const state = new MockState(model, String(options.seed ?? '0'));
  const fixtures = (options.users ?? DEFAULT_USERS).map((u) => (typeof u === 'string' ? { username: u } : u));
  if (fixtures.length === 0) throw new OptionError('the mock needs at least one user');
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const fixture of fixtures) {
    if (ids.has(fixture.username)) throw new OptionError(`user ${JSON.stringify(fixture.username)} is given twice`);
    const { user, token } = state.addUser(fixture.username, fixture.token);
    tokens.set(user.username, token);
    ids.set(user.username, user.id);
  }
  const first = fixtures[0]!.username;
  const idOf = (username: string = first): string => {
    const id = ids.get(username);
    if (id === undefined) throw new OptionError(`no user ${JSON.stringify(username)} in the mock`);
    return id;
  };
  const approveAs = options.approve === true ? idOf() : typeof options.approve === 'string' ? idOf(options.approve) : undefined;

  const server: MockServer = new MockServer({
    model,
    specText,
    state,
    approveAs,
    defaultUserId: idOf(),
    control: options.controlRoutes
      ? {
          rateLimit: (fault) => server.faults.rateLimit(fault),
          slow: (ms) => server.faults.slow(ms),
          badGateway: (times) => server.faults.badGateway(times),
          clear: () => server.faults.clear(),
          // Goes down just after answering, so the answer reaches the caller (a close meanwhile cancels it).
          restart: (downMs) => void server.restart(downMs, 20).catch(() => {}),
          post: (text, user) => state.createNote(idOf(user), { text }) as PostedNote,
          approve: (session, user, permissions) => void server.miauth.approve(session, idOf(user), permissions),
        }
      : undefined,
  });
  await server.listen(host, port);
  return {
    origin: server.origin,
    tokens: Object.fromEntries(tokens),
    userIds: Object.fromEntries(ids),
    model,
    post: (note, user) => state.createNote(idOf(user), { ...note }) as PostedNote,
    approve: (session, approval = {}) => server.miauth.approve(session, idOf(approval.user), approval.permissions),
    appToken: (user, permissions) => {
      const token = state.newToken();
      state.tokens.set(token, { userId: idOf(user), kind: 'app', permissions: [...permissions] });
      return token;
    },
    faults: {
      rateLimit: (fault) => server.faults.rateLimit(fault),
      slow: (ms) => server.faults.slow(ms),
      badGateway: (times) => server.faults.badGateway(times),
      clear: () => server.faults.clear(),
    },
    streams: () => server.streaming.open(),
    restart: (restart = {}) => server.restart(restart.downMs ?? 1000),
    close: () => server.close(),
  };
}

async function modelOf(spec: MockOptions['spec']): Promise<{ model: ApiModel; specText: string }> {
  if (typeof spec === 'object' && spec !== null) {
    const specText = JSON.stringify(spec);
    const sha256 = createHash('sha256').update(specText).digest('hex');
    return { model: modelFromSpec({ document: spec, sha256, source: { kind: 'file', location: '(document)' } }), specText };
  }
  const loaded = await loadSpec(typeof spec === 'string' ? (/^https?:\/\//i.test(spec) ? { url: spec } : { spec }) : {});
  return { model: modelFromSpec(loaded), specText: JSON.stringify(loaded.document) };
}
