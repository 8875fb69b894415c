/** generator/emit/api-file.ts: one exported function per endpoint, typed by what its token must hold. */
import { describe, expect, it } from 'vitest';
import { emitApiFile } from '../../../generator/emit/api-file.js';
import { endpoint, model, withParams } from '../../helpers/model.js';

describe('emitApiFile', () => {
  it('emits a function per endpoint that calls it by name, with params optional unless one is required', () => {
    const text = emitApiFile(model({ endpoints: [withParams('notes/show', { type: 'object', properties: { noteId: { type: 'string' } }, required: ['noteId'] }), endpoint('ping')] }));
    expect(text).toContain('export function notesShow(\n  client: Transport<never>,\n  params: T.NotesShowParams,\n  options?: CallOptions,\n): Promise<T.NotesShowResult> {');
    expect(text).toContain('  return client.call(\n    "notes/show",\n    params,\n    options,\n  ) as Promise<T.NotesShowResult>;');
    expect(text).toContain('export function ping(\n  client: Transport<never>,\n  params?: T.PingParams,\n  options?: CallOptions,\n)');
    expect(text).not.toContain('FullAccessOnly');
  });

  it('types the client by the permission a credential endpoint names, or as full-access only; uploads are multipart', () => {
    const text = emitApiFile(
      model({
        endpoints: [
          endpoint('drive/files/create', { credential: true, permission: 'write:drive', body: { kind: 'multipart', schema: { type: 'object' } } }),
          endpoint('i/export', { credential: true }),
        ],
      }),
    );
    expect(text).toContain('import type { FullAccessOnly } from "./runtime/http/scope.js";');
    expect(text).toContain('export function driveFilesCreate(\n  client: Transport<"write:drive">,');
    expect(text).toContain('client.call(\n    "drive/files/create",\n    params,\n    options,\n    true,\n  )');
    expect(text).toContain('export function iExport(\n  client: Transport<FullAccessOnly>,');
  });

  it('documents each function (description, access, errors, deprecation, source) in a JSDoc the spec cannot close', () => {
    const text = emitApiFile(model({ endpoints: [endpoint('a', { description: 'Does */ things.', internal: true, deprecated: true, errors: [{ code: 'NO_SUCH', id: '', message: '' }], sourceUrl: 'https://x.example/a.ts', rateLimited: true })] }));
    expect(text).toContain(' * Does *\\/ things.');
    expect(text).toContain(' * **Internal endpoint**');
    expect(text).toContain(' * **Credential**: not required · rate limited');
    expect(text).toContain(' * **Errors**: `NO_SUCH`');
    expect(text).toContain(' * @deprecated');
    expect(text).toContain(' * @see https://x.example/a.ts');
  });

  it('is a module even without endpoints', () => {
    expect(emitApiFile(model())).toBe('import type { CallOptions, Transport } from "./runtime/http/client.js";\n\nexport {};\n');
  });
});
