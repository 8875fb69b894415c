/**
 * Prettier is the oracle of the generated text's layout: emitters write their final form (see
 * generator/emit/layout.ts), so prettier with its default options (no config) changes nothing in any
 * file the generator emits, in the reference package and in a fork-like package. The files copied
 * into every package as written (runtime/ and the templates) are hand-written and kept dense on
 * purpose: at prettier's defaults the runtime grows from about 1,700 to 2,900 lines, against the
 * runtime's line budget (one sitting to read it). They are left out of the oracle, not skipped.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../../generator/assets.js';
import { buildPackage } from '../../generator/generate.js';
import { DEFERRED } from '../../generator/emit/layout.js';
import { emitPackage } from '../../generator/emit/package.js';
import { loadSpec } from '../../generator/load/index.js';
import { modelFromSpec } from '../../generator/normalize/from-spec.js';
import { forkDocument } from '../helpers/fork-spec.js';
import { tempDir } from '../helpers/generate.js';
import { realSpecs, ROOT, specsAvailable } from '../helpers/specs.js';

const REFERENCE = join(ROOT, 'generated/misskey-2026.7.0');

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

/** Files copied into the package as written: the runtime, and the templates (a header and filled slots added). */
function copied(path: string): boolean {
  return path.startsWith('runtime/') || loadAssets().templates.has(path);
}

/** The paths of `files` (TypeScript and JSON) that prettier with its default options would change. */
async function changedByPrettier(files: Map<string, string>): Promise<string[]> {
  const changed: string[] = [];
  for (const [path, text] of files) {
    if (!/\.(ts|json)$/.test(path)) continue;
    // model.json is one line of data for programs (prettier would indent it); it is not read by people.
    if (path === 'model.json') continue;
    if ((await format(text, { filepath: path })) !== text) changed.push(path);
  }
  return changed.sort();
}

async function forkPackage(): Promise<Map<string, string>> {
  const spec = join(tempDir('mkcg-oracle-'), 'fork.json');
  writeFileSync(spec, JSON.stringify(forkDocument()));
  return (await buildPackage(await loadSpec({ spec }))).files;
}

describe('prettier oracle: generated text is already prettier-formatted (default options)', () => {
  it('prettier changes no emitted file of the reference package or of a fork-like package', async () => {
    const emitted = (files: Map<string, string>) => new Map([...files].filter(([path]) => !copied(path)));
    const reference = readTree(REFERENCE);
    expect(reference.size).toBeGreaterThan(5);
    expect({ reference: await changedByPrettier(emitted(reference)), fork: await changedByPrettier(emitted(await forkPackage())) }).toEqual({ reference: [], fork: [] });
  }, 120_000);
});

/** The names declared by the statements an emitter left to prettier (../../generator/output/format.ts settleLayout), file by file. */
function leftToPrettier(files: Map<string, string>): string[] {
  const names: string[] = [];
  for (const [path, text] of files) {
    const statements = text.split(DEFERRED).filter((_, i) => i % 2 === 1);
    for (const statement of statements) names.push(`${path}: ${/export (?:type|interface|const) ([\w$]+)/.exec(statement)?.[1] ?? statement.slice(0, 60)}`);
  }
  return names;
}

const specs = specsAvailable() ? realSpecs() : [];

describe('emitters print in prettier\'s final form themselves: prettier is not loaded for real specs', () => {
  it('the reference spec leaves no statement to prettier', async () => {
    expect(leftToPrettier(emitPackage(modelFromSpec(await loadSpec({})), loadAssets()))).toEqual([]);
  });

  // One statement of 2024.11.0 stays with prettier: `(A | null) & A | undefined`, where prettier adds
  // parentheses around the intersection (a change of text, not only of layout).
  const expected: Record<string, string[]> = { '2024.11.0': ['endpoints.ts: FederationShowInstanceResult'] };
  it.skipIf(specs.length === 0).each(specs)('the real spec $version leaves no statement to prettier (but the known ones), and prettier changes none of its emitted files', async ({ version, path }) => {
    const loaded = await loadSpec({ spec: path });
    expect(leftToPrettier(emitPackage(modelFromSpec(loaded), loadAssets()))).toEqual(expected[version] ?? []);
    const { files } = await buildPackage(loaded);
    expect(await changedByPrettier(new Map([...files].filter(([file]) => !copied(file))))).toEqual([]);
  }, 120_000);
});
