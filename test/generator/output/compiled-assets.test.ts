/**
 * generator/output/compiled-assets.ts: the runtime and templates, compiled at `npm run build`, are
 * what a fresh compile of the current sources gives; changed sources are compiled again.
 */
import { describe, expect, it } from 'vitest';
import { loadAssets, type Assets } from '../../../generator/assets.js';
import { compileAssets, compiledAssets } from '../../../generator/output/compiled-assets.js';

describe('compiledAssets', () => {
  it('gives what compiling the current runtime and templates gives: JavaScript and declarations for each', () => {
    const assets = loadAssets();
    const stored = compiledAssets(assets);
    expect(new Map(stored)).toEqual(compileAssets(assets));
    const expected = [...assets.runtime.keys()].map((name) => `runtime/${name}`).concat([...assets.templates.keys()]);
    for (const path of expected) {
      const base = path.slice(0, -'.ts'.length);
      expect(stored.has(`${base}.js`) && stored.has(`${base}.d.ts`), path).toBe(true);
    }
  }, 120_000);

  it('compiles a runtime whose sources changed since the build again, so the package never ships stale JavaScript', () => {
    const assets = loadAssets();
    const [name, text] = [...assets.runtime][0] ?? ['', ''];
    const changed: Assets = { ...assets, runtime: new Map(assets.runtime).set(name, text + '\nexport const addedAfterBuild = 1;\n') };
    const js = compiledAssets(changed).get(`runtime/${name.replace(/\.ts$/, '.js')}`) ?? '';
    expect(js).toContain('export const addedAfterBuild = 1;');
    // And back: the stored build serves the unchanged sources again.
    expect(compiledAssets(assets).get(`runtime/${name.replace(/\.ts$/, '.js')}`)).not.toContain('addedAfterBuild');
  }, 120_000);
});
