/**
 * The real specs in ../shared/specs (or $MISSKEY_SPECS_DIR). They are read in place, never copied.
 * When the folder is absent, tests that need it are skipped and say so.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SPECS_DIR = resolve(process.env['MISSKEY_SPECS_DIR'] ?? join(ROOT, '../shared/specs'));
export const REFERENCE_SPEC = join(ROOT, 'generator/reference/misskey-2026.7.0.json');

export interface RealSpec {
  version: string;
  path: string;
}

export function realSpecs(): RealSpec[] {
  if (!existsSync(SPECS_DIR)) return [];
  return readdirSync(SPECS_DIR)
    .filter((f) => /^misskey-.+\.json$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/^misskey-|\.json$/g, ''), path: join(SPECS_DIR, f) }));
}

/** Call at module level in a test file that needs the real specs: prints why it is skipping. */
export function specsAvailable(): boolean {
  const ok = realSpecs().length > 0;
  if (!ok) console.warn(`SKIPPED: no real specs at ${SPECS_DIR} (set MISSKEY_SPECS_DIR); tests over real server specs are skipped.`);
  return ok;
}
