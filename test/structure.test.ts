/**
 * The layout's rules, checked on the sources themselves (generator/, runtime/, templates/), so that
 * they stay true as the code changes:
 * - emitters, the diff and the probe read the model only: nothing under generator/emit, diff or probe
 *   imports from generator/normalize or generator/load;
 * - no import cycles;
 * - the list of streaming channels is data in one place (generator/normalize/channels.ts);
 * - small helpers are written once: the "is a JSON object" test, the default software name, the
 *   loading of the TypeScript compiler;
 * - the README's layout section names the folders there are.
 * Read with the TypeScript parser, not with patterns over text, so a comment or a string never counts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../generator/normalize/channels.js';
import { ROOT } from './helpers/specs.js';

const TREES = ['generator', 'runtime', 'templates'];

/** Repository-relative paths of every TypeScript source in the trees. */
function sources(): string[] {
  const out: string[] = [];
  for (const tree of TREES) {
    for (const entry of readdirSync(join(ROOT, tree), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) out.push(relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'));
    }
  }
  return out.sort();
}

const FILES = sources();
const parsed = new Map(FILES.map((file) => [file, ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true)]));

/** The sources a file imports (type-only imports too), as repository paths; imports of generated modules (./entities.js in a template) and packages are left out. */
function importsOf(file: string): string[] {
  const source = parsed.get(file) as ts.SourceFile;
  return ts
    .preProcessFile(source.text, true, true)
    .importedFiles.map((i) => i.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))).split('\\').join('/'))
    .filter((path) => parsed.has(path));
}

describe('who reads what', () => {
  it('nothing under generator/emit, generator/diff or generator/probe imports from generator/normalize or generator/load', () => {
    const readers = FILES.filter((f) => /^generator\/(emit|diff|probe)\//.test(f));
    expect(readers.length).toBeGreaterThan(20);
    const offences = readers.flatMap((file) => importsOf(file).filter((target) => /^generator\/(normalize|load)\//.test(target)).map((target) => `${file} → ${target}`));
    expect(offences).toEqual([]);
  });

  it('has no import cycles (type-only imports included)', () => {
    const graph = new Map(FILES.map((f) => [f, importsOf(f)]));
    expect([...graph.values()].flat().length).toBeGreaterThan(100);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    // Depth first with an explicit path: a cycle is an import of a module still open on the path.
    const visit = (file: string, path: string[]): void => {
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), file, next].join(' → '));
        else if (!state.has(next)) visit(next, [...path, file]);
      }
      state.set(file, 'done');
    };
    for (const file of FILES) if (!state.has(file)) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('has no cycles between the folders of generator/ either: each stage only imports the ones below it', () => {
    // A folder is one node (a file at the root of generator/ is its own); an import between two is an edge.
    const node = (file: string) => (/^generator\/[^/]+\//.test(file) ? file.split('/').slice(0, 2).join('/') : file);
    const edges = new Map<string, Set<string>>();
    for (const file of FILES.filter((f) => f.startsWith('generator/'))) {
      for (const target of importsOf(file).filter((t) => t.startsWith('generator/'))) {
        if (node(file) !== node(target)) edges.set(node(file), (edges.get(node(file)) ?? new Set()).add(node(target)));
      }
    }
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      [...(edges.get(from) ?? [])].some((next) => next === to || (!seen.has(next) && (seen.add(next), reaches(next, to, seen))));
    const mutual = [...edges].flatMap(([from, targets]) => [...targets].filter((to) => reaches(to, from)).map((to) => `${from} → ${to} → … → ${from}`));
    expect(edges.size).toBeGreaterThan(8);
    expect(mutual).toEqual([]);
  });
});

/** The texts a file names in value positions: string literals and property names outside of type annotations and declarations. */
function valueNames(file: string): Set<string> {
  const names = new Set<string>();
  const walk = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) names.add(node.text);
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) names.add(node.name.text);
    ts.forEachChild(node, walk);
  };
  walk(parsed.get(file) as ts.SourceFile);
  return names;
}

describe('the streaming channels are listed once', () => {
  // Names that are ordinary words elsewhere ('main', 'drive', 'channel', 'admin') would count any file; these are only channels.
  const distinctive = CHANNELS.map((c) => c.name).filter((name) => /[A-Z]/.test(name));

  it('as data, in generator/normalize/channels.ts only', () => {
    expect(distinctive.length).toBeGreaterThan(8);
    const holders = FILES.filter((file) => distinctive.filter((name) => valueNames(file).has(name)).length >= 3);
    expect(holders).toContain('generator/normalize/channels.ts');
    expect(holders).toEqual(['generator/normalize/channels.ts']);
  });

  it('and the channel template types exactly the channels of the list', () => {
    const template = parsed.get('templates/channels.ts') as ts.SourceFile;
    const known = template.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === 'KnownChannels');
    const members = known && ts.isTypeLiteralNode(known.type) ? known.type.members : undefined;
    const typed = (members ?? []).flatMap((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : []));
    expect(typed.sort()).toEqual(CHANNELS.map((c) => c.name).sort());
  });
});

describe('the README', () => {
  it('names every folder of generator/ and test/ in its layout section, and only folders that exist', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const layout = readme.slice(readme.indexOf('### Layout of this repository'));
    const named = new Set([...layout.matchAll(/`((?:generator|test)\/[\w-]+)\/`/g)].map((m) => m[1] as string));
    const folders = ['generator', 'test'].flatMap((top) =>
      readdirSync(join(ROOT, top), { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('__'))
        .map((e) => `${top}/${e.name}`),
    );
    expect(folders.filter((f) => !named.has(f))).toEqual([]);
    expect([...named].filter((f) => !folders.includes(f))).toEqual([]);
  });
});

/** Declarations of a function whose body is the JSON-object test, whatever its name (`isObject`, `isRecord`, …). */
function objectTests(file: string): string[] {
  const found: string[] = [];
  const pattern = /typeof (\w+) === 'object' && \1 !== null && !Array\.isArray\(\1\)/;
  const walk = (node: ts.Node): void => {
    const fn = ts.isFunctionDeclaration(node) ? node : ts.isVariableDeclaration(node) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer)) ? node.initializer : undefined;
    if (fn?.body && pattern.test(fn.body.getText().replace(/\s+/g, ' '))) found.push(`${file}: ${(node as ts.FunctionDeclaration | ts.VariableDeclaration).name?.getText()}`);
    ts.forEachChild(node, walk);
  };
  walk(parsed.get(file) as ts.SourceFile);
  return found;
}

describe('small helpers are written once', () => {
  it('the JSON-object test: once in the generator (model/json.ts); the runtime, copied alone into packages, has its own', () => {
    const generator = FILES.filter((f) => f.startsWith('generator/')).flatMap(objectTests);
    expect(generator).toEqual(['generator/model/json.ts: isObject']);
    // The runtime cannot import the generator. Its copies are the runtime branch's to merge into one; listed so the count cannot grow.
    const runtime = FILES.filter((f) => f.startsWith('runtime/')).flatMap(objectTests);
    expect(runtime.length).toBeGreaterThanOrEqual(1);
    expect(runtime.length).toBeLessThanOrEqual(3);
  });

  it('the software a server is taken to run when it says nothing: DEFAULT_SOFTWARE, never a `?? \'misskey\'`', () => {
    const defaults = FILES.filter((f) => f.startsWith('generator/')).filter((file) => {
      let found = false;
      const walk = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken && ts.isStringLiteral(node.right) && node.right.text === 'misskey') found = true;
        ts.forEachChild(node, walk);
      };
      walk(parsed.get(file) as ts.SourceFile);
      return found;
    });
    expect(defaults).toEqual([]);
  });

  it('the TypeScript compiler is loaded in generator/typescript.ts only, with require (an ES import scans its 9 MB for exports first)', () => {
    const importers = FILES.filter((f) => f.startsWith('generator/')).filter((file) =>
      (parsed.get(file) as ts.SourceFile).statements.some(
        (s) =>
          (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === 'typescript') ||
          (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference) && ts.isStringLiteral(s.moduleReference.expression) && s.moduleReference.expression.text === 'typescript'),
      ),
    );
    expect(importers).toEqual(['generator/typescript.ts']);
  });
});
