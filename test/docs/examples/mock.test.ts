/**
 * docs/examples/mock.test.ts, the README's example test for its bot against `startMock`: it is what the
 * README shows, and it passes when run as a bot author runs it (its own vitest process, in a folder
 * with the generated package, the compiled bot and `misskey-codegen/mock` resolving to this tool).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFromSources } from '../../helpers/from-sources.js';
import { ROOT } from '../../helpers/specs.js';
import { compile, type Compiler, type Resolution } from '../../helpers/tsc.js';

const EXAMPLE = join(ROOT, 'docs/examples/mock.test.ts');
let dir: string;

beforeAll(async () => {
  // Inside the repository, so vitest and ws resolve; `misskey-codegen` is linked in as if installed (its "exports" name ./mock).
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'mock-example-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/misskey-codegen'), 'dir');
  cpSync(await packageFromSources(), join(dir, 'misskey'), { recursive: true });
  cpSync(join(ROOT, 'docs/examples/bot.ts'), join(dir, 'bot.ts'));
  cpSync(EXAMPLE, join(dir, 'mock.test.ts'));
  // The bot project's own vitest config (else vitest would find this repository's, which includes test/** only).
  writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['mock.test.ts'] } };\n");
  await build({ entryPoints: [join(dir, 'bot.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: join(dir, 'bot.js'), logLevel: 'silent' });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the mock example test', () => {
  it('is what the README shows, verbatim from its first import', () => {
    const code = readFileSync(EXAMPLE, 'utf8');
    const body = code.slice(code.indexOf('import '));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect([...readme.matchAll(/```ts\n([\s\S]*?)```/g)].some((m) => m[1] === body)).toBe(true);
  });

  it.each([
    ['tsc5', 'nodenext'],
    ['tsc7', 'bundler'],
  ] as [Compiler, Resolution][])('compiles strictly with %s (%s), misskey-codegen/mock typed by its declarations', async (compiler, resolution) => {
    const result = await compile(dir, { compiler, resolution, include: ['mock.test.ts'], extra: { types: ['node'], lib: ['ES2022'] } });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('passes in its own vitest run against the README bot', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    expect(run.stdout + run.stderr).toMatch(/Tests +1 passed/);
    expect(run.status).toBe(0);
  }, 120_000);
});
