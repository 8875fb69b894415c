/**
 * generator/names.ts: the one table of names a spec may not take, checked against what generated
 * packages really declare, import, export and take from TypeScript's global scope; and the order
 * in which spellings claim identifiers.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssets } from '../../../generator/assets.js';
import type { ApiModel } from '../../../generator/model/types.js';
import { ENDPOINT_TYPE_SUFFIXES } from '../../../generator/normalize/index.js';
import { NameRegistry, STATIC_RESERVED, byRank, camelCase, endpointSpellingRank, pascalCase, reservedNames, schemaSpellingRank } from '../../../generator/normalize/names.js';
import { tempDir, writeTree } from '../../helpers/generate.js';
import { generated } from '../../helpers/package-cache.js';
import { ROOT } from '../../helpers/specs.js';

/**
 * The generated modules in which spec names are declared or imported (index.ts re-exports them).
 * entities.ts only re-exports schemas under the templates' names, so no spec name is in its scope.
 */
const SPEC_FACING = ['schemas.ts', 'endpoints.ts', 'api.ts', 'permissions.ts', 'validation.ts'];

const root = tempDir('mkcg-names-');
const packages: { name: string; model: ApiModel; dir: string }[] = [];
let program: ts.Program;

beforeAll(async () => {
  for (const [name, spec] of [
    ['reference', undefined],
    ['names', join(ROOT, 'test/fixtures/specs/hostile-names.json')],
  ] as const) {
    const { model, files } = await generated(spec);
    const dir = join(root, name);
    writeTree(dir, files);
    packages.push({ name, model, dir });
  }
  program = ts.createProgram({
    rootNames: packages.map((p) => join(p.dir, 'index.ts')).concat(packages.map((p) => join(p.dir, 'validation.ts'))),
    options: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], noEmit: true },
  });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The names a spec gave the package: schema types, endpoint functions and endpoint types. */
function specNames(model: ApiModel): Set<string> {
  return new Set([
    ...model.schemas.map((s) => s.typeName),
    ...model.endpoints.map((e) => e.identifier),
    ...model.endpoints.flatMap((e) => ENDPOINT_TYPE_SUFFIXES.map((suffix) => e.typeBase + suffix)),
  ]);
}

function source(dir: string, file: string): ts.SourceFile {
  const sourceFile = program.getSourceFile(join(dir, file));
  if (sourceFile === undefined) throw new Error(`${file} is not in the program`);
  return sourceFile;
}

describe('the names table', () => {
  it('holds every TypeScript global a module with spec names refers to', () => {
    const checker = program.getTypeChecker();
    const globals = new Set<string>();
    for (const { dir } of packages) {
      for (const file of SPEC_FACING) {
        const visit = (node: ts.Node): void => {
          // A free name (not `x.parse`'s `parse`: that is a member, not a name in scope).
          const member = node.parent !== undefined && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node;
          if (ts.isIdentifier(node) && !member) {
            const declarations = checker.getSymbolAtLocation(node)?.declarations ?? [];
            if (declarations.length > 0 && declarations.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))) globals.add(node.text);
          }
          ts.forEachChild(node, visit);
        };
        visit(source(dir, file));
      }
    }
    expect([...globals].sort()).toEqual(expect.arrayContaining(['Blob', 'JSON', 'Promise', 'Record']));
    expect([...globals].filter((name) => !STATIC_RESERVED.includes(name))).toEqual([]);
  });

  it('holds every name those modules declare or import that the spec did not give', () => {
    for (const { dir, model } of packages) {
      const own = specNames(model);
      const declared = new Set<string>();
      for (const file of SPEC_FACING) {
        for (const statement of source(dir, file).statements) {
          if (ts.isImportDeclaration(statement)) {
            const bindings = statement.importClause?.namedBindings;
            if (bindings && ts.isNamespaceImport(bindings)) declared.add(bindings.name.text);
            if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) declared.add(element.name.text);
          } else if (ts.isVariableStatement(statement)) {
            for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) declared.add(d.name.text);
          } else if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name) {
            declared.add(statement.name.text);
          }
        }
      }
      const table = reservedNames();
      expect([...declared].filter((name) => !own.has(name) && !table.has(name)), dir).toEqual([]);
    }
  });

  it('holds every name the package index exports that the spec did not give', () => {
    const assets = loadAssets();
    const table = reservedNames(assets.exports);
    const checker = program.getTypeChecker();
    for (const { dir, model } of packages) {
      const index = checker.getSymbolAtLocation(source(dir, 'index.ts'));
      const exported = checker.getExportsOfModule(index as ts.Symbol).map((s) => s.name);
      expect(exported.length).toBeGreaterThan(50);
      const own = specNames(model);
      expect(exported.filter((name) => !own.has(name) && !table.has(name)), dir).toEqual([]);
    }
  });
});

describe('claim order', () => {
  it('ranks Misskey’s own spelling first, then hyphens, then capitals and other characters', () => {
    const spellings = ['NotesCreate', 'notes/Create', 'notes_create', 'notes.create', 'notes-create', 'notes/create'];
    expect(byRank(spellings, (s) => s, endpointSpellingRank)).toEqual(['notes/create', 'notes-create', 'notes.create', 'notes/Create', 'notes_create', 'NotesCreate']);
    expect(byRank(['User/Lite', 'user lite', 'UserLite', 'User-Lite'], (s) => s, schemaSpellingRank)[0]).toBe('UserLite');
  });

  it('says who holds a name that was not free', () => {
    const names = new NameRegistry(reservedNames(['createClient']));
    expect(names.claim('notesCreate', 'taken by endpoint "notes/create"')).toEqual({ name: 'notesCreate', wanted: 'notesCreate' });
    expect(names.claim('notesCreate', 'x')).toEqual({ name: 'notesCreate2', wanted: 'notesCreate', clash: 'taken by endpoint "notes/create"' });
    expect(names.claim('Record').clash).toBe('a TypeScript global the package uses');
    expect(names.claim('then').clash).toBe('an export name that changes how the module is loaded');
    expect(names.claim('createClient').clash).toBe('exported by the package runtime');
    expect(names.claim('delete')).toEqual({ name: 'delete_', wanted: 'delete', clash: 'a reserved word' });
    expect(names.claimGroup('Endpoints', ['', 'Params']).name).toBe('Endpoints2');
  });
});

describe('identifiers from spec names', () => {
  it('camel- and Pascal-cases endpoint names', () => {
    expect(camelCase('admin/abuse-report/notification-recipient/create')).toBe('adminAbuseReportNotificationRecipientCreate');
    expect(camelCase('i/2fa/done')).toBe('i2faDone');
    expect(camelCase('2fa/done')).toBe('_2faDone');
    expect(pascalCase('notes/create')).toBe('NotesCreate');
    expect(camelCase('***')).toBe('_');
  });

  it('hands out unique, valid, non-reserved identifiers in claim order', () => {
    const names = new NameRegistry(['createClient']);
    expect(names.claim('notesCreate').name).toBe('notesCreate');
    expect(names.claim('notesCreate').name).toBe('notesCreate2');
    expect(names.claim('createClient').name).toBe('createClient2');
    expect(names.claim('delete').name).toBe('delete_');
    expect(names.claim('a b"c').name).toBe('a_b_c');
    expect(names.claimGroup('Foo', ['Params', 'Result']).name).toBe('Foo');
    expect(names.claimGroup('Foo', ['Params', 'Result']).name).toBe('Foo2');
  });
});
