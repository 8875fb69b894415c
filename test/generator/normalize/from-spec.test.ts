/** generator/normalize/from-spec.ts: the one door that builds a model from a loaded spec. */
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../../../generator/assets.js';
import { modelFromSpec } from '../../../generator/normalize/from-spec.js';
import { baseDocument, loaded } from '../../helpers/spec.js';

describe('modelFromSpec', () => {
  it('keeps the names the package’s own code exports from spec names', () => {
    expect(loadAssets().exports.has('createClient')).toBe(true);
    const doc = baseDocument();
    doc['components'].schemas['createClient'] = { type: 'object' };
    const model = modelFromSpec(loaded(doc));
    expect(model.schemas.find((s) => s.name === 'createClient')?.typeName).toBe('createClient2');
  });

  it('records the server’s identity and URL for a spec from a server, and neither for a file', () => {
    const fromServer = modelFromSpec(loaded(baseDocument(), { source: { kind: 'url', location: 'https://s.example/api.json' }, server: { software: 'sharkey', version: '1' } }));
    expect(fromServer.source).toMatchObject({ software: 'sharkey', url: 'https://s.example/api.json', specSha256: 'test' });
    const fromFile = modelFromSpec(loaded(baseDocument()));
    expect(fromFile.source.software).toBe('misskey');
    expect(fromFile.source).not.toHaveProperty('url');
  });

  it('records the options it was given', () => {
    expect(modelFromSpec(loaded(baseDocument()), { excludeInternal: true, emit: 'js' }).options).toEqual({ excludeInternal: true, emit: 'js' });
  });
});
