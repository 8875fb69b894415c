/**
 * Run-time side of permission scopes, against a local server: a scoped client refuses uncovered
 * calls before anything is sent, naming the permission; a full-access client sends everything.
 * Uses the reference package built from the current sources, so `createClient` brings the real `endpointMeta`.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMisskeyClient } from '../../runtime/http/client.js';
import { PermissionError as RuntimePermissionError, createScope, refuse, type EndpointRules } from '../../runtime/http/scope.js';
import { fromSources } from '../helpers/from-sources.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

type Package = typeof import('../../generated/misskey-2026.7.0/index.js');
type Client = import('../../generated/misskey-2026.7.0/index.js').Client;
// The package's own copy of the runtime: its classes are not the ones in runtime/.
const { createClient, createScopedClient, driveFilesCreate, notesCreate, endpointMeta, paginate, MisskeyError, PermissionError } =
  await fromSources<Package>('index.ts');
type PermissionError = InstanceType<typeof PermissionError>;

const TOKEN = 'tok3nSCOPEDsecret0123456789abcdef';
const ok = { status: 200, body: { id: 'x', version: '2026.7.0', createdNote: { id: 'n1' } } };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  for (const name of ['i', 'meta', 'notes/create', 'drive/files/create', 'admin/meta', 'i/2fa/done', 'i/webhooks/test', 'miauth/abc/check'])
    server.route(`/api/${name}`, ok);
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const scoped = () => createScopedClient({ origin: server.origin, token: TOKEN, permissions: ['read:account', 'write:notes'] });

async function refusal(promise: Promise<unknown>): Promise<PermissionError> {
  const error = await promise.then(
    () => expect.fail('the call was not refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PermissionError);
  return error as PermissionError;
}

describe('scoped client (permissions given)', () => {
  it('sends calls its permissions cover, and those needing no credential', async () => {
    const client = scoped();
    await client.request('i');
    await client.request('notes/create', { text: 'hi' });
    await client.request('meta');
    expect(server.requests.map((r) => r.path)).toEqual(['/api/i', '/api/notes/create', '/api/meta']);
    expect(server.requests[1]?.json).toEqual({ text: 'hi', i: TOKEN });
  });

  it('refuses an uncovered call before sending, naming the missing permission', async () => {
    const client = scoped();
    // Around the type check, as a program with a wrong cast would.
    const error = await refusal(client.call('drive/files/create', { file: new Blob(['x']) }));
    expect(error).toBeInstanceOf(MisskeyError);
    expect(error.name).toBe('PermissionError');
    expect(error.endpoint).toBe('drive/files/create');
    expect(error.permission).toBe('write:drive');
    expect(error.reason).toBe('missing-permission');
    expect(error.message).toBe("drive/files/create needs permission write:drive, which this client's token was not given");
    const admin = await refusal(client.call('admin/meta', {}));
    expect(admin.message).toContain('read:admin:meta');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses through the endpoint functions too', async () => {
    const client = scoped();
    // A compile error since endpoint functions check permissions too; the cast stands for a wrong one.
    const error = await refusal(driveFilesCreate(client as unknown as Client, { file: new Blob(['x']) }));
    expect(error.permission).toBe('write:drive');
    await notesCreate(client, { text: 'via function' });
    expect(server.requests.map((r) => r.path)).toEqual(['/api/notes/create']);
  });

  it('refuses a paged walk it does not cover before the first page', async () => {
    // A compile error too (read:drive is not held); the cast stands for a wrong one.
    const walk = paginate(scoped() as unknown as Client, 'drive/files', { limit: 10 });
    const error = await refusal(walk.next());
    expect(error.permission).toBe('read:drive');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses internal endpoints even with their permission, and permission-less ones a full-access token needs', async () => {
    const client = scoped();
    expect(endpointMeta['i/webhooks/test']).toEqual({ credential: true, permission: 'read:account', internal: true });
    const internal = await refusal(client.call('i/webhooks/test', { webhookId: 'w' }));
    expect(internal.reason).toBe('internal');
    expect(internal.message).toMatch(/internal to the official web client/);
    // Every permission-less endpoint of 2026.7.0 is internal; 13.x has non-internal ones (see below).
    const native = await refusal(client.call('i/2fa/done', { token: '1' }));
    expect(native.reason).toBe('internal');
    expect(native.permission).toBeNull();
    expect(server.requests).toHaveLength(0);
  });

  it('lets endpoints the spec does not list through (the server decides)', async () => {
    await scoped().call('miauth/abc/check', {});
    expect(server.requests).toHaveLength(1);
  });

  it('with no permissions at all, still calls what needs no credential', async () => {
    const client = createScopedClient({ origin: server.origin, token: TOKEN, permissions: [] });
    await client.request('meta');
    expect((await refusal(client.call('i', {}))).permission).toBe('read:account');
    expect(server.requests).toHaveLength(1);
  });

  it('checkPermissions: false leaves the decision to the server', async () => {
    const client = createScopedClient({ origin: server.origin, token: TOKEN, permissions: ['read:account'], checkPermissions: false });
    await client.call('drive/files/create', { file: new Blob(['x']) });
    expect(server.requests).toHaveLength(1);
  });

  it('shows its permissions, never its token', () => {
    const client = scoped();
    expect(client.permissions).toEqual(['read:account', 'write:notes']);
    expect(Object.isFrozen(client.permissions)).toBe(true);
    expect(inspect(client, { showHidden: true, depth: 10 })).not.toContain(TOKEN);
  });

  it('keeps the token out of the refusal', async () => {
    const error = await refusal(scoped().call('admin/meta', {}));
    expect(inspect(error, { showHidden: true, depth: 10 })).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});

describe('full-access client (createClient)', () => {
  it('sends every endpoint', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    expect(client.permissions).toBeUndefined();
    await client.request('drive/files/create', { file: new Blob(['x']) });
    await client.request('admin/meta');
    await client.request('i/2fa/done', { token: '1' });
    await client.request('i/webhooks/test', { webhookId: 'w', type: 'note' });
    expect(server.requests).toHaveLength(4);
  });
});

describe('createScope / refuse (the runtime pieces)', () => {
  const rules: EndpointRules = {
    read: { credential: true, permission: 'read:x', internal: false },
    open: { credential: false, permission: null, internal: false },
  };

  it('a scope refuses nothing its rules do not cover', async () => {
    const client = createMisskeyClient({ origin: server.origin, scope: createScope(['read:account'], {}) });
    await client.call('admin/meta', {});
    expect(server.requests).toHaveLength(1);
  });

  it('ignores inherited keys of the rules', async () => {
    const client = createMisskeyClient({ origin: server.origin, scope: createScope([], rules) });
    await expect(client.call('constructor', {})).rejects.toMatchObject({ name: 'UnexpectedResponseError', status: 404 });
    await expect(client.call('read', {})).rejects.toBeInstanceOf(RuntimePermissionError);
  });

  it('a permission-less endpoint that is not internal needs a full-access token', async () => {
    const client = createMisskeyClient({
      origin: server.origin,
      scope: createScope(['read:account'], { 'admin/meta': { credential: true, permission: null, internal: false } }),
    });
    const error = await client.call('admin/meta', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimePermissionError);
    expect(error).toMatchObject({ reason: 'full-access-only', permission: null, message: 'admin/meta needs a full-access (native) token' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuse() decides from the rule alone', () => {
    const held = new Set(['read:x']);
    expect(refuse(undefined, held)).toBeUndefined();
    expect(refuse(rules['open'], new Set())).toBeUndefined();
    expect(refuse(rules['read'], held)).toBeUndefined();
    expect(refuse(rules['read'], new Set())).toBe('missing-permission');
    expect(refuse({ credential: true, permission: 'read:x', internal: true }, held)).toBe('internal');
    expect(refuse({ credential: true, permission: null, internal: false }, held)).toBe('full-access-only');
  });
});
