/**
 * Opening the app's project: with misskey-codegen's own compiler whatever TypeScript the app has (an
 * app on TypeScript 7, whose tsconfig has options TypeScript 5.9 does not know, needs nothing extra),
 * and finding the package from its imports; each failure one line naming what to give.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeApp } from '../../../generator/usage/index.js';
import { ROOT } from '../../helpers/specs.js';
import { COMPILERS } from '../../helpers/tsc.js';

let dir: string;
const PACKAGE = join(ROOT, 'generated/misskey-2026.7.0');

beforeAll(() => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'usage-project-'));
  // The app's own compiler is TypeScript 7, and loading it fails: the analysis must never touch it.
  mkdirSync(join(dir, 'ts7/node_modules/typescript'), { recursive: true });
  writeFileSync(join(dir, 'ts7/node_modules/typescript/package.json'), JSON.stringify({ name: 'typescript', version: '7.0.2', main: 'index.js' }));
  writeFileSync(join(dir, 'ts7/node_modules/typescript/index.js'), "throw new Error('the app\\'s TypeScript was loaded');\n");
  writeFileSync(join(dir, 'ts7/tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true, types: [], aTypeScript7Option: true }, include: ['app.ts'] }));
  writeFileSync(join(dir, 'ts7/app.ts'), `import { createClient, notesCreate } from '${PACKAGE}/index.js';\nconst client = createClient({ origin: 'https://misskey.example', token: 't' });\nawait notesCreate(client, { text: 'hi' });\n`);
  // A JavaScript app: its JSDoc types are what the checker knows of its names.
  mkdirSync(join(dir, 'js'));
  writeFileSync(join(dir, 'js/tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true, allowJs: true, checkJs: true, types: [] }, include: ['app.js'] }));
  writeFileSync(join(dir, 'js/app.js'), `import { createClient } from '${PACKAGE}/index.js';\nconst client = createClient({ origin: 'https://misskey.example', token: 't' });\n/** @param {'i' | 'meta'} name */\nexport function call(name) {\n  return client.request(name, {});\n}\n`);
  // A TypeScript 7 app as one writes it by hand: the real TypeScript 7 installed, a tsconfig that leaves
  // strict, module and target to that compiler's defaults (strict on since TypeScript 6).
  mkdirSync(join(dir, 'ts7-defaults/node_modules'), { recursive: true });
  symlinkSync(join(COMPILERS.tsc7, '../..'), join(dir, 'ts7-defaults/node_modules/typescript'), 'dir');
  writeFileSync(join(dir, 'ts7-defaults/tsconfig.json'), JSON.stringify({ include: ['app.ts'] }));
  writeFileSync(join(dir, 'ts7-defaults/app.ts'), `import { createClient, notesCreate } from '${PACKAGE}/index.js';\nconst client = createClient({ origin: 'https://misskey.example', token: 't' });\nexport const post = (text: string, cw: string | null) => notesCreate(client, { text, cw });\n`);
  // The same with an ES module and no moduleResolution: TypeScript 7 resolves as a bundler (5.9 would use classic, blind to node_modules).
  mkdirSync(join(dir, 'ts7-es/node_modules'), { recursive: true });
  symlinkSync(join(COMPILERS.tsc7, '../..'), join(dir, 'ts7-es/node_modules/typescript'), 'dir');
  cpSync(PACKAGE, join(dir, 'ts7-es/node_modules/misskey-api'), { recursive: true });
  writeFileSync(join(dir, 'ts7-es/node_modules/misskey-api/package.json'), JSON.stringify({ name: 'misskey-api', type: 'module', exports: { '.': './index.ts' } }));
  writeFileSync(join(dir, 'ts7-es/tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'es2022' }, include: ['app.ts'] }));
  writeFileSync(join(dir, 'ts7-es/app.ts'), `import { createClient, notesCreate } from 'misskey-api';\nconst client = createClient({ origin: 'https://misskey.example', token: 't' });\nexport const post = (text: string) => notesCreate(client, { text });\n`);
  mkdirSync(join(dir, 'none'));
  writeFileSync(join(dir, 'none/tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['app.ts'] }));
  writeFileSync(join(dir, 'none/app.ts'), 'export const x = 1;\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('opening the app', () => {
  it('analyses an app whose tooling is TypeScript 7 with its own compiler', async () => {
    const { usage, needs } = await analyzeApp({ project: join(dir, 'ts7/tsconfig.json') });
    expect(usage.uses.map((u) => `${u.at.file}:${u.at.line} ${u.kind} ${u.name}`)).toEqual(['app.ts:3 function notes/create']);
    expect(needs.permissions).toEqual(['write:notes']);
  }, 120_000);

  it("reads an app with TypeScript 7's defaults as TypeScript 7 does: strict (which params may be null is known), a bundler's resolution", async () => {
    for (const app of ['ts7-defaults', 'ts7-es']) {
      // The app's own compiler accepts it as it is.
      await promisify(execFile)(process.execPath, [join(dir, app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: join(dir, app) });
    }
    const strict = await analyzeApp({ project: join(dir, 'ts7-defaults/tsconfig.json') });
    expect(strict.usage.uses.map((u) => `${u.at.file}:${u.at.line} ${u.kind} ${u.name} ${u.nullable?.join(',')}`)).toEqual(['app.ts:3 function notes/create cw']);
    const installed = await analyzeApp({ project: join(dir, 'ts7-es/tsconfig.json') });
    expect(installed.usage.packageDir).toBe('node_modules/misskey-api');
    expect(installed.usage.uses.map((u) => `${u.at.file}:${u.at.line} ${u.kind} ${u.name}`)).toEqual(['app.ts:3 function notes/create']);
  }, 120_000);

  it("reads the JSDoc types of an app's JavaScript files (comments are skipped only in TypeScript files)", async () => {
    const { usage } = await analyzeApp({ project: join(dir, 'js/tsconfig.json') });
    expect(usage.uses.map((u) => `${u.at.file}:${u.at.line} ${u.kind} ${u.name}`)).toEqual(['app.js:5 request i', 'app.js:5 request meta']);
    expect(usage.unresolved).toEqual([]);
  }, 120_000);

  it('fails in one line naming the fix: no tsconfig, no package imported, a folder that is not a package', async () => {
    await expect(analyzeApp({ project: join(dir, 'nothing/tsconfig.json') })).rejects.toThrow(/nothing\/tsconfig\.json does not exist: give the app's tsconfig\.json with --project$/);
    await expect(analyzeApp({ project: join(dir, 'none/tsconfig.json') })).rejects.toThrow(/imports a package generated by misskey-codegen: give its folder with --package$/);
    await expect(analyzeApp({ project: join(dir, 'none/tsconfig.json'), package: join(dir, 'none') })).rejects.toThrow(/is not a package generated by misskey-codegen \(no model\.json and manifest\.json there\)$/);
  });

  it('takes the package given with --package even when the app imports none', async () => {
    const { usage } = await analyzeApp({ project: join(dir, 'none/tsconfig.json'), package: PACKAGE });
    expect(usage.uses).toEqual([]);
    expect(usage.files).toBe(1);
  });
});
