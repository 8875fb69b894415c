/**
 * Spec text is untrusted. A hostile fixture (descriptions with `*\/`, quotes, backticks and `${}`;
 * property names that are not identifiers; names colliding after camel-casing, with reserved words
 * and with the package's own exports; enum values and error codes with quotes) must give output
 * that compiles and in which the payload `PWNED()` never appears as code: only inside string
 * literals and comments.
 */
import ts from 'typescript';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../helpers/tsc.js';
import { generateTemp, type TempPackage } from '../helpers/generate.js';
import { ROOT } from '../helpers/specs.js';

let pkg: TempPackage;
beforeAll(async () => {
  pkg = await generateTemp(join(ROOT, 'test/fixtures/specs/hostile.json'));
});
afterAll(() => pkg?.cleanup());

/** Every token of a file that is code (not a string literal, not a comment), with the scanner TypeScript itself uses. */
function codeTokens(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const tokens: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.StringLiteral) continue;
    tokens.push(scanner.getTokenText());
  }
  return tokens;
}

describe('hostile spec', () => {
  it('compiles strictly under both compilers', async () => {
    for (const compiler of ['tsc5', 'tsc7'] as const) {
      const result = await compile(pkg.dir, { compiler, resolution: 'nodenext', include: ['client/**/*.ts'] });
      expect(result.output, compiler).toBe('');
    }
  });

  it('never lets the payload become code', () => {
    for (const [path, text] of pkg.files) {
      // runtime/ is copied from this repository as written; everything else is built from the spec.
      if (!path.endsWith('.ts') || path.startsWith('runtime/')) continue;
      const tokens = codeTokens(text);
      expect(tokens, path).not.toContain('PWNED');
      expect(tokens.filter((t) => t.startsWith('`')), path).toEqual([]); // no template literals at all
    }
    // The payload did reach the output, as data and documentation.
    const all = [...pkg.files.values()].join('\n');
    expect(all).toContain("'*/PWNED()'?: boolean");
    expect(all).toContain('*\\/ PWNED();');
  });

  it('gives colliding and reserved names unique, valid identifiers', () => {
    const api = pkg.files.get('api.ts') ?? '';
    const functions = [...api.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    expect(functions.sort()).toEqual(['_2faDone', 'createClient2', 'delete_', 'i', 'notesCreate', 'notesCreate2', 'notesCreate3']);
    const schemas = pkg.model.schemas.map((s) => s.typeName).sort();
    expect(schemas).toEqual(['Error', 'EvilPWNED', 'MisskeyClient2', 'constructor_']);
  });
});
