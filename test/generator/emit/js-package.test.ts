/**
 * generator/emit/js-package.ts and js-files.ts: `--emit js` written directly gives the package the
 * compiler gave (generator/output/compile-js.ts, which `--emit js` ran before): the same declared
 * types, the same values, the same calls; and generation runs no compiler.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadAssets } from '../../../generator/assets.js';
import { emitJsPackage } from '../../../generator/emit/js-package.js';
import { buildPackage } from '../../../generator/generate.js';
import { loadSpec } from '../../../generator/load/index.js';
import { compileJs } from '../../../generator/output/compile-js.js';
import { compiledAssets } from '../../../generator/output/compiled-assets.js';
import { compile } from '../../helpers/tsc.js';
import { tempDir, writeTree } from '../../helpers/generate.js';
import { REFERENCE_SPEC, ROOT } from '../../helpers/specs.js';

const calls = vi.hoisted(() => ({ compileJs: 0 }));
vi.mock('../../../generator/output/compile-js.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../generator/output/compile-js.js')>();
  return { ...actual, compileJs: (...args: Parameters<typeof actual.compileJs>) => (calls.compileJs++, actual.compileJs(...args)) };
});

const dir = tempDir('mkcg-jspkg-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPECS = { reference: REFERENCE_SPEC, 'hostile-names': join(ROOT, 'test/fixtures/specs/hostile-names.json'), 'hostile-proto': join(ROOT, 'test/fixtures/specs/hostile-proto.json') };
/** The generated modules that hold values: written by js-files.ts, compared with the compiler's output. */
const VALUE_MODULES = ['api', 'permissions', 'validation'] as const;

/** The package `--emit js` writes now, and the one compileJs makes of the same TypeScript. */
async function bothPackages(spec: string) {
  const loaded = await loadSpec({ spec });
  calls.compileJs = 0;
  const direct = await buildPackage(loaded, { emit: 'js' });
  const generationCompiles = calls.compileJs;
  const ts = await buildPackage(loaded, { emit: 'ts' });
  return { direct: direct.files, compiled: compileJs(ts.files), generationCompiles, model: direct.model };
}

describe.each(Object.entries(SPECS))('--emit js of %s', (name, spec) => {
  const packages = bothPackages(spec);

  it('runs no compiler while generating (the runtime and templates were compiled at build)', async () => {
    expect((await packages).generationCompiles).toBe(0);
  });

  it('has the files the compiler gave, and the same text for the runtime and the types-only modules’ JavaScript', async () => {
    const { direct, compiled } = await packages;
    // package.json comes with `--emit js` only.
    expect([...direct.keys()].filter((p) => p !== 'package.json')).toEqual([...compiled.keys()]);
    for (const path of direct.keys()) if (/^runtime\/.*\.js$|^(schemas|endpoints|entities)\.js$/.test(path)) expect(direct.get(path), path).toBe(compiled.get(path));
  });

  it('declares for api, permissions and validation exactly the types the compiler infers (tsc 5.9, strict)', async () => {
    const { direct, compiled } = await packages;
    const files = new Map(direct);
    const checks = ['type Same<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;'];
    for (const module of VALUE_MODULES) {
      files.set(`compiled-${module}.d.ts`, compiled.get(`${module}.d.ts`) ?? '');
      checks.push(
        `import type * as New_${module} from './${module}.js';`,
        `import type * as Old_${module} from './compiled-${module}.js';`,
        `export const same_${module}: Same<typeof New_${module}, typeof Old_${module}> = true;`,
      );
      // Type exports too (Permission, EndpointMeta): each one the same.
      for (const m of (compiled.get(`${module}.d.ts`) ?? '').matchAll(/^export (?:type|interface) (\w+)/gm)) {
        checks.push(`export const same_${module}_${m[1]}: Same<New_${module}.${m[1]}, Old_${module}.${m[1]}> = true;`);
      }
    }
    files.set('same.ts', checks.join('\n') + '\n');
    const out = join(dir, name);
    writeTree(out, files);
    const result = await compile(out, { compiler: 'tsc5', resolution: 'nodenext', include: ['same.ts'], extra: { noUnusedLocals: false } });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 120_000);

  it('holds the same values and makes the same calls as the compiled JavaScript', async () => {
    const { direct, compiled } = await packages;
    const load = async (files: Map<string, string>, sub: string) => {
      const out = join(dir, `${name}-${sub}`);
      writeTree(out, new Map([...files].filter(([p]) => p.endsWith('.js') || p === 'package.json')));
      return Promise.all(VALUE_MODULES.map((m) => import(pathToFileURL(join(out, `${m}.js`)).href) as Promise<Record<string, unknown>>));
    };
    const [now, before] = await Promise.all([load(direct, 'direct'), load(compiled, 'compiled')]);
    for (const [i, module] of VALUE_MODULES.entries()) {
      const a = now[i] ?? {};
      const b = before[i] ?? {};
      expect(Object.keys(a).sort(), module).toEqual(Object.keys(b).sort());
      for (const key of Object.keys(b)) {
        if (typeof b[key] !== 'function') {
          expect(a[key], `${module}.${key}`).toEqual(b[key]);
          continue;
        }
        const seen = (fn: unknown) => {
          const args: unknown[][] = [];
          (fn as (client: unknown, params: unknown, options: unknown) => unknown)({ call: (...x: unknown[]) => args.push(x) }, { p: 1 }, { o: 2 });
          return args;
        };
        expect(seen(a[key]), `${module}.${key}`).toEqual(seen(b[key]));
      }
    }
  }, 120_000);
});

describe('emitJsPackage', () => {
  it('refuses a generated TypeScript module it has no rule for, instead of shipping it without JavaScript', async () => {
    const { model, files } = await buildPackage(await loadSpec({ spec: SPECS['hostile-names'] }));
    const extra = new Map(files).set('extra.ts', 'export const x = 1;\n');
    expect(() => emitJsPackage(model, loadAssets(), compiledAssets(), extra)).toThrow(/^--emit js: no JavaScript for extra\.ts/);
  });
});
