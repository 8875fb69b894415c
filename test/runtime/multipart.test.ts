import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMisskeyClient } from '../../runtime/http/client.js';
import { requestUnlisted } from '../../runtime/http/unlisted.js';
import { startServer } from '../helpers/http-server.js';
import type { RecordedRequest, TestServer } from '../helpers/http-server.js';

const TOKEN = 'tok3nSECRETvalue0123456789abcdef';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ '/api/drive/files/create': { body: { id: 'f1', name: 'cat.png' } } });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

function form(req: RecordedRequest | undefined): FormData {
  expect(req?.headers['content-type']).toMatch(/^multipart\/form-data; ?boundary=/);
  expect(req?.form).toBeInstanceOf(FormData);
  return req!.form!;
}

function entries(f: FormData): [string, FormDataEntryValue][] {
  const out: [string, FormDataEntryValue][] = [];
  f.forEach((value, key) => out.push([key, value]));
  return out;
}

async function fileOf(f: FormData, key: string): Promise<{ name: string; bytes: Uint8Array }> {
  const value = f.get(key);
  expect(value).toBeInstanceOf(Blob);
  const file = value as File;
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

describe('multipart', () => {
  it('a File param switches to multipart/form-data: file bytes and name, `i`, and every field as text', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    const result = await client.call(
      'drive/files/create',
      {
        file: new File([PNG], 'cat.png', { type: 'image/png' }),
        isSensitive: true,
        force: false,
        name: 'my cat',
        folderId: null,
        comment: undefined,
        count: 3,
        meta: { a: [1, 'two'] },
      },
      undefined,
      true,
    );
    expect(result).toEqual({ id: 'f1', name: 'cat.png' });
    const f = form(server.requests[0]);
    expect(await fileOf(f, 'file')).toEqual({ name: 'cat.png', bytes: PNG });
    expect((f.get('file') as File).type).toBe('image/png');
    expect(f.get('i')).toBe(TOKEN);
    expect(f.get('isSensitive')).toBe('true');
    expect(f.get('force')).toBe('false');
    expect(f.get('name')).toBe('my cat');
    expect(f.get('count')).toBe('3');
    expect(f.get('meta')).toBe('{"a":[1,"two"]}');
    expect(f.has('folderId')).toBe(false);
    expect(f.has('comment')).toBe(false);
  });

  it('puts every field before the file (the server reads fields that precede the file)', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    await client.call('drive/files/create', { file: new Blob([PNG]), name: 'x', isSensitive: true }, undefined, true);
    const keys = entries(form(server.requests[0])).map(([k]) => k);
    expect(keys.at(-1)).toBe('file');
    expect(new Set(keys)).toEqual(new Set(['file', 'name', 'isSensitive', 'i']));
  });

  it("a Blob without a name is sent with the file name 'file'", async () => {
    const client = createMisskeyClient({ origin: server.origin });
    await client.call('drive/files/create', { file: new Blob([PNG], { type: 'image/png' }) });
    const f = form(server.requests[0]);
    expect(await fileOf(f, 'file')).toEqual({ name: 'file', bytes: PNG });
    expect(f.has('i')).toBe(false);
  });

  it('multipart === undefined: detected from a top-level Blob', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    await client.call('drive/files/create', { file: new File([PNG], 'a.bin') });
    expect(form(server.requests[0]).get('i')).toBe(TOKEN);
  });

  it('requestUnlisted sends a file param as form data too', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    await requestUnlisted(client, 'drive/files/create', { file: new File([PNG], 'a.bin') });
    expect(form(server.requests[0]).get('i')).toBe(TOKEN);
  });

  it('multipart === true without any Blob still sends form-data', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN });
    await client.call('drive/files/create', { name: 'x' }, undefined, true);
    const f = form(server.requests[0]);
    expect(entries(f)).toEqual([
      ['name', 'x'],
      ['i', TOKEN],
    ]);
  });

  it('bearer mode: no `i` field, the Authorization header instead', async () => {
    const client = createMisskeyClient({ origin: server.origin, token: TOKEN, credential: 'header' });
    await client.call('drive/files/create', { file: new File([PNG], 'cat.png') }, undefined, true);
    const req = server.requests[0];
    expect(form(req).has('i')).toBe(false);
    expect(req?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('a custom content-type header does not break the boundary', async () => {
    const client = createMisskeyClient({ origin: server.origin, headers: { 'content-type': 'application/json' } });
    await client.call('drive/files/create', { file: new File([PNG], 'cat.png') }, undefined, true);
    expect(await fileOf(form(server.requests[0]), 'file')).toEqual({ name: 'cat.png', bytes: PNG });
  });

  it('multipart === false keeps JSON even with a Blob param', async () => {
    const client = createMisskeyClient({ origin: server.origin });
    await client.call('drive/files/create', { file: new Blob([PNG]) }, undefined, false);
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });
});
