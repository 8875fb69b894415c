/**
 * One generation per (spec, options, state of the sources), shared by every test file and worker of a
 * run, and by later runs while the sources stay the same. Generating a real spec's package takes
 * seconds of CPU; a dozen test files only read the same few packages, and on a 2-core machine each
 * repeat costs the whole suite that time.
 *
 * The key is the hash of the sources (see ./from-sources.ts), of the spec's path and bytes and of the
 * options, so another state of any of them is another entry: a cached package is exactly what
 * `buildPackage` gives now. Entries are written whole and renamed into place; while one worker builds
 * an entry (it holds `<entry>.lock`), the others wait for it rather than build it again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { buildPackage } from '../../generator/generate.js';
import { loadSpec } from '../../generator/load/index.js';
import type { ApiModel } from '../../generator/model/types.js';
import { prune, sourcesHash } from './from-sources.js';
import { ROOT } from './specs.js';

export interface Generated {
  model: ApiModel;
  files: Map<string, string>;
}

/** What may vary between cached generations: plain data only, so that it can be part of the key. */
export interface CachedOptions {
  emit?: 'ts' | 'js';
  packageName?: string;
}

const TMP = join(ROOT, '.tmp');
const PREFIX = 'generated-';
// A lock older than this was left by a worker that died: take over.
const LOCK_STALE_MS = 5 * 60 * 1000;
const POLL_MS = 100;

const inProcess = new Map<string, Promise<string>>();

/** `buildPackage(await loadSpec(spec === undefined ? {} : { spec }), options)`, generated once and shared; each call gets its own copy. */
export async function generated(spec: string | undefined, options: CachedOptions = {}): Promise<Generated> {
  const key = entryKey(spec, options);
  let entry = inProcess.get(key);
  if (entry === undefined) {
    entry = cached(key, spec, options);
    inProcess.set(key, entry);
  }
  return read(await entry);
}

function entryKey(spec: string | undefined, options: CachedOptions): string {
  const hash = createHash('sha256').update(sourcesHash()).update('\0');
  if (spec !== undefined) hash.update(spec).update('\0').update(readFileSync(spec));
  return hash.update('\0').update(JSON.stringify(options, Object.keys(options).sort())).digest('hex').slice(0, 24);
}

/** The entry's file, built first unless there already. */
async function cached(key: string, spec: string | undefined, options: CachedOptions): Promise<string> {
  const folder = PREFIX + sourcesHash().slice(0, 16);
  const dir = join(TMP, folder);
  const file = join(dir, `${key}.json`);
  const lock = join(dir, `${key}.lock`);
  mkdirSync(dir, { recursive: true });
  prune(PREFIX, folder);
  for (;;) {
    if (existsSync(file)) return file;
    if (takeLock(lock)) break;
    await sleep(POLL_MS);
  }
  try {
    const built = await buildPackage(await loadSpec(spec === undefined ? {} : { spec }), options);
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, JSON.stringify({ model: built.model, files: [...built.files] }));
    renameSync(staging, file);
    return file;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** mkdir is atomic: one worker gets the lock. A stale one (its holder died) is removed and taken. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
    } catch {
      // Released meanwhile.
    }
    return false;
  }
}

function read(file: string): Generated {
  const { model, files } = JSON.parse(readFileSync(file, 'utf8')) as { model: ApiModel; files: [string, string][] };
  return { model, files: new Map(files) };
}
