/**
 * The test tree type-checks (test/tsconfig.json: test/**, generator/, runtime/, strict) under
 * TypeScript 5.9 and 7. vitest only strips types, so without this a type-level test
 * (`@ts-expect-error`, `expectTypeOf`) could never fail, and a test could call an API wrongly unseen.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/specs.js';
import { COMPILERS, type Compiler } from './helpers/tsc.js';

const run = promisify(execFile);
const CONFIG = join(ROOT, 'test/tsconfig.json');

/** Diagnostics of `tsc -p test/tsconfig.json`, one per line; empty when it compiles. */
async function typecheck(compiler: Compiler): Promise<string> {
  try {
    await run(process.execPath, [COMPILERS[compiler], '-p', CONFIG, '--pretty', 'false'], { maxBuffer: 64 << 20 });
    return '';
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message;
  }
}

describe('the test tree type-checks', () => {
  it.concurrent.each(['tsc5', 'tsc7'] as const)('%s: no errors in test/**, generator/, runtime/', { timeout: 240_000 }, async (compiler) => {
    const errors = await typecheck(compiler);
    expect(errors, `${compiler} -p test/tsconfig.json:\n${errors}`).toBe('');
  });

  it('excludes only fixtures that exist (each one is compiled by its own test; see test/tsconfig.json)', () => {
    const config = ts.parseConfigFileTextToJson(CONFIG, readFileSync(CONFIG, 'utf8')).config as { exclude: string[] };
    expect(config.exclude.length).toBeGreaterThan(0);
    for (const pattern of config.exclude) {
      expect(pattern, 'a fixture path under test/').toMatch(/^\.\/(.+\/)?fixtures\//);
      // A file, or a folder's `/**`: no other glob, so that it can be checked without a glob library.
      expect(existsSync(join(ROOT, 'test', pattern.replace(/\/\*\*$/, ''))), pattern).toBe(true);
    }
  });
});
