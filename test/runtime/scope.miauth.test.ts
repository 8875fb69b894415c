/**
 * MiAuth through the generated package, against a local server: `startMiAuth` → `waitForApproval`
 * gives the token, its user and a client scoped to the permissions asked for, which sends what they
 * cover with that token and refuses the rest before sending. The package is built from the current
 * sources (templates, runtime, generator), not the committed copy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMisskey, type FakeMisskey } from '../helpers/fake-misskey.js';
import { fromSources } from '../helpers/from-sources.js';

type Package = typeof import('../../generated/misskey-2026.7.0/index.js');
type Client = import('../../generated/misskey-2026.7.0/index.js').Client;

const pkg = await fromSources<Package>('index.ts');
let fake: FakeMisskey;

beforeAll(async () => {
  fake = await startFakeMisskey({ approveAfterMs: 60 });
  fake.route('/api/notes/create', (req, res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ createdNote: { id: 'n1', text: (JSON.parse(body) as { text: string }).text } }));
  });
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  fake.requests.length = 0;
});

const apiCalls = () => fake.requests.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/miauth/'));

describe('generated startMiAuth / waitForApproval', () => {
  it('hands back the token, its user and a client scoped to exactly the requested permissions', async () => {
    const session = pkg.startMiAuth({ origin: fake.origin, name: 'bot', permissions: ['read:account', 'write:notes'] });
    expect(session.url).toContain('permission=read:account,write:notes');
    const approved = await pkg.waitForApproval(session, { intervalMs: 20, timeoutMs: 5_000 });
    expect(approved.token).toBe(fake.tokens.get(session.session));
    expect(approved.user).toMatchObject({ username: 'alice' });
    expect(approved.permissions).toEqual(['read:account', 'write:notes']);
    expect(approved.client.origin).toBe(fake.origin);
    expect(approved.client.permissions).toEqual(['read:account', 'write:notes']);

    const { createdNote } = await pkg.notesCreate(approved.client, { text: 'approved' });
    expect(createdNote.text).toBe('approved');
    expect(apiCalls().map((r) => [r.url, JSON.parse(r.body)])).toEqual([['/api/notes/create', { text: 'approved', i: approved.token }]]);
  });

  it('refuses, before sending, what the requested permissions do not cover', async () => {
    const session = pkg.startMiAuth({ origin: fake.origin, permissions: ['read:account'] });
    const { client } = await pkg.waitForApproval(session, { intervalMs: 20, timeoutMs: 5_000 });
    // Around the type check, as a program with a wrong cast would.
    const error = await pkg.notesCreate(client as unknown as Client, { text: 'x' }).then(
      () => expect.fail('the call was not refused'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(pkg.PermissionError);
    expect(error).toMatchObject({ endpoint: 'notes/create', permission: 'write:notes', reason: 'missing-permission' });
    expect(apiCalls()).toEqual([]);
  });

  it("passes the client options on, and the wait's fetch", async () => {
    const seen: string[] = [];
    const counting: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const session = pkg.startMiAuth({ origin: fake.origin, permissions: ['write:notes'] });
    const { client, token } = await pkg.waitForApproval(session, { intervalMs: 20, timeoutMs: 5_000, fetch: counting, client: { credential: 'header' } });
    await client.request('notes/create', { text: 'by header' });
    const sent = apiCalls().at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${token}`);
    expect(JSON.parse(sent.body)).toEqual({ text: 'by header' });
    expect(seen.at(-1)).toBe(`${fake.origin}/api/notes/create`);
    expect(seen.filter((url) => url.includes('/api/miauth/')).length).toBeGreaterThan(0);
  });
});
