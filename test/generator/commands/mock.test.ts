/**
 * `misskey-codegen mock` as the README runs it: a real process, the origin alone on stdout, no token
 * printed anywhere, tokens to a mode-600 file, loopback unless --allow-remote, a clean exit on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CLI, runCli } from '../../helpers/cli.js';
import { REFERENCE_SPEC, ROOT } from '../../helpers/specs.js';

const work = mkdtempSync(join(tmpdir(), 'mock-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The README's `npx misskey-codegen mock …` lines, as argument lists. */
function readmeCommands(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^npx misskey-codegen (mock [^#\n]*?)\s*(?:#.*)?$/gm)].map((m) => m[1]!.trim().split(/\s+/));
}

async function serve(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: work });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await vi.waitFor(
    () => {
      if (!stdout.includes('\n') && child.exitCode === null) throw new Error(`the mock has not started yet\n${stderr}`);
    },
    { timeout: 30_000, interval: 20 },
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('misskey-codegen mock', () => {
  it('the README has two commands for it', () => {
    expect(readmeCommands()).toHaveLength(2);
  });

  it('README: --user alice:test-token serves with that token, prints only the origin, exits 0 on SIGINT', async () => {
    const args = readmeCommands()[0]!;
    expect(args).toContain('alice:test-token');
    const { child, exited, output } = await serve(args);
    try {
      const origin = output().stdout.trim();
      expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const me = await fetch(`${origin}/api/i`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i: 'test-token' }) });
      expect(((await me.json()) as { username: string }).username).toBe('alice');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(output().stdout + output().stderr).not.toContain('test-token');
    expect(output().stderr).toMatch(/mock of misskey 2026\.7\.0 \(\d+ endpoints\)/);
  });

  it('README: --spec --seed --token-file writes the default users\' tokens to a mode-600 file, never to the terminal', async () => {
    copyFileSync(REFERENCE_SPEC, join(work, 'api.json'));
    const { child, exited, output } = await serve(readmeCommands()[1]!);
    try {
      const tokens = JSON.parse(readFileSync(join(work, 'mock-tokens.json'), 'utf8')) as Record<string, string>;
      expect(Object.keys(tokens)).toEqual(['alice', 'bob']);
      expect(statSync(join(work, 'mock-tokens.json')).mode & 0o777).toBe(0o600);
      const origin = output().stdout.trim();
      const me = await fetch(`${origin}/api/i`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i: tokens['bob'] }) });
      expect(((await me.json()) as { username: string }).username).toBe('bob');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const token of Object.values(tokens)) expect(output().stdout + output().stderr).not.toContain(token);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a --host that is not loopback without --allow-remote, in one line, exit 1', async () => {
    const result = await runCli(['mock', '--host', '0.0.0.0'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^misskey-codegen: the mock binds to loopback only; 0\.0\.0\.0 is not a loopback address/)]);
  });
});
