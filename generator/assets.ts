/**
 * Files the generator carries into every package (the runtime, the templates) and its own
 * version. Found relative to this module, so it works from the source tree and from `dist/`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding misskey-codegen's package.json (the repo root, or the installed package). */
export const PACKAGE_ROOT: string = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'misskey-codegen') return dir;
    if (dirname(dir) === dir) throw new Error(`misskey-codegen: cannot find its own package.json above ${from}`);
  }
}

export interface Assets {
  generatorVersion: string;
  /** `runtime/<file>.ts` → text, copied verbatim into `<out>/runtime/`. */
  runtime: Map<string, string>;
  /** `templates/<file>` → text, copied (or filled) into `<out>/`. */
  templates: Map<string, string>;
}

let cached: Assets | undefined;

export function loadAssets(): Assets {
  cached ??= {
    generatorVersion: (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    runtime: readFolder(join(PACKAGE_ROOT, 'runtime'), '.ts', true),
    templates: readFolder(join(PACKAGE_ROOT, 'templates'), ''),
  };
  return cached;
}

/** `name` → text of the files ending in `ending`; with `deep`, of sub-folders too (`http/client.ts`). */
function readFolder(dir: string, ending: string, deep = false): Map<string, string> {
  const files = readdirSync(dir, { recursive: deep }).map(String).filter((f) => f.endsWith(ending) && !f.split(/[\\/]/).some((part) => part.startsWith('.'))).sort();
  return new Map(files.map((f) => [f.split(sep).join('/'), readFileSync(join(dir, f), 'utf8')]));
}
