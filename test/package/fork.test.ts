/**
 * A fork's spec (the reference spec plus endpoints, permissions and a schema of its own, with
 * conventions worded its own way) generates a package exposing the extras, which a consumer can
 * use and which compiles; and the diff against upstream shows exactly the extras.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFrom } from '../../generator/commands/diff.js';
import { diffModels } from '../../generator/diff/index.js';
import { generateTemp, tempDir, type TempPackage } from '../helpers/generate.js';
import { REFERENCE_SPEC } from '../helpers/specs.js';
import { compile } from '../helpers/tsc.js';
import { FORK_CONSUMER, FORK_VERSION, forkDocument } from '../helpers/fork-spec.js';

const specDir = tempDir('mkcg-fork-spec-');
const specPath = join(specDir, 'api.json');
let pkg: TempPackage;

beforeAll(async () => {
  writeFileSync(specPath, JSON.stringify(forkDocument()));
  pkg = await generateTemp(specPath);
  writeFileSync(join(pkg.dir, 'consumer.ts'), FORK_CONSUMER);
}, 300_000);
afterAll(() => {
  pkg?.cleanup();
  rmSync(specDir, { recursive: true, force: true });
});

describe('a fork of 2026.7.0 with endpoints, permissions and a schema of its own', { timeout: 300_000 }, () => {
  it('reads the extras, including the permission written under another label, without warnings', () => {
    const create = pkg.model.endpoints.find((e) => e.name === 'bites/create');
    expect(create).toMatchObject({ credential: true, permission: 'write:bites', identifier: 'bitesCreate', description: 'Bite a note.' });
    expect(pkg.model.endpoints.find((e) => e.name === 'bites/list')).toMatchObject({ permission: 'read:bites' });
    expect(pkg.model.permissions).toEqual(expect.arrayContaining(['write:bites', 'read:bites']));
    expect(pkg.model.schemas.map((s) => s.name)).toContain('Bite');
    expect(pkg.model.source.version).toBe(FORK_VERSION);
    expect(pkg.model.warnings).toEqual([]);
  });

  it('exposes them in the package files', () => {
    expect(pkg.files.get('api.ts')).toMatch(/export function bitesCreate\(\s*client: Transport<"write:bites">,\s*params: T\.BitesCreateParams/);
    expect(pkg.files.get('schemas.ts')).toMatch(/export interface Bite \{/);
    expect(pkg.files.get('permissions.ts')).toContain('"write:bites",');
    expect(pkg.files.get('permissions.ts')).toContain('"bites/create": {\n    credential: true,\n    permission: "write:bites",\n    internal: false,\n  }');
    expect(pkg.files.get('endpoints.ts')).toContain("export type BitesCreateErrorCode =");
  });

  it.each([
    ['tsc5', 'nodenext'],
    ['tsc7', 'bundler'],
  ] as const)('a consumer of the extras compiles strictly (%s, %s)', async (compiler, resolution) => {
    const result = await compile(pkg.dir, { compiler, resolution, include: ['consumer.ts', 'client/**/*.ts'] });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('against upstream, the diff is exactly the extras: `format: id` for `misskey:id` changes no type', async () => {
    const upstream = (await loadModelFrom(REFERENCE_SPEC)).model;
    const diff = diffModels(upstream, pkg.model);
    expect(diff.changes.map((c) => `${c.severity} ${c.kind} ${c.endpoint ?? c.schema ?? ''} ${c.message}`)).toEqual([
      'compatible endpoint-added bites/create added (credential required, permission write:bites)',
      'compatible endpoint-added bites/list added (credential required, permission read:bites)',
      'compatible schema-added Bite added',
      'compatible permission-name-added  permission read:bites added',
      'compatible permission-name-added  permission write:bites added',
    ]);
    expect(diff.to).toMatchObject({ version: FORK_VERSION });
  });
});
