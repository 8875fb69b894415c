/** generator/emit/manifest.ts: what a package was generated from and by what. */
import { describe, expect, it } from 'vitest';
import { emitManifest } from '../../../generator/emit/manifest.js';
import { endpoint, model } from '../../helpers/model.js';

describe('emitManifest', () => {
  it('records the generator, the server, the spec and the counts', () => {
    const m = model({ version: '2026.7.0', source: { url: 'https://m.example/api.json', software: 'sharkey' }, endpoints: [endpoint('a', { internal: true }), endpoint('b')], permissions: ['read:account'] });
    expect(JSON.parse(emitManifest(m, '0.1.0'))).toEqual({
      generator: { name: 'misskey-codegen', version: '0.1.0' },
      server: { software: 'sharkey', version: '2026.7.0', url: 'https://m.example/api.json' },
      spec: { sha256: '2026.7.0', openapi: '3.1.0', title: 'Misskey API' },
      counts: { endpoints: 2, schemas: 0, permissions: 1, internal: 1, warnings: 0 },
    });
  });

  it('records an option only when it differs from the default, read from the model', () => {
    expect(JSON.parse(emitManifest(model(), '0.1.0'))).not.toHaveProperty('options');
    expect(JSON.parse(emitManifest(model({ options: { excludeInternal: true } }), '0.1.0')).options).toEqual({ internal: false });
  });

  it('is indented JSON with hidden characters escaped', () => {
    const text = emitManifest(model({ version: 'v\u202e1' }), '0.1.0');
    expect(text).toContain('"version": "v\\u202e1"');
    expect(text.endsWith('}\n')).toBe(true);
  });
});
