/**
 * The defaults of the app's own TypeScript, for the options its tsconfig leaves unset. The analysis
 * runs on misskey-codegen's compiler (5.9), whose defaults are TypeScript 5's; TypeScript 6 changed
 * several (7 keeps them) and an app written for it relies on them: `strict` above all, without which
 * no type says what may be null. The app's compiler is never loaded: only its package.json is read.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ts } from '../typescript.js';

/** The packages an app's `tsc` comes from, in the order looked for. */
const COMPILER_PACKAGES = ['typescript', '@typescript/native-preview'];

/** The defaults TypeScript 6 changed, as TypeScript 5.9 spells them (its latest target for 6's `es2025`). */
const DEFAULTS_SINCE_6: Readonly<ts.CompilerOptions> = { strict: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.Latest, types: [] };

/** Modules whose resolution TypeScript 5.9 derives as 6 does; for any other, 6 resolves as a bundler (5.9: classic or node10). */
const NODE_MODULES = new Set([ts.ModuleKind.Node16, ts.ModuleKind.Node18, ts.ModuleKind.Node20, ts.ModuleKind.NodeNext]);

/** `options` (a tsconfig's, as parsed), with the defaults of the TypeScript installed for the app in `root` where they differ from 5.9's. */
export function withAppDefaults(options: ts.CompilerOptions, root: string): ts.CompilerOptions {
  const major = appCompilerMajor(root);
  if (major === undefined || major < 6) return options;
  const filled: ts.CompilerOptions = { ...options };
  for (const [option, value] of Object.entries(DEFAULTS_SINCE_6)) filled[option] ??= value;
  if (filled.moduleResolution === undefined && !NODE_MODULES.has(filled.module!)) filled.moduleResolution = ts.ModuleResolutionKind.Bundler;
  return filled;
}

/** The major version of the compiler the app installs (the nearest node_modules in its folder or above with a readable one), undefined when there is none. */
function appCompilerMajor(root: string): number | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    for (const name of COMPILER_PACKAGES) {
      const version = versionIn(join(dir, 'node_modules', name, 'package.json'));
      if (version !== undefined) return Number(/^(\d+)\./.exec(version)?.[1] ?? Number.NaN) || undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function versionIn(manifest: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
