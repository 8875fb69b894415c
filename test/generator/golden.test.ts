/**
 * generated/misskey-2026.7.0 is the committed output for the embedded reference spec. Regenerating
 * must reproduce it byte for byte (needs nothing outside the project), and generation is deterministic.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../generator/generate.js';
import { loadSpec } from '../../generator/load/index.js';
import { ROOT } from '../helpers/specs.js';

const GOLDEN = join(ROOT, 'generated/misskey-2026.7.0');

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

describe('generated/ is current', () => {
  it('regenerating the embedded default reproduces generated/misskey-2026.7.0 byte for byte', async () => {
    const { files } = await buildPackage(await loadSpec({}));
    const committed = readTree(GOLDEN);
    const stale = [...files].filter(([path, text]) => committed.get(path) !== text).map(([path]) => path);
    const extra = [...committed.keys()].filter((path) => !files.has(path));
    expect({ stale, extra }, 'run `npm run generate` and commit generated/').toEqual({ stale: [], extra: [] });
  });

  it('is deterministic: the same spec twice gives identical files', async () => {
    const loaded = await loadSpec({});
    const a = await buildPackage(loaded);
    const b = await buildPackage(await loadSpec({}));
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    for (const [path, text] of a.files) expect(b.files.get(path), path).toBe(text);
  });
});
