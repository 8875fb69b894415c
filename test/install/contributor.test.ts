/**
 * A contributor's set-up: `npm ci` on Node 20 installs what building and testing need and prints no
 * engine warning (the benchmark's generators, which want Node 22, have their own install in bench/),
 * and each TypeScript compiler has a name that cannot be mistaken for the other.
 * `npm ci` is dry-run on a copy of package.json and the lockfile: nothing here touches this checkout.
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/generate.js';
import { mustRun, userEnv } from '../helpers/npm.js';
import { ROOT } from '../helpers/specs.js';

const work = tempDir('mkcg-contributor-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `npm ci` of a copy of `dir`'s package.json and lockfile, without installing anything (no network, no scripts). */
async function dryCi(dir: string, name: string) {
  const copy = join(work, name);
  await mustRun(`mkdir -p ${name}`, work);
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(dir, file), join(copy, file));
  const ran = await mustRun('npm ci --dry-run --offline --ignore-scripts', copy);
  return { output: ran.stdout + ran.stderr, added: Number(/added (\d+) packages/.exec(ran.stdout)?.[1]) };
}

const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; scripts: Record<string, string> };

describe('npm ci', () => {
  it(`prints no engine warning on this Node (${process.version}; CI runs 20) and installs only what build and tests need`, async () => {
    const { output, added } = await dryCi(ROOT, 'root');
    expect(output.match(/EBADENGINE.*/g) ?? []).toEqual([]);
    // 285 with the benchmark's generators in the root; 171 without.
    expect(added).toBeLessThan(200);
  });

  it("leaves the benchmark's generators to bench/package.json, whose lockfile npm ci accepts", async () => {
    const root = manifest(ROOT);
    const bench = manifest(join(ROOT, 'bench'));
    for (const peer of ['orval', '@hey-api/openapi-ts']) {
      expect({ ...root.dependencies, ...root.devDependencies }).not.toHaveProperty(peer);
      expect(bench.dependencies).toHaveProperty(peer);
    }
    const { added } = await dryCi(join(ROOT, 'bench'), 'bench');
    expect(added).toBeGreaterThan(0);
  });
});

describe('the two TypeScript compilers', () => {
  const version = async (script: string) => (await mustRun(`npm run -s ${script} -- --version`, ROOT, { env: userEnv() })).stdout.trim();

  it('npm run tsc5 is TypeScript 5.9, the one npm run build uses; npm run tsc7 is TypeScript 7', async () => {
    const [five, seven] = await Promise.all([version('tsc5'), version('tsc7')]);
    expect(five).toMatch(/^Version 5\.9\.\d+$/);
    expect(seven).toMatch(/^Version 7\.\d+\.\d+$/);
    expect(manifest(ROOT).scripts['build']).toContain(manifest(ROOT).scripts['tsc5']);
  });

  it('the README names both and warns off `npx tsc`', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain('`npm run tsc5 -- …` is TypeScript 5.9');
    expect(readme).toContain('`npm run tsc7 -- …` is TypeScript 7');
    expect(readme).toMatch(/Do not use `npx tsc`/);
  });
});
