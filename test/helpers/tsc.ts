/**
 * Compiling generated packages the way consumers do: strict, skipLibCheck off, under TypeScript 5.9
 * and TypeScript 7, with moduleResolution nodenext and bundler. Generated TypeScript sources tell a
 * consumer's compiler not to check them (NO_CHECK); here they are checked all the same: `compile`
 * takes the directive out while it runs and puts it back after.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NO_CHECK } from '../../generator/emit/package.js';
import { ROOT } from './specs.js';

const run = promisify(execFile);

export type Compiler = 'tsc5' | 'tsc7';
export type Resolution = 'nodenext' | 'bundler';

export const COMPILERS: Record<Compiler, string> = {
  tsc5: join(ROOT, 'node_modules/typescript/bin/tsc'),
  tsc7: join(ROOT, 'node_modules/tsc7/bin/tsc'),
};

export const STRICT_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  erasableSyntaxOnly: true,
  skipLibCheck: false,
  noEmit: true,
};

/** Writes `dir/tsconfig.<resolution>.json` including `include` globs (relative to dir) and compiles; returns the diagnostics text. */
export async function compile(
  dir: string,
  options: { compiler: Compiler; resolution: Resolution; include?: string[]; extra?: Record<string, unknown> },
): Promise<{ ok: boolean; output: string }> {
  const moduleOptions =
    options.resolution === 'nodenext' ? { module: 'NodeNext', moduleResolution: 'NodeNext' } : { module: 'ESNext', moduleResolution: 'Bundler' };
  const config = join(dir, `tsconfig.${options.compiler}.${options.resolution}.json`);
  writeFileSync(
    config,
    JSON.stringify({ compilerOptions: { ...STRICT_OPTIONS, ...moduleOptions, ...options.extra }, include: options.include ?? ['**/*.ts'] }, null, 2),
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const restore = checkedAnyway(dir);
  try {
    const { stdout, stderr } = await run(process.execPath, [COMPILERS[options.compiler], '-p', config, '--pretty', 'false'], { maxBuffer: 64 << 20 });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: (e.stdout ?? '') + (e.stderr ?? '') || e.message };
  } finally {
    restore();
  }
}

/** Takes NO_CHECK out of every `.ts` file under `dir` (node_modules aside); returns what puts it back. */
export function checkedAnyway(dir: string): () => void {
  const changed: [string, string][] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') visit(path);
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const text = readFileSync(path, 'utf8');
      if (!text.includes(NO_CHECK)) continue;
      changed.push([path, text]);
      writeFileSync(path, text.replace(NO_CHECK, ''));
    }
  };
  visit(dir);
  return () => {
    for (const [path, text] of changed) writeFileSync(path, text);
  };
}
