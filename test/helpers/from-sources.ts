/**
 * The reference package built from the CURRENT sources (generator, runtime, templates), for behaviour
 * tests. They must exercise the code a change touches: the committed copy in generated/ is stale until
 * someone regenerates, and only the golden test (which says "stale", not what broke) looks at it.
 *
 * Generated once per state of the sources into .tmp/ (inside the repository, so the package's own
 * imports, such as `ws`, resolve through its node_modules) and shared by every test file and worker;
 * a finished package is moved into place in one rename, so a concurrent worker never sees half of one.
 * Tests take their types from the committed package (`typeof import('…/generated/misskey-2026.7.0/…')`):
 * the golden test proves it identical to what the sources give.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPackage } from '../../generator/generate.js';
import { loadSpec } from '../../generator/load/index.js';
import { writeTree } from './generate.js';
import { ROOT } from './specs.js';

/** Everything the generated package is made from: another state of any of them is another package. */
const INPUTS = ['generator', 'runtime', 'templates', 'package-lock.json'];
const TMP = join(ROOT, '.tmp');
const PREFIX = 'from-sources-';
const DONE = '.complete';
// Packages of earlier source states are removed once nothing can still be using them.
const STALE_AFTER_MS = 60 * 60 * 1000;

let ready: Promise<string> | undefined;

/** The folder of the package generated from the current sources. */
export function packageFromSources(): Promise<string> {
  return (ready ??= build());
}

/** `import()` of one module of that package, e.g. `fromSources<typeof import('…/index.js')>('index.ts')`. */
export async function fromSources<M>(module: string): Promise<M> {
  return (await import(pathToFileURL(join(await packageFromSources(), module)).href)) as M;
}

async function build(): Promise<string> {
  const name = PREFIX + sourcesHash().slice(0, 16);
  const dir = join(TMP, name);
  if (existsSync(join(dir, DONE))) return dir;
  mkdirSync(TMP, { recursive: true });
  const staging = mkdtempSync(join(TMP, 'staging-'));
  try {
    const { files } = await buildPackage(await loadSpec({}));
    writeTree(staging, files);
    writeFileSync(join(staging, DONE), '');
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another worker finished the same package first: use it.
    if (!existsSync(join(dir, DONE))) throw error;
  }
  prune(PREFIX, name);
  return dir;
}

let sources: string | undefined;

/** sha256 of everything a generated package is made from (see INPUTS); computed once per process. */
export function sourcesHash(): string {
  return (sources ??= hashSources());
}

function hashSources(): string {
  const hash = createHash('sha256');
  const add = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) add(join(path, entry));
    } else {
      hash.update(`${relative(ROOT, path)}\0`).update(readFileSync(path)).update('\0');
    }
  };
  for (const input of INPUTS) add(join(ROOT, input));
  return hash.digest('hex');
}

/** Removes what starts with `prefix` (and abandoned staging folders) in .tmp/, except `keep`, once old enough that nothing still uses it. */
export function prune(prefix: string, keep: string): void {
  for (const entry of readdirSync(TMP)) {
    if (entry === keep || !(entry.startsWith(prefix) || entry.startsWith('staging-'))) continue;
    const path = join(TMP, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another worker.
    }
  }
}
