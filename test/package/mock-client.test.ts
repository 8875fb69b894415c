/**
 * The generated client (built from the current sources) against `startMock`, with its own response
 * validator in throw mode: calls, typed errors, pagination, upload, MiAuth and a retried 429 all work
 * as against a real server, and every answer conforms to the spec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../generator/mock/index.js';
import { fromSources } from '../helpers/from-sources.js';

type Pkg = typeof import('../../generated/misskey-2026.7.0/index.js');
type Validation = typeof import('../../generated/misskey-2026.7.0/validation.js');
let pkg: Pkg;
let validation: Validation;
let mock: Mock;

beforeAll(async () => {
  pkg = await fromSources<Pkg>('index.ts');
  validation = await fromSources<Validation>('validation.ts');
  mock = await startMock({ seed: 'client' });
}, 120_000);
afterAll(() => mock?.close());

const client = (token = mock.tokens['alice']!) =>
  pkg.createClient({ origin: mock.origin, token, validate: pkg.createValidator(validation.resultSchemas, { mode: 'throw' }), retry: pkg.retries() });

describe('the generated client against the mock', () => {
  it('calls and typed errors: i, notes/create, notes/show, NO_SUCH_NOTE as an endpoint error, a bad token', async () => {
    const c = client();
    expect((await c.request('i')).username).toBe('alice');
    const { createdNote } = await pkg.notesCreate(c, { text: 'typed' });
    expect((await pkg.notesShow(c, { noteId: createdNote.id })).text).toBe('typed');
    const missing = await pkg.notesShow(c, { noteId: 'nope' }).catch((e: unknown) => e);
    expect(pkg.isEndpointError(missing, 'notes/show') && [missing.code, missing.status]).toEqual(['NO_SUCH_NOTE', 400]);
    const bad = await pkg.notesCreate(client('wrong'), { text: 'x' }).catch((e: unknown) => e);
    expect(pkg.isEndpointError(bad, 'notes/create') && [bad.code, bad.status]).toEqual(['AUTHENTICATION_FAILED', 401]);
  });

  it('pagination: paginate walks a timeline with untilId, each note once, newest first', async () => {
    const posted: string[] = [];
    for (let i = 0; i < 25; i++) posted.push(mock.post({ text: `p${i}` }, 'bob').id);
    const seen: string[] = [];
    for await (const note of pkg.paginate(client(mock.tokens['bob']), 'notes/timeline', { limit: 10 })) seen.push(note.id);
    expect(seen).toEqual([...posted].reverse());
  });

  it('upload: driveFilesCreate stores the file; drive/files/show finds it', async () => {
    const c = client();
    const file = await pkg.driveFilesCreate(c, { file: new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' }), name: 'pic.png' });
    expect([file.name, file.size]).toEqual(['pic.png', 4]);
    expect((await pkg.driveFilesShow(c, { fileId: file.id })).id).toBe(file.id);
  });

  it('MiAuth: startMiAuth, the page, approval, waitForApproval gives a scoped client that works', async () => {
    const session = pkg.startMiAuth({ origin: mock.origin, name: 'test bot', permissions: ['read:account', 'write:notes'] });
    expect((await fetch(session.url)).status).toBe(200);
    setTimeout(() => mock.approve(session.session, { user: 'bob' }), 100);
    const approval = await pkg.waitForApproval(session, { intervalMs: 50, timeoutMs: 5000 });
    expect(approval.user.username).toBe('bob');
    const { createdNote } = await pkg.notesCreate(approval.client, { text: 'via MiAuth' });
    expect(createdNote.user.username).toBe('bob');
    // The server side of the scope: the same token on an unscoped client is refused by the mock.
    const refused = await pkg.driveFiles(client(approval.token), {}).catch((e: unknown) => e);
    expect(pkg.isEndpointError(refused, 'drive/files') && [refused.code, refused.status]).toEqual(['PERMISSION_DENIED', 403]);
  });

  it('a 429 with Retry-After is retried by retries() and the call succeeds', async () => {
    mock.faults.rateLimit({ endpoint: 'notes/create', times: 1, retryAfter: 1 });
    const started = Date.now();
    const { createdNote } = await pkg.notesCreate(client(), { text: 'after the limit' });
    expect(createdNote.text).toBe('after the limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
