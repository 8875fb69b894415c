/**
 * Every real server spec generates a package that compiles under both TypeScript lines and both
 * module resolutions, with one function per endpoint and permission data matching the descriptions.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type Compiler, type Resolution } from '../helpers/tsc.js';
import { generateTemp, type TempPackage } from '../helpers/generate.js';
import { realSpecs, specsAvailable } from '../helpers/specs.js';

const available = specsAvailable();
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

describe.skipIf(!available).each(available ? realSpecs() : [{ version: 'none', path: '' }])('real spec $version', ({ path }) => {
  let pkg: TempPackage;
  beforeAll(async () => {
    pkg = await generateTemp(path);
  });
  afterAll(() => pkg?.cleanup());

  it.each(MATRIX)('compiles strictly with %s, moduleResolution %s, skipLibCheck off', async (compiler, resolution) => {
    const result = await compile(pkg.dir, { compiler, resolution, include: ['client/**/*.ts'] });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('exports exactly one function per spec path', async () => {
    const facts = rawFacts(path);
    const api = pkg.files.get('api.ts') ?? '';
    const functions = [...api.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    expect(functions).toHaveLength(facts.paths.length);
    expect(new Set(functions).size).toBe(functions.length);
    const called = [...api.matchAll(/client\.call\(\s*"([^"]+)"/g)].map((m) => m[1]).sort();
    expect(called).toEqual(facts.paths.map((p) => p.slice(1)).sort());
  });

  it('puts every permission named in a description into Permission, and metadata matches each description', () => {
    const facts = rawFacts(path);
    const named = new Set([...facts.perms.values()].filter((p): p is string => p !== null));
    for (const p of named) expect(pkg.model.permissions).toContain(p);
    const permissionsFile = pkg.files.get('permissions.ts') ?? '';
    for (const p of named) expect(permissionsFile).toContain(`${JSON.stringify(p)},`);
    const flat = permissionsFile.replace(/\s+/g, ' ').replace(/,\s*\}/g, ' }');
    for (const e of pkg.model.endpoints) {
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
    expect(pkg.model.endpoints.filter((e) => e.internal).map((e) => e.name)).toEqual(expected);
  });

  it('leaks no `any` into public signatures', () => {
    for (const file of ['schemas.ts', 'endpoints.ts', 'api.ts', 'permissions.ts']) {
      expect(pkg.files.get(file) ?? '', file).not.toMatch(/:\s*any\b|<any>|\bany\[\]/);
    }
  });
});
