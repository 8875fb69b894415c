/**
 * `misskey-codegen diff` and the regeneration summary of `generate`, as users run them: the built
 * CLI in a child process (run `npm run build` first). The "older" side is the reference spec
 * altered the way a server upgrade alters it: an endpoint that will go away, one that will come,
 * a param that will become required.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiDiff } from '../../../generator/diff/index.js';
import { tempDir } from '../../helpers/generate.js';
import { REFERENCE_SPEC, ROOT } from '../../helpers/specs.js';

const exec = promisify(execFile);
/** Each run starts the CLI, and generate formats a whole package: slow on a loaded 2-core machine. */
const SLOW = { timeout: 300_000 };
const CLI = join(ROOT, 'dist/generator/cli.js');
const dir = tempDir('mkcg-diff-cli-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd: dir, timeout: 120_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** One line on stderr, prefixed by the tool's name, and no stack trace. */
function expectOneLineError(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^misskey-codegen: /);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const older = join(dir, 'older.json');
{
  const doc = JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8')) as { info: { version: string }; paths: Record<string, any> };
  doc.info.version = '2026.6.0';
  doc.paths['/legacy/ping'] = doc.paths['/ping'];
  delete doc.paths['/following/list'];
  doc.paths['/notes/show'].post.requestBody.content['application/json'].schema.required = [];
  writeFileSync(older, JSON.stringify(doc));
}

describe('misskey-codegen diff', SLOW, () => {
  it('prints what changed, grouped, each change with its effect on callers; exit 0 without --fail-on-breaking', async () => {
    const result = await run('diff', older, REFERENCE_SPEC);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('misskey 2026.6.0 → misskey 2026.7.0');
    expect(result.stdout).toContain('endpoints: 1 added, 1 removed, 1 changed');
    expect(result.stdout).toContain('2 breaking changes, 0 refinements, 1 compatible.');
    expect(result.stdout).toMatch(/Endpoints added \(1\), compatible\n {2}\+ following\/list \(credential required, permission read:following\)/);
    expect(result.stdout).toMatch(/Endpoints removed \(1\), breaking\n {2}- legacy\/ping/);
    expect(result.stdout).toMatch(/ {2}notes\/show\n {4}! breaking {4}param `noteId` is now required \(tightened\)\n/);
  });

  it('--fail-on-breaking exits 2 when something breaks, 0 when nothing does', async () => {
    expect((await run('diff', older, REFERENCE_SPEC, '--fail-on-breaking')).code).toBe(2);
    expect((await run('diff', REFERENCE_SPEC, REFERENCE_SPEC, '--fail-on-breaking')).code).toBe(0);
  });

  it('--json prints the whole diff for tools', async () => {
    const result = await run('diff', older, REFERENCE_SPEC, '--json');
    const diff = JSON.parse(result.stdout) as ApiDiff;
    expect(diff.summary).toMatchObject({ endpointsAdded: 1, endpointsRemoved: 1, breaking: 2, compatible: 1 });
    expect(diff.changes).toContainEqual(expect.objectContaining({ endpoint: 'notes/show', scope: 'params', path: 'noteId', kind: 'property-required', severity: 'breaking' }));
  });

  it('bad sides fail in one line with exit 1; a usage mistake exits 2', async () => {
    const missing = await run('diff', join(dir, 'missing.json'), REFERENCE_SPEC);
    expect(missing.code).toBe(1);
    expectOneLineError(missing.stderr);
    expect(missing.stderr).toContain('missing.json');
    const notPackage = await run('diff', dir, REFERENCE_SPEC);
    expect(notPackage.code).toBe(1);
    expectOneLineError(notPackage.stderr);
    expect(notPackage.stderr).toContain('without a model.json');
    const usage = await run('diff', older);
    expect(usage.code).toBe(2);
  });
});

describe('misskey-codegen generate over an existing package', SLOW, () => {
  const out = join(dir, 'pkg');

  it('says nothing about changes the first time; --json has apiChanges: null', async () => {
    const result = await run('generate', '--spec', older, '--out', out, '--json');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { apiChanges: unknown }).apiChanges).toBeNull();
  });

  it('--check --json includes what changed in the API since, by the same engine as diff', async () => {
    const result = await run('generate', '--out', out, '--check', '--json');
    expect(result.code).toBe(1); // stale: the package is for 2026.6.0
    const summary = JSON.parse(result.stdout) as { apiChanges: ApiDiff };
    const direct = JSON.parse((await run('diff', out, REFERENCE_SPEC, '--json')).stdout) as ApiDiff;
    expect(summary.apiChanges.summary).toEqual(direct.summary);
    expect(summary.apiChanges.changes).toEqual(direct.changes);
  });

  it('prints the summary with every breaking change on stderr, then writes', async () => {
    const result = await run('generate', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('API changes since the previous generation (misskey 2026.6.0 → misskey 2026.7.0):');
    expect(result.stderr).toContain('  ! legacy/ping: removed\n');
    expect(result.stderr).toContain('  ! notes/show: param `noteId` is now required (tightened)\n');
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ server: { version: '2026.7.0' } });
  });

  it('--quiet prints nothing; an unreadable previous model.json is a warning, not a failure', async () => {
    expect((await run('generate', '--out', out, '--check', '--quiet')).stderr).toBe('');
    writeFileSync(join(out, 'model.json'), '{"source": {"version": 1}}');
    const result = await run('generate', '--out', out, '--check');
    expect(result.code).toBe(1); // model.json would be rewritten
    expect(result.stderr).toContain(`warning: cannot tell what changed since the package in ${out}: ${join(out, 'model.json')}: #/source/version is not a string`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
