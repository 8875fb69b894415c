/**
 * The runtime and the templates as JavaScript and declarations, for `--emit js`. Compiled once, at
 * `npm run build` (dist/compiled-assets.json), so generation copies them instead of compiling
 * anything. The file records a hash of the sources it was compiled from: when the sources changed
 * since (a source checkout without a rebuild), they are compiled again in the process, so the output
 * always matches the runtime and templates being copied.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAssets, packageRoot, type Assets } from '../assets.js';
import type { CompiledAssets } from '../emit/js-package.js';
import { ts } from '../typescript.js';
import { compileJs } from './compile-js.js';


interface Stored {
  sources: string;
  files: Record<string, string>;
}

const FILE = 'dist/compiled-assets.json';

let cached: { sources: string; files: CompiledAssets } | undefined;

/** The compiled runtime and templates for `assets` (read from dist/ when current, else compiled now). */
export function compiledAssets(assets: Assets = loadAssets()): CompiledAssets {
  const sources = sourcesHash(assets);
  if (cached?.sources === sources) return cached.files;
  const stored = readStored();
  const files = stored?.sources === sources ? new Map(Object.entries(stored.files)) : compileAssets(assets);
  cached = { sources, files };
  return files;
}

/** `npm run build`: writes dist/compiled-assets.json for the runtime and templates of this checkout. */
export function writeCompiledAssets(assets: Assets = loadAssets()): void {
  const stored: Stored = { sources: sourcesHash(assets), files: Object.fromEntries(compileAssets(assets)) };
  writeFileSync(join(packageRoot(), FILE), JSON.stringify(stored) + '\n');
}

/**
 * Runtime and templates laid out as in a package (templates at the root, importing `./runtime/…`),
 * compiled together, so a declaration that needs the compiler's inference finds what it imports.
 */
export function compileAssets(assets: Assets): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, text] of assets.runtime) files.set(`runtime/${name}`, text);
  for (const [name, text] of assets.templates) files.set(name, text);
  return compileJs(files);
}

/** What the compiled text depends on: every source, and the compiler. */
function sourcesHash(assets: Assets): string {
  const hash = createHash('sha256').update(`typescript ${ts.version}\n`);
  for (const [kind, files] of [['runtime', assets.runtime], ['templates', assets.templates]] as const) {
    for (const [name, text] of files) hash.update(`${kind}/${name}\n${text.length}\n${text}`);
  }
  return hash.digest('hex');
}

function readStored(): Stored | undefined {
  const path = join(packageRoot(), FILE);
  if (!existsSync(path)) return undefined;
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<Stored>;
    return typeof stored.sources === 'string' && typeof stored.files === 'object' && stored.files !== null ? (stored as Stored) : undefined;
  } catch {
    // A truncated or foreign file is only a cache: compile instead.
    return undefined;
  }
}
