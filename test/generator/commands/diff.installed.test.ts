/**
 * `diff` on a package as a user's project has it: generated with `--emit js`, packed with
 * `npm pack`, installed from the tarball into a fresh folder (offline: the package has no
 * dependencies), and compared with a spec through `node_modules/<name>`. The installed package
 * gives the same diff as the spec it was generated from.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../../../generator/commands/diff.js';
import type { ApiDiff } from '../../../generator/diff/index.js';
import { tempDir, writeTree } from '../../helpers/generate.js';
import { generated } from '../../helpers/package-cache.js';
import { ROOT } from '../../helpers/specs.js';
import { consumerProject, pack, run } from '../../helpers/portability.js';

const BASE = join(ROOT, 'test/fixtures/specs/diff/constraints-base.json');
const FORK = join(ROOT, 'test/fixtures/specs/diff/constraints-fork.json');
const CLI = join(ROOT, 'dist/generator/cli.js');
const work = tempDir('mkcg-diff-installed-');
const app = join(work, 'app');
const installed = join(app, 'node_modules/misskey-api');
let packed: string[];

beforeAll(async () => {
  const { files } = await generated(BASE, { emit: 'js' });
  writeTree(join(work, 'pkg'), files);
  const { tarball, files: list } = await pack(join(work, 'pkg'), join(work, 'tarballs'));
  packed = list;
  await consumerProject(app, [tarball]);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function diffJson(old: string, next: string): Promise<ApiDiff> {
  const out: string[] = [];
  await runDiff({ old, new: next, json: true }, { stdout: (t) => out.push(t), stderr: () => {} });
  return JSON.parse(out.join('')) as ApiDiff;
}

describe('diff on an installed JavaScript package', () => {
  it('the tarball carries model.json, so the installed package has it', () => {
    expect(packed).toContain('model.json');
    expect(existsSync(join(installed, 'model.json'))).toBe(true);
  });

  it('node_modules/<name> against a spec gives the diff of the spec it was generated from', async () => {
    const fromPackage = await diffJson(installed, FORK);
    const fromSpec = await diffJson(BASE, FORK);
    expect(fromPackage.changes).toEqual(fromSpec.changes);
    expect(fromPackage.summary).toEqual(fromSpec.summary);
    expect(fromPackage.summary).toMatchObject({ endpointsChanged: 4, breaking: 8 });
  });

  it('from the command line, in the project folder, as a user runs it', async () => {
    const result = await run(process.execPath, [CLI, 'diff', 'node_modules/misskey-api', FORK, '--fail-on-breaking'], { cwd: app });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('misskey 2026.7.0 → misskey 2026.7.0-fork.1\n');
    expect(result.stdout).toContain('    ! breaking    param `name` maxLength changed: 100 → 50 (tightened)\n');
  });

  it('a package packed without its model (by an earlier version) is refused in one line that says what to do', async () => {
    const older = join(work, 'older-install');
    cpSync(installed, older, { recursive: true });
    rmSync(join(older, 'model.json'));
    const error = await runDiff({ old: older, new: FORK }, { stdout: () => {}, stderr: () => {} }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      `${older} has a manifest.json but no model.json: a package packed without its model (JavaScript packages from earlier versions of misskey-codegen left it out); regenerate it, or diff the spec it was generated from`,
    );
  });
});
