/**
 * `misskey-codegen usage` on the README's bot (docs/examples/bot.ts beside the package built from the
 * current sources): its permission set is exactly what its calls need (a scoped client with that set
 * compiles, with one fewer it does not), `--write`/`--check`, `--against` with `--json`, `--markdown`
 * (a golden file) and `--fail-on-incompatible`.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_INCOMPATIBLE, runUsage, type UsageArgs } from '../../../generator/commands/usage.js';
import { packageFromSources } from '../../helpers/from-sources.js';
import { generateTemp, type TempPackage } from '../../helpers/generate.js';
import { baseDocument, op } from '../../helpers/spec.js';
import { REFERENCE_SPEC, ROOT } from '../../helpers/specs.js';
import { compile } from '../../helpers/tsc.js';
import { USAGE_FIXTURES } from '../../helpers/usage.js';

const SLOW = { timeout: 300_000 };
let dir: string;

beforeAll(async () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'usage-bot-'));
  cpSync(await packageFromSources(), join(dir, 'misskey'), { recursive: true });
  cpSync(join(ROOT, 'docs/examples/bot.ts'), join(dir, 'bot.ts'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bot', private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'], noEmit: true }, include: ['bot.ts'] }));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function usage(args: Partial<UsageArgs>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runUsage({ project: 'tsconfig.json', ...args }, { cwd: dir, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe('usage on the README bot', () => {
  it('lists each call with its line and the permissions they need', SLOW, async () => {
    const { code, stdout } = await usage({ json: true });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { uses: { kind: string; name: string; at: { line: number } }[]; needs: { permissions: string[]; internal: unknown[] } };
    expect(report.uses.map((u) => `${u.at.line} ${u.kind} ${u.name}`)).toEqual(['21 request i', '23 function notes/create', '27 function notes/show', '36 channel homeTimeline', '38 gap-fill homeTimeline']);
    expect(report.needs.permissions).toEqual(['read:account', 'write:notes']);
    expect(report.needs.internal).toEqual([]);
  });

  it('writes the set as a typed constant: a scoped client with it compiles, with one permission fewer it does not', SLOW, async () => {
    expect((await usage({ write: 'permissions.ts' })).code).toBe(0);
    const written = readFileSync(join(dir, 'permissions.ts'), 'utf8');
    expect(written).toContain("import type { Permission } from \"./misskey/index.js\";");
    const bot = readFileSync(join(dir, 'bot.ts'), 'utf8');
    const scoped = bot
      .replace("import { createClient, ", "import { appPermissions } from './permissions.js';\nimport { createScopedClient, ")
      .replace('createClient({ origin, token, retry: retries() })', 'createScopedClient({ origin, token, retry: retries(), permissions: appPermissions })');
    expect(scoped).toContain('createScopedClient({');
    writeFileSync(join(dir, 'scoped.ts'), scoped);
    // TypeScript 7 (both lines are covered for the package elsewhere): the same verdicts in a fraction of the time.
    const withAll = await compile(dir, { compiler: 'tsc7', resolution: 'nodenext', include: ['scoped.ts', 'permissions.ts'], extra: { types: ['node'], lib: ['ES2022'] } });
    expect(withAll.output).toBe('');
    for (const dropped of ['read:account', 'write:notes']) {
      writeFileSync(join(dir, 'permissions.ts'), written.replace(`  "${dropped}",\n`, ''));
      const fewer = await compile(dir, { compiler: 'tsc7', resolution: 'nodenext', include: ['scoped.ts', 'permissions.ts'], extra: { types: ['node'], lib: ['ES2022'] } });
      expect(fewer.ok, dropped).toBe(false);
      expect(fewer.output).toMatch(/scoped\.ts/);
    }
    writeFileSync(join(dir, 'permissions.ts'), written);
  });

  it('--check exits 0 on the current file and 1, naming the fix, on a stale one', SLOW, async () => {
    await usage({ write: 'current.ts' });
    expect((await usage({ write: 'current.ts', check: true })).code).toBe(0);
    writeFileSync(join(dir, 'current.ts'), readFileSync(join(dir, 'current.ts'), 'utf8').replace('  "write:notes",\n', ''));
    const stale = await usage({ write: 'current.ts', check: true });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe("current.ts is stale: the app's calls need read:account,write:notes; run usage --write current.ts\n");
    expect((await usage({ write: 'absent.ts', check: true })).code).toBe(1);
  });

  it('--fail-on-incompatible exits 0 against the same API, given as a spec or as a generated package', SLOW, async () => {
    const { code, stdout } = await usage({ against: [REFERENCE_SPEC, 'misskey'], failOnIncompatible: true });
    expect(code).toBe(0);
    expect(stdout).toContain('Compatibility (0 incompatible cell(s)):');
    expect(stdout).toMatch(/^ {2}\[2\] misskey 2026\.7\.0 \(.*misskey\)$/m);
  });

  it(`--fail-on-incompatible exits ${EXIT_INCOMPATIBLE} against a server without notes/show, and --markdown renders the matrix as the golden file`, SLOW, async () => {
    const spec = JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8')) as { paths: Record<string, unknown> };
    delete spec.paths['/notes/show'];
    writeFileSync(join(dir, 'without-show.json'), JSON.stringify(spec));
    const { code, stdout } = await usage({ against: ['without-show.json', REFERENCE_SPEC], failOnIncompatible: true, json: true, markdown: 'report.md' });
    expect(code).toBe(EXIT_INCOMPATIBLE);
    const report = JSON.parse(stdout) as { compatibility: { incompatible: number; rows: { name: string; cells: { verdict: string }[] }[] } };
    expect(report.compatibility.rows.map((r) => `${r.name} ${r.cells.map((c) => c.verdict).join(' ')}`)).toEqual(['i fine fine', 'notes/create fine fine', 'notes/show missing fine', 'homeTimeline fine fine', 'homeTimeline fine fine']);
    expect(report.compatibility.incompatible).toBe(1);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(readFileSync(join(USAGE_FIXTURES, 'golden/bot-without-notes-show.md'), 'utf8'));
  });
});

describe('spec text in the reports', () => {
  // A permission is read from an endpoint's description by a lenient pattern: any run of characters but spaces and stars.
  const PERMISSION = 'write:\u001b[2Jnotes\u202e';
  const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  let pkg: TempPackage;
  let app: string;
  beforeAll(async () => {
    const spec = baseDocument();
    spec['paths']['/notes/create'] = op({ operationId: 'post___notes___create', description: `Post.\n\n**Credential required**: *Yes* / **Permission**: *${PERMISSION}*` });
    app = mkdtempSync(join(ROOT, '.tmp', 'usage-hostile-'));
    writeFileSync(join(app, 'spec.json'), JSON.stringify(spec));
    pkg = await generateTemp(join(app, 'spec.json'));
    expect(pkg.model.endpoints.find((e) => e.name === 'notes/create')?.permission).toBe(PERMISSION);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', types: [], noEmit: true }, include: ['app.ts'] }));
    writeFileSync(join(app, 'app.ts'), `import { createClient } from '${join(pkg.dir, 'client')}/index.js';\nawait createClient({ origin: 'https://misskey.example', token: 't' }).request('notes/create', {});\n`);
  }, 300_000);
  afterAll(() => {
    pkg?.cleanup();
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('cannot rewrite the terminal, hide characters in JSON or the Markdown, on stdout or in the --check message', SLOW, async () => {
    let out = '';
    let err = '';
    const io = { cwd: app, stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const args = { project: 'tsconfig.json', package: join(pkg.dir, 'client') };
    expect(await runUsage({ ...args, markdown: 'usage.md' }, io)).toBe(0);
    expect(out).toContain('Permissions (1): write:\\u001b[2Jnotes\\u202e\n');
    expect(await runUsage({ ...args, json: true }, io)).toBe(0);
    expect((JSON.parse(out.slice(out.indexOf('{'))) as { needs: { permissions: string[] } }).needs.permissions).toEqual([PERMISSION]);
    writeFileSync(join(app, 'permissions.ts'), '');
    expect(await runUsage({ ...args, write: 'permissions.ts', check: true }, io)).toBe(1);
    expect(err).toMatch(/^permissions\.ts is stale: the app's calls need write:\\u001b\[2Jnotes\\u202e; run usage --write permissions\.ts\n$/);
    for (const [where, text] of [['stdout', out], ['stderr', err], ['usage.md', readFileSync(join(app, 'usage.md'), 'utf8')]]) expect(text!.replace(/\n/g, ''), where).not.toMatch(HIDDEN);
  });
});

describe('--write into an app whose package is installed', () => {
  let app: string;
  beforeAll(async () => {
    app = mkdtempSync(join(ROOT, '.tmp', 'usage-installed-'));
    cpSync(await packageFromSources(), join(app, 'node_modules/misskey-api'), { recursive: true });
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', types: [], noEmit: true }, include: ['app.ts'] }));
    writeFileSync(join(app, 'app.ts'), 'export {};\n');
  }, 300_000);
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  const write = () => runUsage({ project: 'tsconfig.json', package: 'node_modules/misskey-api', write: 'permissions.ts' }, { cwd: app, stdout: () => {}, stderr: () => {} });

  it('imports it by its name', SLOW, async () => {
    writeFileSync(join(app, 'node_modules/misskey-api/package.json'), JSON.stringify({ name: 'misskey-api', type: 'module' }));
    expect(await write()).toBe(0);
    expect(readFileSync(join(app, 'permissions.ts'), 'utf8')).toContain('import type { Permission } from "misskey-api";');
  });

  it('fails in one line naming its package.json when that is not JSON', SLOW, async () => {
    writeFileSync(join(app, 'node_modules/misskey-api/package.json'), '{ "name": ');
    await expect(write()).rejects.toThrow(/^node_modules\/misskey-api\/package\.json cannot be read: [^\n]+$/);
  });
});
