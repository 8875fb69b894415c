/**
 * generated/misskey-2026.7.0 is the committed output for the embedded reference spec. Regenerating
 * must reproduce it byte for byte (needs nothing outside the project), and generation is deterministic.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../generator/generate.js';
import { loadSpec } from '../../generator/load/index.js';
import { generated } from '../helpers/package-cache.js';
import { ROOT } from '../helpers/specs.js';

const GOLDEN = join(ROOT, 'generated/misskey-2026.7.0');

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

describe('generated/ is current', () => {
  it('regenerating the embedded default reproduces generated/misskey-2026.7.0 byte for byte', async () => {
    const { files } = await generated(undefined);
    const committed = readTree(GOLDEN);
    const stale = [...files].filter(([path, text]) => committed.get(path) !== text).map(([path]) => path);
    const extra = [...committed.keys()].filter((path) => !files.has(path));
    expect({ stale, extra }, 'run `npm run generate` and commit generated/').toEqual({ stale: [], extra: [] });
  });

  it('is deterministic: the same spec twice gives identical files', async () => {
    // The shared generation was made in another process, at another time: this one must match it.
    const a = await generated(undefined);
    const b = await buildPackage(await loadSpec({}));
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    for (const [path, text] of a.files) expect(b.files.get(path), path).toBe(text);
  });
});

/** Modules `path` loads at run time: value imports and `import()` calls (not `import type`, not `typeof import()`). */
function runtimeImports(path: string): string[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      found.push(arg && ts.isStringLiteral(arg) ? arg.text : '<computed>');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('behaviour tests run the sources, not the committed copy', () => {
  it('no test loads a module of generated/ at run time (types only; *.fixture.ts files and fixture apps are compiled, not run)', () => {
    const testDir = join(ROOT, 'test');
    const entries = readdirSync(testDir, { recursive: true, withFileTypes: true });
    // A folder under test/fixtures/ with its own tsconfig.json is an app that `usage` reads; nothing runs it.
    const fixtureApps = entries
      .filter((e) => e.isFile() && e.name === 'tsconfig.json' && e.parentPath.startsWith(join(testDir, 'fixtures') + sep))
      .map((e) => e.parentPath + sep);
    const offenders: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.fixture.ts')) continue;
      const path = join(entry.parentPath, entry.name);
      if (fixtureApps.some((app) => path.startsWith(app))) continue;
      for (const specifier of runtimeImports(path))
        if (specifier.includes('generated/misskey-2026.7.0')) offenders.push(`${relative(ROOT, path)}: ${specifier}`);
    }
    // A stale copy would pass a broken runtime (only the golden test above would notice, saying "stale"): use test/helpers/from-sources.ts.
    expect(offenders).toEqual([]);
  });
});
