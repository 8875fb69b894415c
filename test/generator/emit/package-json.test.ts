/**
 * package.json of generated packages: valid npm names and versions derived from what the server says
 * (text the server controls, so it is sanitized), `exports` for every module in both variants, and
 * the CLI flags that set them, refusing bad values before any work.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitPackageJson, PackageJsonError } from '../../../generator/emit/package-json.js';
import type { ApiModel, GenerationOptions } from '../../../generator/model/types.js';
import { model as hand } from '../../helpers/model.js';
import { tempDir } from '../../helpers/generate.js';
import { ROOT } from '../../helpers/specs.js';
import { run } from '../../helpers/portability.js';

const MODULES = ['index.ts', 'api.ts', 'runtime/index.ts', 'runtime/stream/index.ts', 'manifest.json', 'model.json'];

function model(source: Partial<ApiModel['source']> = {}): ApiModel {
  return hand({ source: { version: '2026.7.0', specSha256: '0'.repeat(64), ...source } });
}

/** `options`: the package options a model records (`--emit`, `--package-name`, `--package-version`). */
function pkg(m: ApiModel, options: { emit: GenerationOptions['emit']; name?: string; version?: string }, modules = MODULES): any {
  const recorded: ApiModel = { ...m, options: { ...m.options, emit: options.emit, ...(options.name !== undefined ? { packageName: options.name } : {}), ...(options.version !== undefined ? { packageVersion: options.version } : {}) } };
  return JSON.parse(emitPackageJson(recorded, '0.1.0', modules));
}

const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

describe('package.json defaults', () => {
  it('names the package after the software (and the host, from a URL) and versions it as the server', () => {
    expect(pkg(model(), { emit: 'js' })).toMatchObject({ name: 'misskey-api', version: '2026.7.0' });
    expect(pkg(model({ software: 'sharkey', version: '2024.11.0-sharkey.3', url: 'https://Social.Example:8443/api.json' }), { emit: 'js' })).toMatchObject({
      name: 'sharkey-api-social.example',
      version: '2024.11.0-sharkey.3',
      keywords: ['misskey', 'sharkey', 'api', 'client'],
    });
  });

  it('turns hostile server text into a valid name, version and plain description', () => {
    const hostile = model({ software: '../Evil "Soft"</script>\n@x/y', version: 'v1.2.3-beta 1; rm -rf /' });
    const result = pkg(hostile, { emit: 'js' });
    expect(result.name).toMatch(NPM_NAME);
    expect(result.name).toBe('evil-soft-script-x-y-api');
    expect(result.version).toBe('1.2.3');
    expect(result.description).not.toMatch(/[<>"\n;]/);
  });

  it.each([
    ['13.14.2', '13.14.2'],
    ['v13.14.2', '13.14.2'],
    ['2024.5.0-io.5d', '2024.5.0-io.5d'],
    ['13.14', '13.14.0'],
    ['012.3.4', '12.3.4'],
    ['unknown', '0.0.0'],
  ])('server version %s → package version %s', (server, expected) => {
    expect(pkg(model({ version: server }), { emit: 'js' }).version).toBe(expected);
  });

  it('takes an explicit name and version, and refuses invalid ones', () => {
    expect(pkg(model(), { emit: 'js', name: '@me/misskey', version: '1.0.0-rc.1' })).toMatchObject({ name: '@me/misskey', version: '1.0.0-rc.1' });
    for (const name of ['Misskey', 'has space', '.hidden', '_under', '@scope', 'a/b', 'x'.repeat(215)]) {
      expect(() => pkg(model(), { emit: 'js', name }), name).toThrow(PackageJsonError);
    }
    for (const version of ['1.2', 'v1.2.3', '01.2.3', '1.2.3-', 'latest']) {
      expect(() => pkg(model(), { emit: 'js', version }), version).toThrow(PackageJsonError);
    }
  });
});

describe('package.json exports', () => {
  it('js: every module, root first, with types + import (+ default), and main/types for old resolvers', () => {
    const result = pkg(model(), { emit: 'js' });
    expect(Object.keys(result.exports)).toEqual(['.', './api', './runtime', './runtime/stream', './manifest.json', './package.json']);
    expect(result.exports['./runtime']).toEqual({ types: './runtime/index.d.ts', import: './runtime/index.js', default: './runtime/index.js' });
    expect(result).toMatchObject({ main: './index.js', types: './index.d.ts', files: ['**/*.js', '**/*.d.ts', 'manifest.json', 'model.json'] });
    expect(result.private).toBeUndefined();
  });

  it('ts: the sources themselves, and private (TypeScript sources are not for npm)', () => {
    const result = pkg(model(), { emit: 'ts' });
    expect(result.exports).toEqual({
      '.': './index.ts',
      './api': './api.ts',
      './runtime': './runtime/index.ts',
      './runtime/stream': './runtime/stream/index.ts',
      './manifest.json': './manifest.json',
      './package.json': './package.json',
    });
    expect(result).toMatchObject({ private: true, types: './index.ts', type: 'module', sideEffects: false });
    expect(result.files).toBeUndefined();
  });

  it('is deterministic and ends with a newline', () => {
    const js: ApiModel = { ...model(), options: { excludeInternal: false, emit: 'js' } };
    const a = emitPackageJson(js, '0.1.0', MODULES);
    expect(emitPackageJson(js, '0.1.0', [...MODULES].reverse())).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
  });
});

describe('generate --package-name / --package-version / --emit', () => {
  const dir = tempDir('mkcg-pkgjson-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => run(process.execPath, [join(ROOT, 'dist/generator/cli.js'), 'generate', ...args], { cwd: dir, timeoutMs: 60_000 });

  it('refuses an invalid name or version in one line, before loading anything, writing nothing', async () => {
    const out = join(dir, 'bad');
    for (const args of [
      ['--package-name', 'Bad Name'],
      ['--package-version', 'one'],
    ]) {
      const result = await cli('--emit', 'js', '--out', out, ...args);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(args[0]!);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an unknown --emit as a usage mistake', async () => {
    const result = await cli('--emit', 'wasm', '--out', join(dir, 'x'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/emit/);
  });
});
