/**
 * Regenerating an unchanged package builds nothing (generator/output/fingerprint.ts): the built CLI
 * in a child process, as CI runs it. Whether it built is read from its progress lines: a build
 * says "normalizing and emitting"; the no-op path says the package is up to date and why. Any file
 * edited, missing or added, and any option changed, still goes through the full run.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/generate.js';
import { runCli } from '../../helpers/cli.js';

const dir = tempDir('mkcg-noop-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'pkg');
const run = (...args: string[]) => runCli(['generate', '--out', out, ...args], { cwd: dir });
const BUILT = 'normalizing and emitting';
const NO_OP = 'is up to date: same spec, options and generator version';

describe('generate on an unchanged package', () => {
  beforeAll(async () => {
    expect((await run()).code).toBe(0);
  }, 120_000);

  it('records the sha256 of every other file in manifest.json', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['api.ts', 'runtime/http/client.ts', 'model.json']));
    expect(manifest.files).not.toHaveProperty('manifest.json');
    for (const hash of Object.values(manifest.files)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('generate and --check build nothing and succeed', async () => {
    for (const args of [[], ['--check']]) {
      const result = await run(...args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stderr).toContain(NO_OP);
      expect(result.stderr).not.toContain(BUILT);
    }
    const json = await run('--check', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, unchanged: true, endpoints: 438, changed: [], added: [], removed: [] });
  });

  it('a hand-edited file is caught: --check exits 1 naming it, generate rebuilds and repairs it', async () => {
    const file = join(out, 'api.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('export function', 'export  function'));
    const check = await run('--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('~ api.ts');
    const repair = await run();
    expect(repair.code).toBe(0);
    expect(repair.stderr).toContain(BUILT);
    expect(readFileSync(file, 'utf8')).toBe(original);
  }, 120_000);

  it('a missing or an extra file is caught by --check', async () => {
    const missing = join(out, 'permissions.ts');
    const text = readFileSync(missing, 'utf8');
    unlinkSync(missing);
    const gone = await run('--check');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('+ permissions.ts');
    writeFileSync(missing, text);

    writeFileSync(join(out, 'extra.ts'), 'export {};\n');
    const extra = await run('--check');
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain('- extra.ts');
    unlinkSync(join(out, 'extra.ts'));
    expect((await run('--check')).stderr).toContain(NO_OP);
  }, 120_000);

  it('another option, --force or --prettier goes through the full run', async () => {
    for (const args of [['--no-internal', '--check'], ['--force', '--check'], ['--prettier', '--check']]) {
      const result = await run(...args);
      expect(result.stderr, args.join(' ')).toContain(BUILT);
    }
  }, 240_000);
});

describe('generate --prettier', () => {
  it('formats with the prettier config found from the output folder', async () => {
    const styled = join(dir, 'styled');
    mkdirSync(styled, { recursive: true });
    writeFileSync(join(styled, '.prettierrc'), JSON.stringify({ singleQuote: true, printWidth: 120 }));
    const result = await runCli(['generate', '--out', styled, '--prettier', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const api = readFileSync(join(styled, 'api.ts'), 'utf8');
    expect(api).toContain("import type { CallOptions, Transport } from './runtime/http/client.js';");
    expect(api).toContain("export function ping(client: Transport<never>, params?: T.PingParams, options?: CallOptions): Promise<T.PingResult> {");
    expect(existsSync(join(styled, 'manifest.json'))).toBe(true);
  }, 120_000);

  it('--help names --prettier and --force', async () => {
    const help = await runCli(['generate', '--help'], { cwd: dir });
    expect(help.stdout).toMatch(/--prettier\s+Format the TypeScript files with the prettier config found from --out/);
    expect(help.stdout).toMatch(/--force\s+Regenerate even when/);
  });
});

describe('generate --emit js on an unchanged package', () => {
  const jsOut = join(dir, 'js');
  const runJs = (...args: string[]) => runCli(['generate', '--emit', 'js', '--out', jsOut, ...args], { cwd: dir });

  it('builds nothing the second time (its .js files are the package’s own, hashed and checked)', async () => {
    expect((await runJs()).code).toBe(0);
    const again = await runJs();
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(NO_OP);
    writeFileSync(join(jsOut, 'stray.js'), 'export {};\n');
    const check = await runJs('--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('- stray.js');
  }, 240_000);

  it('switching a folder from --emit js to ts removes the JavaScript it no longer writes', async () => {
    expect(existsSync(join(jsOut, 'api.js'))).toBe(true);
    const result = await runCli(['generate', '--out', jsOut], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(jsOut, 'api.js'))).toBe(false);
    expect(existsSync(join(jsOut, 'api.ts'))).toBe(true);
  }, 240_000);
});
