import { describe, expect, it } from 'vitest';
import { permissionsModule, relativeSpecifier } from '../../../generator/usage/constant.js';

describe('permissionsModule (usage --write)', () => {
  it('writes the set as a constant checked against Permission', () => {
    const text = permissionsModule(['read:account', 'write:notes'], './misskey/index.js', 'misskey-codegen usage --write src/p.ts');
    expect(text).toContain('import type { Permission } from "./misskey/index.js";');
    expect(text).toContain('export const appPermissions = [\n  "read:account",\n  "write:notes",\n] as const satisfies readonly Permission[];');
  });

  it('keeps the command that wrote it inside its comment line, whatever the paths in it hold', () => {
    const text = permissionsModule([], './x.js', 'misskey-codegen usage --write "a\nexport const pwned = 1;\u2028b\u202e.ts"');
    expect(text.split('\n').filter((line) => line.startsWith('//'))).toHaveLength(1);
    expect(text).not.toMatch(/^export const pwned/m);
    expect(text).not.toMatch(/[\u2028\u202e]/);
  });
});

describe('relativeSpecifier', () => {
  it('imports the package index relative to the written file', () => {
    expect(relativeSpecifier('/app/src/p.ts', '/app/src/misskey')).toBe('./misskey/index.js');
    expect(relativeSpecifier('/app/src/deep/p.ts', '/app/src/misskey')).toBe('../misskey/index.js');
  });
});
