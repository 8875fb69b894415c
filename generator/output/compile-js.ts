/**
 * TypeScript files → ESM JavaScript plus `.d.ts`, with the TypeScript 5.9 API, in memory. Used at
 * `npm run build` for the runtime and templates (./compiled-assets.ts); `--emit js` itself writes
 * the spec-derived files directly (../emit/js-package.ts), so generating never compiles.
 *
 * Why file by file: a program's declaration emit type-checks every file it emits (for 2026.7.0,
 * mostly api.ts's 438 calls against the endpoint map). Transpiling skips that: with no file going
 * through a program it takes about half the CPU time of one program over the package. The sources
 * are written for `isolatedModules` (so `transpileModule` gives exactly the program's JavaScript)
 * and almost entirely with explicit types (so `transpileDeclaration` gives exactly its
 * declarations). Only a file whose declarations need inference — `transpileDeclaration` says so;
 * today permissions.ts, for its `as const satisfies` — goes through a program, which then checks
 * only that file.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { terminalLine } from '../emit/safe.js';
import { GeneratorError } from '../errors.js';
import { ts } from '../typescript.js';

/** Where the package's files live for the compiler; nothing is read from or written to this path. */
const ROOT = '/__misskey_codegen__/pkg';

/** What the runtime and templates are written for (see their rules); `module` is set per use. */
const BASE: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  removeComments: false,
  newLine: ts.NewLineKind.LineFeed,
};

export interface CompileProblem {
  /** Path in the package, with line and column (1-based), when the compiler names a place. */
  file?: string;
  line?: number;
  column?: number;
  /** `TS2304: Cannot find name 'X'.` on one line. */
  text: string;
}

/** COMPILE_FAILED: the one error whose message has several lines, one per problem. */
export class CompileError extends GeneratorError {
  override name = 'CompileError';
  constructor(
    message: string,
    readonly problems: readonly CompileProblem[] = [],
  ) {
    super('COMPILE_FAILED', message);
  }
}

/** At most this many problems are listed: the first ones say what is wrong, the rest repeat it. */
const MAX_LISTED = 20;

/**
 * Returns the package with each `x.ts` replaced by `x.js` and `x.d.ts`; every other file passes
 * through. Paths are relative to the package root.
 */
export function compileJs(files: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const needProgram: string[] = [];
  for (const [path, text] of files) {
    if (!path.endsWith('.ts') || path.endsWith('.d.ts')) {
      out.set(path, text);
      continue;
    }
    const base = path.slice(0, -3);
    const head = fileComment(text);
    const js = ts.transpileModule(text, {
      fileName: path,
      reportDiagnostics: true,
      // ESM in, ESM out: ESNext keeps `import`/`export` and `import()` exactly as written.
      compilerOptions: { ...BASE, module: ts.ModuleKind.ESNext },
    });
    if (js.diagnostics?.length) throw failure(js.diagnostics);
    out.set(`${base}.js`, withComment(head, js.outputText));
    const dts = ts.transpileDeclaration(text, { fileName: path, reportDiagnostics: true, compilerOptions: { ...BASE, module: ts.ModuleKind.NodeNext } });
    if (dts.diagnostics?.length) needProgram.push(path);
    else out.set(`${base}.d.ts`, withComment(head, dts.outputText));
  }
  if (needProgram.length) {
    for (const [path, text] of declarationsByProgram(files, needProgram)) out.set(path, withComment(fileComment(files.get(path.replace(/\.d\.ts$/, '.ts')) ?? ''), text));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Declarations for `targets` from a program over the whole package (so imports resolve), emitting and so checking only them. */
function declarationsByProgram(files: Map<string, string>, targets: string[]): Map<string, string> {
  const options: ts.CompilerOptions = {
    ...BASE,
    // NodeNext: declaration emit writes the `.js` specifiers both nodenext and bundler consumers need.
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: ROOT,
    outDir: ROOT,
  };
  const sources = new Map<string, string>();
  for (const [path, text] of files) sources.set(join(ROOT, path), text);
  // The modules are ESM whatever the package.json says (or whether there is one).
  sources.set(join(ROOT, 'package.json'), '{"type":"module"}');
  const inside = (p: string) => p === ROOT || p.startsWith(ROOT + '/');

  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const libDir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.d.ts'));
  host.getDefaultLibLocation = () => libDir;
  host.getCurrentDirectory = () => ROOT;
  host.fileExists = (file) => (inside(file) ? sources.has(file) : fileExists(file));
  host.readFile = (file) => (inside(file) ? sources.get(file) : readFile(file));
  host.directoryExists = (dir) => (inside(dir) ? [...sources.keys()].some((f) => f.startsWith(dir + '/')) : ts.sys.directoryExists(dir));
  host.getDirectories = (dir) => (inside(dir) ? [] : ts.sys.getDirectories(dir));
  host.realpath = (file) => file;
  const emitted = new Map<string, string>();
  host.writeFile = (file, text) => void emitted.set(file.slice(ROOT.length + 1), text);

  const program = ts.createProgram({ rootNames: targets.map((t) => join(ROOT, t)), options, host });
  const diagnostics: ts.Diagnostic[] = [...program.getOptionsDiagnostics()];
  for (const target of targets) {
    const file = program.getSourceFile(join(ROOT, target));
    if (!file) throw new CompileError(`compiling the generated package to JavaScript failed: ${target} was not found`);
    diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
    const result = program.emit(file, undefined, undefined, true);
    diagnostics.push(...result.diagnostics);
  }
  if (diagnostics.length) throw failure(diagnostics);
  return new Map([...emitted].filter(([path]) => targets.includes(path.replace(/\.d\.ts$/, '.ts'))));
}

/**
 * The `//` lines a file starts with (the generated-file header, a runtime module's summary). The
 * compiler keeps comments with the statement they precede, so they vanish with an erased
 * `import type` or from declarations; they are put back.
 */
function fileComment(text: string): string {
  return /^(?:\/\/[^\n]*\n)+/.exec(text)?.[0] ?? '';
}

function withComment(comment: string, output: string): string {
  return comment && !output.startsWith(comment) ? comment + output : output;
}

/**
 * One error for the failed compilation: each problem on one line, `file(line,column): error TSn: text`
 * as tsc writes it. Text from the compiler quotes the code: each line is made safe for a terminal.
 */
function failure(diagnostics: readonly ts.Diagnostic[]): CompileError {
  const problems = diagnostics.map(problem);
  const lines = problems.slice(0, MAX_LISTED).map((p) => {
    const where = p.file === undefined ? '' : `${p.file}(${p.line},${p.column}): `;
    return terminalLine(`${where}error ${p.text}`);
  });
  if (problems.length > MAX_LISTED) lines.push(`… and ${problems.length - MAX_LISTED} more`);
  return new CompileError(`compiling the generated package to JavaScript failed:\n${lines.join('\n')}`, problems);
}

function problem(diagnostic: ts.Diagnostic): CompileProblem {
  const text = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  const file = diagnostic.file;
  if (file === undefined || diagnostic.start === undefined) return { text };
  const path = file.fileName.startsWith(ROOT + '/') ? file.fileName.slice(ROOT.length + 1) : file.fileName;
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
  return { file: path, line: line + 1, column: character + 1, text };
}
