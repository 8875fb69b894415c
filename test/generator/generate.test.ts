/** generator/generate.ts: the pipeline, steered by the options the model records. */
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../generator/generate.js';
import { baseDocument, loaded } from '../helpers/spec.js';

describe('buildPackage', () => {
  it('shows the model before emitting, and records the options it was given', async () => {
    const seen: string[] = [];
    const { model, files } = await buildPackage(loaded(baseDocument()), { onModel: (m) => seen.push(m.source.version), packageVersion: '1.2.3' });
    expect(seen).toEqual(['2026.7.0-test']);
    expect(model.options).toEqual({ excludeInternal: false, emit: 'ts', packageVersion: '1.2.3' });
    expect(JSON.parse(files.get('package.json') ?? '')).toMatchObject({ version: '1.2.3', types: './index.ts' });
    expect(JSON.parse(files.get('model.json') ?? '').options).toEqual(model.options);
  });

  it('compiles to JavaScript and declarations when the model says js', async () => {
    const { files } = await buildPackage(loaded(baseDocument()), { emit: 'js' });
    expect([...files.keys()]).toEqual(expect.arrayContaining(['api.js', 'api.d.ts', 'package.json', 'model.json']));
    expect(files.has('api.ts')).toBe(false);
  });
});
