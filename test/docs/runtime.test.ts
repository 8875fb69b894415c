/**
 * docs/runtime.md stays true: checked against the package built from the current sources.
 * - Every name in a code span exists: a bare name (`retryAfterMs`, `close()`, the head of a call) is an export of the
 *   package, a member of something the runtime or a template exports (class fields and methods,
 *   option keys), or a string the runtime's code uses (`'unavailable'`, `'header'`); `A.b` must be a
 *   member of the export `A`; a file name must be a file of the package. So renaming or removing a
 *   name the page mentions fails here.
 * - Each row of the endpoint-name table is what the generator makes of that endpoint.
 * - Every ts example compiles (strict, TypeScript 7).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFromSources } from '../helpers/from-sources.js';
import { ROOT } from '../helpers/specs.js';
import { compile } from '../helpers/tsc.js';

const DOC = readFileSync(join(ROOT, 'docs/runtime.md'), 'utf8');
/** The files whose exports are the runtime's surface: members of what they export may be named bare. */
const SURFACE = /(^|\/)(runtime\/.+|client|channels|miauth)\.ts$/;

let pkg: string;
let exported: Map<string, Set<string>>; // export name → its members
let vocabulary: Set<string>; // members of the surface's exports, and string literals of its code

beforeAll(async () => {
  pkg = await packageFromSources();
  const program = ts.createProgram([join(pkg, 'index.ts'), join(pkg, 'validation.ts')], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  exported = new Map();
  vocabulary = new Set();
  for (const file of ['index.ts', 'validation.ts']) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(pkg, file))!)!;
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const members = new Set<string>();
      const add = (type: ts.Type) => checker.getPropertiesOfType(type).forEach((p) => members.add(p.name));
      if (target.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) add(checker.getDeclaredTypeOfSymbol(target));
      if (target.flags & ts.SymbolFlags.Value) add(checker.getTypeOfSymbol(target));
      exported.set(symbol.name, members);
      if (target.declarations?.some((d) => SURFACE.test(d.getSourceFile().fileName))) members.forEach((m) => vocabulary.add(m));
    }
  }
  for (const source of program.getSourceFiles()) {
    if (!SURFACE.test(source.fileName) || !source.fileName.startsWith(pkg)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) vocabulary.add(`'${node.text}'`);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}, 120_000);

/** Code spans of the prose (fenced blocks removed). */
function codeSpans(markdown: string): string[] {
  return [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** Why `span` does not name something real, or undefined when it does (or is not a name: an expression, a URL). */
function problem(span: string): string | undefined {
  if (/^\.?\/?[\w/-]+\.(ts|js)$|^[\w-]+\/$/.test(span)) {
    const file = span.replace(/^\.\/misskey\//, '').replace(/\.js$/, '.ts');
    return existsSync(join(pkg, file)) ? undefined : 'no such file in the package';
  }
  if (/^'[\w:-]*'$/.test(span)) return vocabulary.has(span) ? undefined : 'not a string the runtime uses';
  // A name, `A.b`, or a call such as `paginate(client, endpoint)` (its head is checked).
  const path = /^([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?(?:\(.*\))?$/.exec(span);
  if (!path) return undefined;
  const [, head, member] = path as unknown as [string, string, string | undefined];
  if (member !== undefined) {
    const members = exported.get(head);
    if (!members) return `${head} is not exported`;
    return members.has(member) ? undefined : `${head} has no member ${member}`;
  }
  return exported.has(head) || vocabulary.has(head) || vocabulary.has(`'${head}'`) ? undefined : 'neither exported, nor a member or string of the runtime';
}

describe('docs/runtime.md', () => {
  it('names only what the package has', () => {
    const spans = codeSpans(DOC);
    expect(spans.length).toBeGreaterThan(150);
    const wrong = spans.map((span) => [span, problem(span)]).filter(([, why]) => why !== undefined);
    expect(wrong).toEqual([]);
  });

  it('catches a name the package does not have (the check can fail)', () => {
    for (const span of ['retryAfterSeconds', 'ApiError.retryAfter', 'Stream.subscribeNote', "'unreachable'", 'runtime/nothing.ts', 'StreamChannel.close()', 'fillGap(channel)'])
      expect(problem(span), span).toBeDefined();
    for (const span of ['retryAfterMs', 'ApiError.retryAfterMs', 'Stream.subNote', "'unavailable'", 'runtime/', 'close()', 'fillGaps(channel)']) expect(problem(span), span).toBeUndefined();
  });

  it('maps endpoint names to functions and types as the generator does', () => {
    const section = DOC.slice(DOC.indexOf('## Endpoint names'), DOC.indexOf('\n## ', DOC.indexOf('## Endpoint names') + 1));
    const rows = [...section.matchAll(/^\| `([^`]+)` \| `([^`]+)` \| (.+) \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const model = JSON.parse(readFileSync(join(pkg, 'model.json'), 'utf8')) as { endpoints: { name: string; identifier: string; typeBase: string }[] };
    for (const [, name, fn, types] of rows) {
      const endpoint = model.endpoints.find((e) => e.name === name);
      expect(endpoint?.identifier, name).toBe(fn);
      for (const [, type] of types!.matchAll(/`(\w+)`/g)) {
        expect(type!.startsWith(endpoint!.typeBase), `${name}: ${type}`).toBe(true);
        expect(exported.has(type!), type).toBe(true);
      }
    }
  });

  describe('examples', () => {
    let dir: string;
    beforeAll(async () => {
      mkdirSync(join(ROOT, '.tmp'), { recursive: true });
      dir = mkdtempSync(join(ROOT, '.tmp', 'runtime-doc-'));
      cpSync(pkg, join(dir, 'misskey'), { recursive: true });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('compile strictly, each on its own (TypeScript 7)', async () => {
      const blocks = [...DOC.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(blocks.length).toBeGreaterThanOrEqual(6);
      const names = [...exported.keys()].filter((name) => name !== 'resultSchemas');
      const text = [
        `import { ${names.join(', ')} } from './misskey/index.js';`,
        `import { resultSchemas } from './misskey/validation.js';`,
        'declare const origin: string;',
        'declare const token: string;',
        ...blocks.map((block, n) => `export async function example${n + 1}(): Promise<void> {\n${block}}`),
      ].join('\n');
      writeFileSync(join(dir, 'examples.ts'), text);
      const result = await compile(dir, {
        compiler: 'tsc7',
        resolution: 'nodenext',
        include: ['examples.ts'],
        extra: { verbatimModuleSyntax: false, noUnusedLocals: false },
      });
      expect(result.output).toBe('');
      expect(result.ok).toBe(true);
    });
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/runtime.md)');
  });
});
