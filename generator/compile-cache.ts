/**
 * Compiled code kept between runs. Most of a generation's fixed cost is V8 compiling JavaScript:
 * typescript.js alone is 9 MB, about 130 ms on Node 20 before any work is done.
 * - Node 22.1+ keeps compiled code itself, for every module, once `module.enableCompileCache` is called.
 * - Node 20 has no such switch: typescript.js, the one module that matters, is compiled through
 *   `vm.Script` with a code cache of our own ({@link requireCompiled}).
 *
 * Both live in the node_modules folder that holds this package (node_modules/.cache/misskey-codegen).
 * Whoever can write there can already change our code in the same folder, so the cache opens no
 * new way in. It holds compiled code only: of the modules the tool loads (on Node 22+, that includes
 * a JavaScript prettier config read for `--prettier`), never data.
 * `NODE_DISABLE_COMPILE_CACHE=1` (Node's own switch) turns both off. A cache that cannot be read or
 * written is ignored: it only ever saves time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const requireCjs = createRequire(import.meta.url);
const builtIn = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
const disabled = () => Boolean(process.env['NODE_DISABLE_COMPILE_CACHE']);

/** node_modules/.cache/misskey-codegen in the node_modules that holds this package; in a checkout, its own node_modules. */
export function cacheDir(): string {
  const root = fileURLToPath(new URL('../..', import.meta.url)); // dist/generator/ → the package
  const modules = basename(dirname(root)) === 'node_modules' ? dirname(root) : join(root, 'node_modules');
  return join(modules, '.cache', 'misskey-codegen');
}

/** Node 22.1+: from here on, every module loaded is compiled once and then read from the cache. Before the generator's imports. */
export function enableCompileCache(dir = cacheDir()): void {
  try {
    builtIn?.(join(dir, 'node'));
  } catch {
    // A cache that cannot be set up only costs time.
  }
}

let use = 'default';
/**
 * Names the work of this run (`generate-ts`, `generate-js`), before typescript.js loads. Each work
 * keeps a cache of its own: one written while emitting TypeScript lacks the compiler's JavaScript
 * emit, and a hit is never written again.
 */
export function compileCacheFor(work: 'generate-ts' | 'generate-js'): void {
  use = work;
}

export type CacheStatus = 'hit' | 'miss' | 'rejected' | 'off';

/**
 * `require(id)`, compiled from the code cache on Node 20 (on Node 22+ the built-in cache does it).
 * The module goes into `require.cache` as usual, so openapi-typescript's own `require` shares it.
 */
export function requireCompiled(id: string): unknown {
  const filename = requireCjs.resolve(id);
  if (builtIn || requireCjs.cache[filename]) return requireCjs(filename);
  return loadCompiled(filename, join(cacheDir(), 'v8', use)).exports; // which honours NODE_DISABLE_COMPILE_CACHE itself
}

/**
 * Loads the CommonJS module `filename` with V8's code cache from `dir`. Only for a module that never
 * calls `import()`, as typescript.js: on Node 20, code compiled through `vm` cannot without an
 * experimental flag. The cache is written when the process exits, so that it also holds the functions
 * the run compiled on the way. It is taken only for the same Node, architecture and file (path, size,
 * change time), and V8 checks it once more.
 */
export function loadCompiled(filename: string, dir: string): { exports: unknown; status: CacheStatus } {
  if (disabled()) return { exports: requireCjs(filename), status: 'off' };
  const source = readFileSync(filename, 'utf8');
  const { size, mtimeMs, ino } = statSync(filename);
  const key = createHash('sha256').update(JSON.stringify([process.version, process.arch, filename, size, mtimeMs, ino])).digest();
  const file = join(dir, `${createHash('sha256').update(filename).digest('hex').slice(0, 16)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    const stored = readFileSync(file);
    if (stored.subarray(0, key.length).equals(key)) cachedData = stored.subarray(key.length);
  } catch {
    // No cache yet.
  }
  const script = new Script(Module.wrap(source), { filename, cachedData });
  const status: CacheStatus = cachedData === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  const module = new Module(filename);
  module.filename = filename;
  requireCjs.cache[filename] = module;
  try {
    (script.runInThisContext() as Function).call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  } catch (error) {
    delete requireCjs.cache[filename];
    throw error;
  }
  module.loaded = true;
  if (status !== 'hit') process.once('exit', () => store(file, key, script));
  return { exports: module.exports, status };
}

/** Written beside and renamed into place, so that two runs at once never read half a cache. */
function store(file: string, key: Buffer, script: Script): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, Buffer.concat([key, script.createCachedData()]));
    renameSync(partial, file);
  } catch {
    try {
      unlinkSync(partial);
    } catch {
      // Never written.
    }
  }
}
