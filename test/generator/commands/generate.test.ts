/**
 * The `misskey-codegen generate` command as users run it (the built CLI, in a child process):
 * the embedded default works offline and says what it targets; `--check` passes on fresh output
 * and fails, listing files, after one byte changes; bad input is one line and no stack trace.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REFERENCE_SPEC_PATH } from '../../helpers/fake-misskey.js';
import { tempDir } from '../../helpers/generate.js';
import { runCli } from '../../helpers/cli.js';

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
    // Options are recorded only when not the default, so the committed default output does not change.
    expect(manifest).not.toHaveProperty('options');
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

  describe('regenerating with --no-internal over the full package', () => {
    const slim = join(dir, 'slim');
    // Counted from the raw descriptions, not by the normalizer under test.
    const rawPaths = Object.entries(
      (JSON.parse(readFileSync(REFERENCE_SPEC_PATH, 'utf8')) as { paths: Record<string, { post: { description?: string } }> }).paths,
    );
    const internalNames = rawPaths.filter(([, p]) => /^\*\*Internal Endpoint\*\*/m.test(p.post.description ?? '')).map(([path]) => path.slice(1));
    const internalCount = internalNames.length;
    let stderr = '';

    it('prints what changed in the API before it writes anything', async () => {
      cpSync(out, slim, { recursive: true });
      const result = await run('generate', '--out', slim, '--no-internal');
      expect(result.code, result.stderr).toBe(0);
      stderr = result.stderr;
      const summary = stderr.indexOf('API changes since the previous generation');
      const writing = stderr.search(/^writing \d+ files in /m);
      expect(summary, stderr).toBeGreaterThanOrEqual(0);
      expect(writing, stderr).toBeGreaterThanOrEqual(0);
      expect(summary, stderr).toBeLessThan(writing);
      expect(stderr).toContain(`endpoints: 0 added, ${internalCount} removed, 0 changed`);
    });

    it('leaves out exactly the internal endpoints and records the option in the manifest', () => {
      expect(internalCount).toBe(52);
      const manifest = JSON.parse(readFileSync(join(slim, 'manifest.json'), 'utf8')) as {
        counts: { endpoints: number; internal: number };
        options?: { internal?: boolean };
      };
      expect(manifest.counts.endpoints).toBe(rawPaths.length - internalCount);
      expect(manifest.counts.internal).toBe(0);
      expect(manifest.options).toEqual({ internal: false });
      const permissionsFile = readFileSync(join(slim, 'permissions.ts'), 'utf8');
      expect(permissionsFile).toContain('internal: false');
      expect(permissionsFile).not.toContain('internal: true');
      const called = [...readFileSync(join(slim, 'api.ts'), 'utf8').matchAll(/client\.call\(\s*"([^"]+)"/g)].map((m) => m[1]);
      expect(called).toHaveLength(rawPaths.length - internalCount);
      for (const name of internalNames) expect(called).not.toContain(name);
      expect(stderr).toMatch(new RegExp(`${rawPaths.length - internalCount} endpoints`));
    });
  });

  it('--json prints one machine-readable summary', async () => {
    const result = await run('generate', '--out', out, '--check', '--json');
    const summary = JSON.parse(result.stdout) as { ok: boolean; endpoints: number; server: { version: string } };
    expect(summary, result.stdout).toMatchObject({ ok: true, endpoints: 438, server: { version: '2026.7.0' } });
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
