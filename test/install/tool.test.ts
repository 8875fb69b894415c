/**
 * The README's install, run as written in fresh folders beside a clone of this repository: the
 * packed tarball (`npm pack` builds through `prepare`) and straight from git (npm clones, installs
 * the dev dependencies and builds). Either way, `npx misskey-codegen generate --out src/misskey`
 * then works offline from the embedded spec, writes the files of the committed package, and the
 * output compiles. The clone is a git snapshot of this checkout (its tracked and unignored files), so
 * uncommitted work is what gets installed. Runtime dependencies come from the registry through npm's cache.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/generate.js';
import { mustRun, userEnv, type Ran } from '../helpers/npm.js';
import { ROOT } from '../helpers/specs.js';
import { compile } from '../helpers/tsc.js';

/** The commands exactly as the README's Install section gives them; `<URL of this repository>` is the clone here. */
const README = {
  pack: 'cd misskey-codegen && npm ci && npm pack',
  tarball: 'misskey-codegen-0.1.0.tgz',
  install: 'npm install --save-dev ../misskey-codegen/misskey-codegen-0.1.0.tgz',
  generate: 'npx misskey-codegen generate --out src/misskey',
  approve: 'npm pkg set allowScripts.misskey-codegen=true --json',
  fromGit: 'npm install --save-dev git+<URL of this repository>',
};
const COMMITTED = join(ROOT, 'generated/misskey-2026.7.0');

const work = tempDir('mkcg-install-');
const clone = join(work, 'misskey-codegen');
const fromTarball = join(work, 'your-project');
const fromGit = join(work, 'git-project');
let packed: Ran;
let generated: { tarball: Ran; git: Ran };

/** This checkout as a fresh clone would have it: tracked and unignored files, committed. */
async function snapshot(): Promise<void> {
  const listed = (await mustRun('git ls-files -z --cached --others --exclude-standard', ROOT)).stdout.split('\0');
  for (const path of listed.filter((p) => p && existsSync(join(ROOT, p)))) {
    mkdirSync(dirname(join(clone, path)), { recursive: true });
    copyFileSync(join(ROOT, path), join(clone, path));
  }
  await mustRun('git init -q && git add -A && git -c user.name=test -c user.email=test@example.invalid commit -q -m snapshot', clone);
}

function project(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'your-project', version: '1.0.0', private: true, type: 'module' }, null, 2) + '\n');
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

// The generate step is offline: npx finds the installed command and must not ask the registry.
const offline = userEnv({ npm_config_offline: 'true' });

beforeAll(async () => {
  await snapshot();
  project(fromTarball);
  project(fromGit);
  const viaTarball = (async () => {
    // `npm ci` stands in as a link to this checkout's node_modules, installed by the same lockfile
    // (CI has just run it); `npm pack` then runs `prepare`, which builds dist/ in the clone.
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    packed = await mustRun('npm pack', clone);
    await mustRun(README.install, fromTarball);
    return mustRun(README.generate, fromTarball, { env: offline });
  })();
  const viaGit = (async () => {
    await mustRun(README.approve, fromGit);
    await mustRun(README.fromGit.replace('<URL of this repository>', `file://${clone}`), fromGit);
    return mustRun(README.generate, fromGit, { env: offline });
  })();
  const [tarball, git] = await Promise.all([viaTarball, viaGit]);
  generated = { tarball, git };
}, 400_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the README's install", () => {
  it('gives these commands in its Install section', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('\n## ', readme.indexOf('## Install') + 1));
    for (const command of [README.pack, README.install, README.generate, README.approve, README.fromGit]) expect(install).toContain(command);
  });

  it('npm pack builds the tool through prepare and packs only what it runs from', async () => {
    expect(packed.stdout.trim().split('\n').at(-1)).toBe(README.tarball);
    const entries = (await mustRun(`tar -tzf ${README.tarball}`, clone)).stdout.trim().split('\n').map((e) => e.replace(/^package\//, ''));
    expect(entries).toEqual(expect.arrayContaining(['dist/generator/cli.js', 'dist/compiled-assets.json', 'generator/reference/misskey-2026.7.0.json', 'runtime/http/client.ts', 'templates/client.ts', 'package.json', 'README.md']));
    const tops = [...new Set(entries.map((e) => (e.includes('/') ? e.slice(0, e.indexOf('/')) : e)))].sort();
    expect(tops).toEqual(['README.md', 'dist', 'generator', 'package.json', 'runtime', 'templates']);
    expect(entries.filter((e) => e.startsWith('generator/') && !e.startsWith('generator/reference/'))).toEqual([]);
  });

  it('from the tarball: the command is installed with the runtime dependencies only', () => {
    expect(existsSync(join(fromTarball, 'node_modules/.bin/misskey-codegen'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(fromTarball, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies['misskey-codegen']).toMatch(/misskey-codegen-0\.1\.0\.tgz$/);
    for (const runtime of ['typescript', 'prettier', 'openapi-typescript', 'undici', 'yargs', 'ajv', 'ws']) expect(existsSync(join(fromTarball, 'node_modules', runtime)), runtime).toBe(true);
    for (const dev of ['vitest', 'esbuild', 'playwright-core', 'tsc7']) expect(existsSync(join(fromTarball, 'node_modules', dev)), dev).toBe(false);
  });

  it('from git: npm built it (prepare) after the approval the README gives', () => {
    const manifest = JSON.parse(readFileSync(join(fromGit, 'package.json'), 'utf8')) as { allowScripts: unknown; devDependencies: Record<string, string> };
    expect(manifest.allowScripts).toEqual({ 'misskey-codegen': true });
    expect(manifest.devDependencies['misskey-codegen']).toContain(`file://${clone}`);
    // dist/ is not in git: only prepare can have made it.
    expect(existsSync(join(fromGit, 'node_modules/misskey-codegen/dist/generator/cli.js'))).toBe(true);
  });

  it.each(['tarball', 'git'] as const)('from the %s: generate --out src/misskey writes the files of the committed package, offline', (via) => {
    const out = join(via === 'tarball' ? fromTarball : fromGit, 'src/misskey');
    expect(generated[via].stderr).toContain('upstream Misskey 2026.7.0');
    expect(files(out)).toEqual(files(COMMITTED));
    const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { server: unknown; spec: unknown };
    expect(manifest(out).server).toEqual(manifest(COMMITTED).server);
    expect(manifest(out).spec).toEqual(manifest(COMMITTED).spec);
  });

  it("the installed tool keeps its compiled code in the project's node_modules/.cache, not in its own folder", () => {
    // node/ on Node 22+ (Node's own), else v8/ and the work done (our code cache of typescript.js): generator/compile-cache.ts.
    const cache = join(fromTarball, 'node_modules/.cache/misskey-codegen');
    const expected = 'getCompileCacheDir' in Module ? 'node' : 'v8/generate-ts';
    expect(readdirSync(join(cache, expected)).length).toBeGreaterThan(0);
    expect(existsSync(join(fromTarball, 'node_modules/misskey-codegen/node_modules/.cache'))).toBe(false);
  });

  it('the package generated by the installed tool compiles (TypeScript 7, strict, nodenext)', { timeout: 240_000 }, async () => {
    const { ok, output } = await compile(join(fromTarball, 'src/misskey'), { compiler: 'tsc7', resolution: 'nodenext' });
    expect(output.trim()).toBe('');
    expect(ok).toBe(true);
  });
});
