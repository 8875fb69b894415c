/**
 * The `misskey-codegen generate` command as users run it (the built CLI, in a child process):
 * the embedded default works offline and says what it targets; `--check` passes on fresh output
 * and fails, listing files, after one byte changes; bad input is one line and no stack trace.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/generate.js';
import { runCli } from './run.js';

const dir = tempDir('mkcg-cli-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => runCli(args, { cwd: dir });

describe('misskey-codegen generate', () => {
  const out = join(dir, 'pkg');

  it('with no --url or --spec, targets the embedded upstream Misskey 2026.7.0 and says so', async () => {
    const result = await run('generate', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('upstream Misskey 2026.7.0');
    expect(result.stderr).toMatch(/438 endpoints/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { server: { version: string } };
    expect(manifest.server.version).toBe('2026.7.0');
  });

  it('--check passes on fresh output and writes nothing', async () => {
    const result = await run('generate', '--out', out, '--check');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('up to date');
  });

  it('--check fails with exit 1 and lists the file after one byte changes, and does not repair it', async () => {
    const file = join(out, 'api.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('export function', 'export  function'));
    const result = await run('generate', '--out', out, '--check');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('~ api.ts');
    expect(readFileSync(file, 'utf8')).not.toBe(original);
    writeFileSync(file, original);
  });

  it('--json prints one machine-readable summary', async () => {
    const result = await run('generate', '--out', out, '--check', '--json');
    const summary = JSON.parse(result.stdout) as { ok: boolean; endpoints: number; server: { version: string } };
    expect(summary).toMatchObject({ ok: true, endpoints: 438, server: { version: '2026.7.0' } });
  });

  it('reports a missing spec file in one line, exit 1, no stack trace', async () => {
    const result = await run('generate', '--spec', join(dir, 'missing.json'), '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('missing.json');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a usage mistake with exit 2', async () => {
    const result = await run('generate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('out');
  });
});
