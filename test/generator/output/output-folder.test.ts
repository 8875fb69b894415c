/**
 * `generate --out` that can never take the package fails at once, in one line naming the path and
 * what is wrong: before the spec is loaded (a missing `--spec` would be reported otherwise), not as a
 * raw `EEXIST … mkdir` or `EACCES` after the whole generation.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputFolderError } from '../../../generator/output/output-folder.js';
import { writeFiles } from '../../../generator/output/write.js';
import { tempDir } from '../../helpers/generate.js';
import { runCli, type CliResult } from '../../helpers/cli.js';

const dir = tempDir('mkcg-out-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'a-file');
writeFileSync(file, 'not a folder\n');
// A spec that does not exist: had the spec been read first, the error would name it instead.
const missingSpec = join(dir, 'missing-spec.json');

function expectOneLine(result: CliResult, ...parts: string[]) {
  expect(result.code, result.stderr).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toContain(part);
  expect(result.stderr).not.toMatch(/EEXIST|ENOTDIR|EACCES|mkdir|\n\s+at /);
  expect(result.stderr).not.toContain('missing-spec.json');
}

describe('generate --out that cannot take the package', () => {
  it('an existing regular file: says it is a file, before loading the spec', async () => {
    const result = await runCli(['generate', '--spec', missingSpec, '--out', file]);
    expectOneLine(result, `--out ${file}: is a file, not a folder`);
  });

  it('a folder below a regular file: names the file', async () => {
    const result = await runCli(['generate', '--spec', missingSpec, '--out', join(file, 'pkg')]);
    expectOneLine(result, `--out ${join(file, 'pkg')}: ${file} is a file, not a folder`);
  });

  it('a regular file with --check and --json: the same line, and a JSON error with a stable code', async () => {
    const result = await runCli(['generate', '--spec', missingSpec, '--out', file, '--check', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, error: { code: 'OUT_NOT_A_FOLDER', message: `--out ${file}: is a file, not a folder` } });
  });

  // Root may write anywhere whatever the mode bits say, so as root the command runs as `nobody`, for whom the modes hold.
  const asRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  const readOnly = join(dir, 'read-only');
  mkdirSync(readOnly);
  chmodSync(readOnly, 0o555);
  if (asRoot) chmodSync(dir, 0o755);
  const user = asRoot ? { user: NOBODY } : {};

  it.skipIf(process.platform === 'win32')('a folder without write permission: says so, before loading the spec', async () => {
    const result = await runCli(['generate', '--spec', missingSpec, '--out', readOnly], user);
    expectOneLine(result, `--out ${readOnly}: cannot write to this folder (permission denied)`);
  });

  it.skipIf(process.platform === 'win32')('a new folder inside one without write permission: names the folder it cannot create in', async () => {
    const out = join(readOnly, 'sub', 'pkg');
    const result = await runCli(['generate', '--spec', missingSpec, '--out', out], user);
    expectOneLine(result, `--out ${out}: cannot create it in ${readOnly} (permission denied)`);
  });
});

describe('writing, when the file system refuses after the check', () => {
  it('is one line naming the file that could not be written, not a raw mkdir error', async () => {
    const out = join(dir, 'written');
    mkdirSync(out);
    writeFileSync(join(out, 'runtime'), 'a file where a folder goes\n');
    const writing = writeFiles(out, new Map([['runtime/client.ts', 'export {};\n']]), { check: false });
    await expect(writing).rejects.toBeInstanceOf(OutputFolderError);
    await expect(writing).rejects.toThrow(`cannot write ${join(out, 'runtime/client.ts')} (a file is in the way)`);
  });
});
