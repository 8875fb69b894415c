/** The app's own TypeScript's defaults, read from its package.json: TypeScript 6 and later change some; what the tsconfig sets always wins. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAppDefaults } from '../../../generator/usage/app-compiler.js';
import { ts } from '../../../generator/typescript.js';
import { ROOT } from '../../helpers/specs.js';

let dir: string;
/** An app folder with `name@version` installed (its package.json only: nothing is loaded). */
function appWith(app: string, name: string, version: string): string {
  mkdirSync(join(dir, app, 'node_modules', name), { recursive: true });
  writeFileSync(join(dir, app, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
  mkdirSync(join(dir, app, 'src'), { recursive: true });
  return join(dir, app, 'src');
}

beforeAll(() => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'usage-compiler-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('withAppDefaults', () => {
  it("fills in TypeScript 6's defaults for an app on TypeScript 7 (found in a folder above), the native preview too", () => {
    const expected = { strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.Latest, types: [] };
    expect(withAppDefaults({}, appWith('ts7', 'typescript', '7.0.2'))).toEqual(expected);
    expect(withAppDefaults({}, appWith('preview', '@typescript/native-preview', '7.0.0-dev.20260101.1'))).toEqual(expected);
  });

  it('keeps what the tsconfig sets, and lets TypeScript derive a Node module\'s resolution', () => {
    const src = appWith('set', 'typescript', '6.0.2');
    expect(withAppDefaults({ strict: false, strictNullChecks: true, module: ts.ModuleKind.NodeNext, types: ['node'] }, src)).toEqual({ strict: false, strictNullChecks: true, module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.Latest, types: ['node'] });
  });

  it('changes nothing for an app on TypeScript 5, or with a package.json that says no version', () => {
    expect(withAppDefaults({ module: ts.ModuleKind.ES2022 }, appWith('ts5', 'typescript', '5.9.3'))).toEqual({ module: ts.ModuleKind.ES2022 });
    expect(withAppDefaults({}, appWith('odd', 'typescript', 'latest'))).toEqual({});
  });
});
