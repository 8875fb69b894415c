/**
 * docs/ci/misskey-api.yml and the README's `usage` commands, run as written: every `run:` step of the
 * workflow (after `npm ci`) and every command of the README's usage block, in a folder laid out as the
 * recipe expects (tsconfig.json at the root, the README bot in src/, its package in src/misskey),
 * against the mock serving an older API than the package's (a real 13.14.2 spec), with `npx misskey-codegen`
 * as the built CLI. The README's commands run first: the recipe regenerates the package.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../generator/mock/index.js';
import { CLI } from '../helpers/cli.js';
import { packageFromSources } from '../helpers/from-sources.js';
import { hasSpecs, realSpec, REFERENCE_SPEC, ROOT } from '../helpers/specs.js';

const exec = promisify(execFile);
const RECIPE = join(ROOT, 'docs/ci/misskey-api.yml');
const SLOW = { timeout: 600_000 };
/** The older API the server answers with: a real one, so that there is something to report. */
const READY = hasSpecs('the CI recipe and the README usage commands', '13.14.2');
const OLDER = realSpec('13.14.2')?.path ?? REFERENCE_SPEC;

let dir: string;
let server: Mock;
beforeAll(async () => {
  if (!READY) return;
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'ci-recipe-'));
  cpSync(await packageFromSources(), join(dir, 'src/misskey'), { recursive: true });
  cpSync(join(ROOT, 'docs/examples/bot.ts'), join(dir, 'src/bot.ts'));
  mkdirSync(join(dir, 'old'));
  cpSync(OLDER, join(dir, 'old/api.json'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'], noEmit: true }, include: ['src/**/*.ts'] }));
  server = await startMock({ spec: OLDER });
}, 300_000);
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs one shell line as the recipe or the README writes it, with `npx misskey-codegen` as the built CLI. */
async function sh(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = line.replaceAll('npx misskey-codegen', `"${process.execPath}" "${CLI}"`).replaceAll('https://misskey.example', server.origin);
  try {
    const { stdout, stderr } = await exec('sh', ['-c', command], { cwd: dir, env: { ...process.env, MISSKEY_URL: server.origin }, timeout: 300_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.runIf(READY)("the README's usage commands", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What your app uses'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const commands = block.split('\n').filter((l) => l.startsWith('npx misskey-codegen usage'));

  it('each runs as written, in order: on 13.14.2 every call of the bot is fine', SLOW, async () => {
    expect(commands).toHaveLength(4);
    const codes: number[] = [];
    for (const command of commands) codes.push((await sh(command)).code);
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(existsSync(join(dir, 'usage.md'))).toBe(true);
  });
});

describe.runIf(READY)('the CI recipe', () => {
  const steps = [...readFileSync(RECIPE, 'utf8').matchAll(/^\s+- run: (.+)$/gm)].map((m) => m[1]!).filter((s) => s !== 'npm ci');

  it('regenerates on a schedule and opens a pull request with the Markdown', () => {
    const recipe = readFileSync(RECIPE, 'utf8');
    expect(recipe).toMatch(/schedule:\n\s+- cron:/);
    expect(recipe).toMatch(/body-path: misskey-report\/body\.md/);
    expect(steps).toHaveLength(4);
    expect(steps.join('\n')).toMatch(/usage --against "\$MISSKEY_URL"/);
  });

  it('runs each step against the mock, leaving the pull-request body and the refreshed package', SLOW, async () => {
    for (const step of steps) {
      const result = await sh(step);
      expect(result.code, `${step}\n${result.stderr}`).toBe(0);
    }
    const body = readFileSync(join(dir, 'misskey-report/body.md'), 'utf8');
    expect(body).toMatch(/^### API changes: misskey 2026\.7\.0 → misskey 13\.14\.2\n/);
    expect(body).toContain('### API usage of src/misskey (misskey 2026.7.0)');
    expect(body).toContain('| use | where | misskey 13.14.2 |');
    expect(JSON.parse(readFileSync(join(dir, 'src/misskey/manifest.json'), 'utf8'))).toMatchObject({ server: { version: '13.14.2' } });
    expect(readFileSync(join(dir, 'src/permissions.ts'), 'utf8')).toContain('"read:account"');
  });
});
