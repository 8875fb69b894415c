/** generator/commands/options.ts: the one rule for an option given in seconds, applied by every command before any work. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAuth } from '../../../generator/commands/auth.js';
import { runDiff } from '../../../generator/commands/diff.js';
import { runGenerate } from '../../../generator/commands/generate.js';
import { milliseconds } from '../../../generator/commands/options.js';
import { runProbe } from '../../../generator/commands/probe.js';
import { OptionError } from '../../../generator/errors.js';
import { tempDir } from '../../helpers/generate.js';
import { REFERENCE_SPEC } from '../../helpers/specs.js';

const dir = tempDir('mkcg-options-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = () => ({ stdout: () => {}, stderr: () => {}, cwd: dir, fetch: (() => Promise.reject(new Error('no call may be made'))) as typeof fetch });
const BAD = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e7];

describe('milliseconds', () => {
  it('turns seconds into milliseconds, taking the default when none is given', () => {
    expect(milliseconds('--timeout', 1.5, 30)).toBe(1500);
    expect(milliseconds('--timeout', undefined, 30)).toBe(30_000);
  });

  it('refuses what no timer can wait for: not positive, not a number, or longer than a timer holds (it would fire at once)', () => {
    for (const value of BAD) {
      expect(() => milliseconds('--interval', value, 2), String(value)).toThrow(OptionError);
      expect(() => milliseconds('--interval', value, 2), String(value)).toThrow(`--interval must be a positive number of seconds up to 2147483, got ${value}`);
    }
  });
});

describe('every command checks its seconds before doing anything', () => {
  it('generate (it checked none: --timeout 0 went on to generate)', async () => {
    for (const timeout of BAD) {
      const out = join(dir, `generate-${timeout}`);
      await expect(runGenerate({ spec: REFERENCE_SPEC, out, check: false, internal: true, quiet: true, json: false, timeout }, io()), String(timeout)).rejects.toMatchObject({ code: 'BAD_OPTION' });
    }
  });

  it('diff, probe and auth (they took a timeout too long for a timer)', async () => {
    await expect(runDiff({ old: REFERENCE_SPEC, new: REFERENCE_SPEC, timeout: 1e7 }, io())).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(runProbe({ url: 'http://127.0.0.1:9', timeout: 1e7 }, io())).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(runAuth({ url: 'http://127.0.0.1:9', timeout: 1e7 }, io())).rejects.toMatchObject({ code: 'BAD_OPTION', message: expect.stringContaining('--timeout') });
    await expect(runAuth({ url: 'http://127.0.0.1:9', interval: 0 }, io())).rejects.toMatchObject({ code: 'BAD_OPTION', message: expect.stringContaining('--interval') });
  });
});
