/**
 * generator/cli.ts and generator/errors.ts: a failure is one line on stderr, and under --json one
 * object on stdout whose `code` is the error's own stable code (it used to be "ERROR" for most).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/generate.js';

const dir = tempDir('mkcg-cli-errors-');
beforeAll(() => {
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'model.json'), '{"source": ');
  mkdirSync(join(dir, 'empty'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The JSON failure the CLI printed for `args`, after checking it failed with exit 1 and one stderr line. */
async function failure(...args: string[]): Promise<{ code: string; message: string }> {
  const result = await runCli([...args, '--json'], { cwd: dir });
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  const printed = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; message: string } };
  expect(printed.ok).toBe(false);
  expect(result.stderr).toBe(`misskey-codegen: ${printed.error.message}\n`);
  return printed.error;
}

describe('--json failures carry the error’s code', () => {
  it('BAD_OPTION for an option no run can use', async () => {
    expect(await failure('generate', '--out', 'x', '--package-name', 'Bad Name')).toMatchObject({ code: 'BAD_OPTION', message: expect.stringContaining('--package-name') });
    expect(await failure('generate', '--out', 'x', '--timeout', '0')).toMatchObject({ code: 'BAD_OPTION', message: expect.stringContaining('--timeout') });
  });

  it('BAD_MODEL and NOT_A_PACKAGE for a diff side that is not a generated package', async () => {
    expect((await failure('diff', 'broken', 'broken')).code).toBe('BAD_MODEL');
    expect((await failure('diff', 'empty', 'empty')).code).toBe('NOT_A_PACKAGE');
  });

  it('TOKEN_FILE for a token file probe cannot read (before any call)', async () => {
    expect(await failure('probe', '--url', 'http://127.0.0.1:9', '--token-file', 'missing.txt')).toMatchObject({ code: 'TOKEN_FILE', message: expect.stringContaining('missing.txt (ENOENT)') });
  });

  it('the load step’s own codes, as before', async () => {
    expect((await failure('generate', '--out', 'x', '--spec', 'nothing.json')).code).toBe('FILE_NOT_FOUND');
  });
});
