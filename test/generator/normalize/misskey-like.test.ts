/** generator/normalize/misskey-like.ts: whether an OpenAPI document describes a Misskey-style API at all. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notMisskeyReason } from '../../../generator/normalize/misskey-like.js';
import { baseDocument, op, type Json } from '../../helpers/spec.js';
import { REFERENCE_SPEC } from '../../helpers/specs.js';

const reason = (doc: Json) => notMisskeyReason(doc, doc['paths']);
const unmarked = (paths: Json) => ({ openapi: '3.1.0', info: { title: 'An API', version: '1' }, paths });

describe('notMisskeyReason', () => {
  it('accepts the reference spec and a small Misskey-style document', () => {
    expect(reason(JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8')) as Json)).toBeUndefined();
    expect(reason(baseDocument())).toBeUndefined();
  });

  it('wants 90% of paths to be POST endpoints named /{name}, and names the first that is not', () => {
    const rest = unmarked({ '/pets': { get: {} }, '/pets/{id}': { get: {} }, '/a': op() });
    expect(reason({ ...rest, info: { title: 'Misskey API' } })).toBe('only 1 of 3 paths are POST endpoints named /{name} (e.g. #/paths/~1pets)');
    expect(reason(unmarked({}))).toBe('#/paths is empty');
  });

  it('wants one Misskey marker: the title, an Error schema, or operationIds in one of Misskey’s three styles', () => {
    const paths = { '/notes/create': op({ operationId: 'createNote' }) };
    expect(reason(unmarked(paths))).toMatch(/^no Misskey marker/);
    expect(reason({ ...unmarked(paths), components: { schemas: { Error: {} } } })).toBeUndefined();
    for (const operationId of ['notes/create', 'notes___create', 'post___notes___create']) {
      expect(reason(unmarked({ '/notes/create': op({ operationId }) })), operationId).toBeUndefined();
    }
  });
});
