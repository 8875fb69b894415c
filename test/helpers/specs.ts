/**
 * The real specs in ../shared/specs (or $MISSKEY_SPECS_DIR). They are read in place, never copied.
 * When the folder, or a version a test is about, is absent, the tests that need it are skipped and say
 * so; in CI (MISSKEY_CODEGEN_REQUIRE_ALL=1) they fail instead (see ./prerequisites.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPrerequisite } from './prerequisites.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SPECS_DIR = resolve(process.env['MISSKEY_SPECS_DIR'] ?? join(ROOT, '../shared/specs'));
export const REFERENCE_SPEC = join(ROOT, 'generator/reference/misskey-2026.7.0.json');

export interface RealSpec {
  version: string;
  path: string;
}

/** Oldest first: tests pair each version with the next one, so the order must be the release order. */
export function realSpecs(dir: string = SPECS_DIR): RealSpec[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^misskey-.+\.json$/.test(f))
    .map((f) => ({ version: f.replace(/^misskey-|\.json$/g, ''), path: join(dir, f) }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

/**
 * Release order of Misskey versions: `13.14.2` < `2024.5.0` < `2024.11.0` (as text, `2024.11.0` would
 * come first), and a pre-release before its release (`2025.4.0-beta.1` < `2025.4.0`).
 */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = splitOnce(a, '-');
  const [coreB = '', preB] = splitOnce(b, '-');
  const byParts = compareParts(coreA.split('.'), coreB.split('.'));
  if (byParts !== 0) return byParts;
  if (preA === undefined || preB === undefined) return (preA === undefined ? 1 : 0) - (preB === undefined ? 1 : 0);
  return compareParts(preA.split('.'), preB.split('.'));
}

function compareParts(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const order = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Call at module level in a test file that needs the real specs: says why it skips (or, in CI, fails). */
export function specsAvailable(dir: string = SPECS_DIR): boolean {
  const ok = realSpecs(dir).length > 0;
  if (!ok) missingPrerequisite(`the real specs, no misskey-*.json in ${dir} (set MISSKEY_SPECS_DIR)`, 'tests over real server specs');
  return ok;
}

/**
 * Whether every one of `versions` is in the specs folder, for tests that assert facts of particular
 * versions: with a partial folder they skip, naming the missing files (in CI they fail).
 * `what` names the tests in that message.
 */
export function hasSpecs(what: string, ...versions: string[]): boolean {
  const present = new Set(realSpecs().map((s) => s.version));
  const missing = versions.filter((v) => !present.has(v));
  if (missing.length === 0) return true;
  missingPrerequisite(`${missing.map((v) => `misskey-${v}.json`).join(', ')} not in ${SPECS_DIR} (set MISSKEY_SPECS_DIR)`, what);
  return false;
}

/** The spec of one version, or undefined when it is not in the folder. */
export function realSpec(version: string): RealSpec | undefined {
  return realSpecs().find((s) => s.version === version);
}
