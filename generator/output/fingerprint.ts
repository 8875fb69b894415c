/**
 * What makes regenerating an unchanged package instant. manifest.json records the sha256 of every
 * file written (`withFileHashes`); `unchanged` then says, from the manifest and the files alone,
 * whether a run would write the same package again: same generator version, same spec bytes, same
 * options, and every file as written, none missing and none added. Only node:crypto and node:fs here,
 * so a fresh process answers without loading the emitters.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { jsonLine } from '../emit/safe.js';
import { isObject } from '../model/json.js';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Files a generated package folder owns (the generator removes those it no longer writes): TypeScript, JavaScript (`--emit js`) and JSON. */
export const OWNED = /\.(ts|js|json)$/;

/** The package's files with manifest.json listing the sha256 of every other file, by path. */
export function withFileHashes(files: Map<string, string>): Map<string, string> {
  const text = files.get('manifest.json');
  if (text === undefined) return files;
  const hashes = Object.fromEntries([...files].filter(([path]) => path !== 'manifest.json').sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, body]) => [path, sha256(body)]));
  const manifest = { ...(JSON.parse(text) as Record<string, unknown>), files: hashes };
  return new Map([...files].map(([path, body]) => [path, path === 'manifest.json' ? jsonLine(JSON.stringify(manifest, null, 2)) + '\n' : body]));
}

export interface Fingerprint {
  generatorVersion: string;
  specSha256: string;
  /** The manifest's `options` block for this run (see ../emit/manifest.ts recordedOptions). */
  options: Record<string, unknown>;
}

export interface Unchanged {
  /** From the manifest: what the package holds, for the run's summary. */
  software: string;
  version: string;
  counts: { endpoints: number; schemas: number; permissions: number };
  files: number;
}

/**
 * The manifest's summary when `out` holds exactly what a run with `fingerprint` would write, else
 * undefined (any doubt: the full run decides, and reports what differs). A package with warnings
 * is always regenerated, so its warnings are printed again.
 */
export async function unchanged(out: string, fingerprint: Fingerprint): Promise<Unchanged | undefined> {
  const manifest = await readFile(join(out, 'manifest.json'), 'utf8').then(
    (text) => JSON.parse(text) as unknown,
    () => undefined,
  );
  if (!isObject(manifest) || !isObject(manifest['generator']) || !isObject(manifest['spec']) || !isObject(manifest['files']) || !isObject(manifest['counts'])) return undefined;
  const { generator, spec, files, counts, server } = manifest;
  if (generator['version'] !== fingerprint.generatorVersion || spec['sha256'] !== fingerprint.specSha256) return undefined;
  if (JSON.stringify(manifest['options'] ?? {}) !== JSON.stringify(fingerprint.options)) return undefined;
  if (counts['warnings'] !== 0) return undefined;
  const expected = new Map(Object.entries(files));
  const present = await ownedFiles(out);
  if (present.length !== expected.size + 1 || present.some((path) => path !== 'manifest.json' && !expected.has(path))) return undefined;
  for (const [path, hash] of expected) {
    const body = await readFile(join(out, path)).catch(() => undefined);
    if (body === undefined || sha256(body) !== hash) return undefined;
  }
  const number = (value: unknown) => (typeof value === 'number' ? value : 0);
  return {
    software: String(isObject(server) ? server['software'] : ''),
    version: String(isObject(server) ? server['version'] : ''),
    counts: { endpoints: number(counts['endpoints']), schemas: number(counts['schemas']), permissions: number(counts['permissions']) },
    files: expected.size + 1,
  };
}

/** The owned files under `dir` (relative, `/`-separated, sorted), node_modules left out. */
export async function ownedFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
    .filter((p) => !p.startsWith('node_modules/') && OWNED.test(p))
    .sort();
}

/** sha256 of a spec file's bytes: what loadSpec records for a file (../load/index.ts). */
export async function specFileSha256(path: string): Promise<string | undefined> {
  return readFile(path).then(sha256, () => undefined);
}
