/** Where the bench reads from and writes to. Everything it makes goes under .tmp/bench (git-ignored). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH = join(ROOT, 'bench');
export const WORKERS = join(BENCH, 'workers');
export const APPS = join(BENCH, 'apps');
export const WORK = join(ROOT, '.tmp/bench');
export const REFERENCE_SPEC = join(ROOT, 'generator/reference/misskey-2026.7.0.json');
export const RESULTS_MD = join(BENCH, 'RESULTS.md');

const nm = (path) => join(ROOT, 'node_modules', path);
/** The generic generators live in bench/node_modules, installed by ./peers.js on the first `npm run bench`. */
export const BENCH_MODULES = join(BENCH, 'node_modules');
const benchNm = (path) => join(BENCH_MODULES, path);

/** Entry scripts run with `node`, so no shell and no npx (which may resolve another TypeScript). */
export const BIN = {
  ours: join(ROOT, 'dist/generator/cli.js'),
  openapiTypescript: nm('openapi-typescript/bin/cli.js'),
  orval: benchNm('orval/dist/bin/orval.mjs'),
  heyApi: benchNm('@hey-api/openapi-ts/bin/run.js'),
  tsc5: nm('typescript/bin/tsc'),
  tsc7: nm('tsc7/bin/tsc'),
};

export const PACKAGE_JSON = {
  root: join(ROOT, 'package.json'),
  openapiTypescript: nm('openapi-typescript/package.json'),
  orval: benchNm('orval/package.json'),
  heyApi: benchNm('@hey-api/openapi-ts/package.json'),
  misskeyJs: nm('misskey-js/package.json'),
  esbuild: nm('esbuild/package.json'),
  tsc5: nm('typescript/package.json'),
  tsc7: nm('tsc7/package.json'),
};

/**
 * Node 22 and 24 binaries, where the tests leave them (npm's node-<os>-<cpu> packages, unpacked by
 * test/helpers/portability.ts): for the measurements that differ by Node line. Missing ones are named, not fetched.
 */
export const OTHER_NODES = [22, 24].map((major) => ({
  major,
  path: join(ROOT, 'node_modules/.cache/misskey-codegen/runtimes', `node-${process.platform}-${process.arch}@${major}`, 'package/bin/node'),
}));
