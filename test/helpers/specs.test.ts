/** test/helpers/specs.ts: the real server specs, found and ordered by release. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, realSpecs } from './specs.js';

describe('compareVersions (spec files in release order)', () => {
  it('orders by number, not as text, with a pre-release before its release', () => {
    const sorted = ['2024.11.0', '2025.4.0', '13.14.2', '2024.5.0', '2025.4.0-beta.10', '2025.4.0-beta.2', '2024.5.0-rc.1', '12.119.2'].sort(compareVersions);
    expect(sorted).toEqual(['12.119.2', '13.14.2', '2024.5.0-rc.1', '2024.5.0', '2024.11.0', '2025.4.0-beta.2', '2025.4.0-beta.10', '2025.4.0']);
    expect(compareVersions('2026.7.0', '2026.7.0')).toBe(0);
  });

  it('lists spec files in release order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mkcg-specs-'));
    try {
      for (const v of ['2024.11.0', '2024.5.0', '13.14.2', '2026.7.0']) writeFileSync(join(dir, `misskey-${v}.json`), '{}');
      writeFileSync(join(dir, 'README.md'), '');
      expect(realSpecs(dir).map((s) => s.version)).toEqual(['13.14.2', '2024.5.0', '2024.11.0', '2026.7.0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
