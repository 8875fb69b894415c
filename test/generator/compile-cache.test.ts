/**
 * generator/compile-cache.ts: compiled code kept between runs. Each case runs fresh Node processes,
 * since a module is compiled once per process: the first run writes the cache as it exits, a later
 * one reads it. The cache must only ever save time: never serve stale code, never fail a run.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/generate.js';
import { run, runtimeBinary } from '../helpers/portability.js';
import { missingPrerequisite } from '../helpers/prerequisites.js';
import { ROOT } from '../helpers/specs.js';

const MODULE = join(ROOT, 'dist/generator/compile-cache.js');

// A CommonJS module using what the wrapper hands it: `this`, `module`, `require`, `__filename`.
const fixture = (value: string) =>
  `const { basename } = require('node:path');\nmodule.exports = { value: ${JSON.stringify(value)}, file: basename(__filename), self: this === module.exports };\n`;

/** Loads `file` through loadCompiled in a fresh process; what it saw, and whether `require` then finds the same module. */
async function load(file: string, dir: string, env: NodeJS.ProcessEnv = {}) {
  const script = `
    import { createRequire } from 'node:module';
    const { loadCompiled } = await import(${JSON.stringify(MODULE)});
    const { exports, status } = loadCompiled(${JSON.stringify(file)}, ${JSON.stringify(dir)});
    console.log(JSON.stringify({ status, exports, shared: createRequire(import.meta.url)(${JSON.stringify(file)}) === exports }));`;
  const ran = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...cacheAllowed(), ...env } });
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(0);
  return JSON.parse(ran.stdout) as { status: string; exports: { value: string; file: string; self: boolean }; shared: boolean };
}

/** This environment without NODE_DISABLE_COMPILE_CACHE, should the machine set it. */
function cacheAllowed(): NodeJS.ProcessEnv {
  const { NODE_DISABLE_COMPILE_CACHE: _, ...env } = process.env;
  return env;
}

function setUp(value = 'one') {
  const work = tempDir('mkcg-compile-cache-');
  const file = join(work, 'lib.cjs');
  writeFileSync(file, fixture(value));
  return { work, file, dir: join(work, 'cache') };
}

describe('the code cache (Node 20 and later)', () => {
  it('is written by a first run and read by the next, which gets the same module, shared with require', async () => {
    const { file, dir } = setUp();
    const first = await load(file, dir);
    expect(first).toEqual({ status: 'miss', exports: { value: 'one', file: 'lib.cjs', self: true }, shared: true });
    expect(readdirSync(dir)).toHaveLength(1);
    const second = await load(file, dir);
    expect(second).toEqual({ ...first, status: 'hit' });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('never serves the code of a file that changed since', async () => {
    const { file, dir } = setUp('one');
    await load(file, dir);
    writeFileSync(file, fixture('two, and longer'));
    const changed = await load(file, dir);
    expect(changed.status).toBe('miss');
    expect(changed.exports.value).toBe('two, and longer');
  });

  it('a damaged cache is turned down by V8, the module still loads, and the cache is written anew', async () => {
    const { file, dir } = setUp();
    await load(file, dir);
    const cached = join(dir, readdirSync(dir)[0]!);
    const bytes = readFileSync(cached);
    bytes.fill(7, 32, 64); // past our key: V8's own header (its version, flags and checksum)
    writeFileSync(cached, bytes);
    const damaged = await load(file, dir);
    expect(damaged.status).toBe('rejected');
    expect(damaged.exports.value).toBe('one');
    expect((await load(file, dir)).status).toBe('hit');
  });

  it('a cache folder that cannot be written costs nothing but the time: no error, no output', async () => {
    const { work, file } = setUp();
    const blocked = join(work, 'a-file');
    writeFileSync(blocked, '');
    const loaded = await load(file, join(blocked, 'cache'));
    expect(loaded).toMatchObject({ status: 'miss', exports: { value: 'one' } });
  });

  it("is off under Node's own switch, NODE_DISABLE_COMPILE_CACHE=1", async () => {
    const { file, dir } = setUp();
    expect(await load(file, dir, { NODE_DISABLE_COMPILE_CACHE: '1' })).toMatchObject({ status: 'off', exports: { value: 'one' }, shared: true });
    expect(existsSync(dir)).toBe(false);
  });

  it('lives in the node_modules that holds the package: in this checkout, its own', async () => {
    const { cacheDir } = (await import(MODULE)) as { cacheDir: () => string };
    expect(cacheDir()).toBe(join(ROOT, 'node_modules/.cache/misskey-codegen'));
  });
});

describe("Node 22+'s own compile cache", () => {
  it('is turned on in the folder given, and the CLI turns it on before its command line loads', { timeout: 240_000 }, async (ctx) => {
    const node = await runtimeBinary('node', 22);
    if ('reason' in node) {
      missingPrerequisite(`Node 22 (${node.reason})`, 'the compile cache on Node 22');
      return ctx.skip();
    }
    const dir = join(tempDir('mkcg-compile-cache-22-'), 'cache');
    const script = `
      import { getCompileCacheDir } from 'node:module';
      const { enableCompileCache } = await import(${JSON.stringify(MODULE)});
      enableCompileCache(${JSON.stringify(dir)});
      console.log(getCompileCacheDir());`;
    const ran = await run(node.path, ['--input-type=module', '-e', script], { env: cacheAllowed() });
    expect(ran.stderr).toBe('');
    expect(ran.stdout.trim().startsWith(join(dir, 'node'))).toBe(true);
    // Node's own trace names each module it compiles through the cache.
    const cli = await run(node.path, [join(ROOT, 'dist/generator/cli.js'), '--version'], { env: { ...cacheAllowed(), NODE_DEBUG_NATIVE: 'COMPILE_CACHE' } });
    expect(cli.code).toBe(0);
    expect(cli.stderr).toMatch(/\[compile cache\].*\/dist\/generator\/command-line\.js/);
  });
});
