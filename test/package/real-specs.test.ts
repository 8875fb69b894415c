/**
 * Every real server spec generates a package that compiles under both TypeScript lines and both
 * module resolutions, with one function per endpoint and permission data matching the descriptions.
 * The packages are modules side by side in one folder: each compiler and resolution checks them all
 * in one program (one compiler start and one reading of the libraries instead of one per version);
 * a diagnostic names the version's folder.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type Compiler, type Resolution } from '../helpers/tsc.js';
import { tempDir, writeTree } from '../helpers/generate.js';
import { generated, type Generated } from '../helpers/package-cache.js';
import { realSpecs, specsAvailable } from '../helpers/specs.js';

const available = specsAvailable();
const specs = available ? realSpecs() : [];
const root = tempDir('mkcg-real-specs-');
const packages = new Map<string, Generated>();
const MATRIX: [Compiler, Resolution][] = [
  ['tsc5', 'nodenext'],
  ['tsc5', 'bundler'],
  ['tsc7', 'nodenext'],
  ['tsc7', 'bundler'],
];

/** Independent reading of the raw document, written without the normalizer's code. */
function rawFacts(path: string) {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { paths: Record<string, { post: { description?: string } }> };
  const perms = new Map<string, string | null>();
  const credential = new Map<string, boolean>();
  const internal = new Map<string, boolean>();
  for (const [p, item] of Object.entries(doc.paths)) {
    const d = item.post.description ?? '';
    perms.set(p.slice(1), /\*\*Permission\*\*: \*([^*]+)\*/.exec(d)?.[1] ?? null);
    credential.set(p.slice(1), d.includes('**Credential required**: *Yes*'));
    internal.set(p.slice(1), /^\*\*Internal Endpoint\*\*/m.test(d));
  }
  return { paths: Object.keys(doc.paths), perms, credential, internal };
}

// One generation per spec, shared with the other test files that read it (../helpers/package-cache.ts);
// the first to ask builds it, which may be this hook, four times.
beforeAll(async () => {
  for (const { version, path } of specs) {
    const pkg = await generated(path);
    packages.set(version, pkg);
    writeTree(join(root, version), pkg.files);
  }
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(!available)(`the packages of every real spec (${specs.map((s) => s.version).join(', ')})`, () => {
  it.each(MATRIX)('compile strictly with %s, moduleResolution %s, skipLibCheck off', async (compiler, resolution) => {
    const result = await compile(root, { compiler, resolution, include: specs.map((s) => `${s.version}/**/*.ts`) });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});

describe.skipIf(!available).each(available ? specs : [{ version: 'none', path: '' }])('real spec $version', ({ version, path }) => {
  const pkg = () => packages.get(version) as Generated;

  it('exports exactly one function per spec path', async () => {
    const facts = rawFacts(path);
    const api = pkg().files.get('api.ts') ?? '';
    const functions = [...api.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    expect(functions).toHaveLength(facts.paths.length);
    expect(new Set(functions).size).toBe(functions.length);
    const called = [...api.matchAll(/client\.call\(\s*"([^"]+)"/g)].map((m) => m[1]).sort();
    expect(called).toEqual(facts.paths.map((p) => p.slice(1)).sort());
  });

  it('puts every permission named in a description into Permission, and metadata matches each description', () => {
    const facts = rawFacts(path);
    const named = new Set([...facts.perms.values()].filter((p): p is string => p !== null));
    for (const p of named) expect(pkg().model.permissions).toContain(p);
    const permissionsFile = pkg().files.get('permissions.ts') ?? '';
    for (const p of named) expect(permissionsFile).toContain(`${JSON.stringify(p)},`);
    const flat = permissionsFile.replace(/\s+/g, ' ').replace(/,\s*\}/g, ' }');
    for (const e of pkg().model.endpoints) {
      expect(e.permission, e.name).toBe(facts.perms.get(e.name));
      expect(e.credential, e.name).toBe(facts.credential.get(e.name));
      expect(e.internal, e.name).toBe(facts.internal.get(e.name));
      // Printed in prettier's default style: double quotes, keys bare where they can be.
      const key = /^[A-Za-z_$][\w$]*$/.test(e.name) ? e.name : JSON.stringify(e.name);
      const entry = `${key}: { credential: ${e.credential}, permission: ${JSON.stringify(e.permission)}, internal: ${e.internal} }`;
      expect(flat).toContain(entry);
    }
  });

  it('marks exactly the endpoints whose description has an Internal Endpoint line as internal', () => {
    const facts = rawFacts(path);
    const expected = [...facts.internal].filter(([, yes]) => yes).map(([name]) => name).sort();
    expect(pkg().model.endpoints.filter((e) => e.internal).map((e) => e.name)).toEqual(expected);
  });

  it('leaks no `any` into public signatures', () => {
    for (const file of ['schemas.ts', 'endpoints.ts', 'api.ts', 'permissions.ts']) {
      expect(pkg().files.get(file) ?? '', file).not.toMatch(/:\s*any\b|<any>|\bany\[\]/);
    }
  });
});
