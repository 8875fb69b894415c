/**
 * Small spec documents built in code, for tests of one rule at a time: a well-formed Misskey-style
 * document to break in one place, and its parts. (Whole documents live in test/fixtures/specs/*.json;
 * hand-built models in ./model.ts.)
 */
import type { LoadedSpec } from '../../generator/load/index.js';

export type Json = Record<string, any>;

/** A 200 answer with a JSON schema. */
export const ok = (schema: Json) => ({ '200': { description: 'OK', content: { 'application/json': { schema } } } });

/** A POST operation (no credential, an object result) with `extra` over it. */
export const op = (extra: Json = {}) => ({ post: { description: 'Test.\n\n**Credential required**: *No*', responses: ok({ type: 'object' }), ...extra } });

/** A small well-formed Misskey-style document to break in one place at a time. */
export function baseDocument(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'Misskey API', version: '2026.7.0-test' },
    paths: {
      '/notes/show': op({
        operationId: 'post___notes___show',
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { noteId: { type: 'string', format: 'misskey:id' } }, required: ['noteId'] } } } },
        responses: ok({ $ref: '#/components/schemas/Note' }),
      }),
      '/ping': op({ operationId: 'post___ping', responses: ok({ type: 'object', properties: { pong: { type: 'number' } }, required: ['pong'] }) }),
    },
    components: {
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'object' } }, required: ['error'] },
        Note: { type: 'object', properties: { id: { type: 'string', format: 'misskey:id' }, text: { type: ['string', 'null'] } }, required: ['id', 'text'] },
      },
    },
  };
}

/** `document` as the loader hands it on, read from a file (or from a server, with `server`). */
export function loaded(document: Json, from: Partial<Pick<LoadedSpec, 'source' | 'server'>> = {}): LoadedSpec {
  return { document, sha256: 'test', bytes: 0, source: { kind: 'file', location: 'test.json' }, warnings: [], ...from };
}
