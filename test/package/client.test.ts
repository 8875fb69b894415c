/**
 * The reference package (built from the current sources), used as an application would (imported from its index),
 * against a real local HTTP server: endpoint functions, the generic request, typed errors,
 * multipart upload and 204s go over the wire as Misskey expects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromSources } from '../helpers/from-sources.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const { ApiError, createClient, driveFilesCreate, endpointMeta, i, isEndpointError, notesCreate, notesDelete, notesShow, permissions, UnexpectedResponseError } =
  await fromSources<typeof import('../../generated/misskey-2026.7.0/index.js')>('index.ts');

const TOKEN = 'tok-e2e-secret';
let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    '/api/i': { body: { id: 'u1', username: 'alice' } },
    '/api/notes/create': (req) => ({ body: { createdNote: { id: 'n1', text: (req.json as { text: string }).text } } }),
    '/api/notes/delete': { status: 204 },
    '/api/notes/show': {
      status: 400,
      body: { error: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '24fcbfc6-2e37-42b6-8388-c29b3861a08d', kind: 'client' } },
    },
    '/api/drive/files/create': (req) => ({ body: { id: 'f1', name: (req.form?.get('file') as File | null)?.name ?? '' } }),
  });
});
afterAll(() => server.close());

describe('generated package against a local server', () => {
  it('sends POST /api/{name} with JSON and the token in `i`, and returns the typed result', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    const { createdNote } = await notesCreate(client, { text: 'hello' });
    expect(createdNote.id).toBe('n1');
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/notes/create');
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.json).toEqual({ text: 'hello', i: TOKEN });
  });

  it('routes the generic request(name, params) the same way', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    const me = await client.request('i');
    expect(me.username).toBe('alice');
    expect(server.requests.at(-1)!.json).toEqual({ i: TOKEN });
    await i(client);
    expect(server.requests.at(-1)!.path).toBe('/api/i');
  });

  it('returns undefined for 204 endpoints', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    await expect(notesDelete(client, { noteId: 'n1' })).resolves.toBeUndefined();
  });

  it('throws an ApiError narrowed per endpoint, without the token', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    const error = await notesShow(client, { noteId: 'zz' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(isEndpointError(error, 'notes/show')).toBe(true);
    expect(isEndpointError(error, 'notes/create')).toBe(false);
    if (isEndpointError(error, 'notes/show')) {
      expect(error.code).toBe('NO_SUCH_NOTE');
      expect(error.status).toBe(400);
      expect(error.endpoint).toBe('notes/show');
    }
    expect(String(error) + JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('uploads drive/files/create as multipart with every field, `i` included', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN });
    const file = new File([new Uint8Array([1, 2, 3])], 'a.bin', { type: 'application/octet-stream' });
    await driveFilesCreate(client, { file, isSensitive: true, name: 'a.bin' });
    const form = server.requests.at(-1)!.form!;
    expect(form.get('i')).toBe(TOKEN);
    expect(form.get('isSensitive')).toBe('true');
    expect(form.get('name')).toBe('a.bin');
    const sent = form.get('file') as File;
    expect(new Uint8Array(await sent.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('reports a framework 404 for an endpoint the server lacks as an unexpected response', async () => {
    const client = createClient({ origin: server.origin });
    const error = await client.request('meta').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });

  it('carries permission data', () => {
    expect(permissions).toContain('write:notes');
    expect(endpointMeta['notes/create']).toEqual({ credential: true, permission: 'write:notes', internal: false });
  });
});
