/** generator/assets.ts: the runtime and templates the generator carries, and the one way it reads and fills them. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { exportedNames, fillSlot, importedNames, loadAssets, packageRoot } from '../../generator/assets.js';
import { ROOT } from '../helpers/specs.js';

describe('loadAssets', () => {
  const assets = loadAssets();

  it('finds its own package root and reads the runtime and templates (TypeScript only) from it', () => {
    expect(packageRoot()).toBe(ROOT);
    expect(assets.generatorVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect([...assets.runtime.keys()]).toContain('http/client.ts');
    expect([...assets.templates.keys()].every((f) => f.endsWith('.ts') && existsSync(join(ROOT, 'templates', f)))).toBe(true);
  });

  it('knows what the templates import from entities.ts and what the package exports, as the compiler reads them', () => {
    expect(assets.entities).toEqual(expect.arrayContaining(['Note', 'UserDetailedNotMe']));
    // The same names, from the compiler's view of every runtime and template module.
    const fromCompiler = new Set<string>();
    for (const text of [...assets.runtime.values(), ...assets.templates.values()]) {
      const file = ts.createSourceFile('m.ts', text, ts.ScriptTarget.Latest);
      for (const statement of file.statements) {
        const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) fromCompiler.add(statement.name.text);
        if (exported && ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) fromCompiler.add(d.name.text);
        if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) for (const e of statement.exportClause.elements) fromCompiler.add(e.name.text);
      }
    }
    expect([...assets.exports].sort()).toEqual([...fromCompiler].sort());
  });
});

describe('reading and filling sources', () => {
  it('reads exported names from declarations and export lists (the name bound, after `as`)', () => {
    const text = 'export function a() {}\nexport const b = 1;\nexport type { C, D as E };\nexport { f as g };\nexport declare class H {}\n/** Doc. */ export class I {}\n/** a */ x; /** b */ export type J = 1;\n';
    expect([...exportedNames([text])].sort()).toEqual(['C', 'E', 'H', 'I', 'a', 'b', 'g']);
  });

  it('reads the names imported from one module only', () => {
    const text = "import type { Note, User } from './entities.js';\nimport type { Other } from './other.js';\n";
    expect(importedNames([text, "import type { Note as Alias, Extra } from \"./entities.js\";"], './entities.js')).toEqual(['Alias', 'Extra', 'Note', 'User']);
  });

  it('fills a slot `type X = never;` on a line of its own, and nothing else', () => {
    const text = 'type A = never;\n  type A = never;\ntype AB = never;\n';
    expect(fillSlot(text, 'A', 'type A = "x" | "$&";')).toBe('type A = "x" | "$&";\n  type A = never;\ntype AB = never;\n');
    expect(fillSlot('nothing here', 'A', 'type A = "x";')).toBe('nothing here');
  });
});
