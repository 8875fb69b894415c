/**
 * Type-level tests: a consumer file with `@ts-expect-error` lines compiled against the committed
 * reference package under both compilers and both module resolutions. A missing error (the type
 * is too loose) and an unexpected one (too strict) both fail the compile.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type Compiler, type Resolution } from '../helpers/tsc.js';
import { tempDir } from '../helpers/generate.js';
import { ROOT } from '../helpers/specs.js';
import { rmSync } from 'node:fs';

const dir = tempDir('mkcg-types-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated types, as a consumer sees them', () => {
  it.each([
    ['tsc5', 'nodenext'],
    ['tsc5', 'bundler'],
    ['tsc7', 'nodenext'],
    ['tsc7', 'bundler'],
  ] as [Compiler, Resolution][])('%s / %s: every expectation in consumer.fixture.ts holds', async (compiler, resolution) => {
    const result = await compile(dir, { compiler, resolution, include: [join(ROOT, 'test/fixtures/package/consumer.fixture.ts')] });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
