/**
 * The reference spec shipped with the tool, used when neither a file nor a URL is given (offline).
 * Its path is found from this module's location by walking up to our package root, so it works from
 * the TypeScript sources (generator/load/) and from the build (dist/generator/load/) alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '2026.7.0';

let cachedRoot: string | undefined;

export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'misskey-codegen')
          return (cachedRoot = dir);
      } catch {
        // An unreadable package.json on the way up is not ours; keep walking.
      }
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the misskey-codegen package root above ${start}`);
  }
}

/** `path` is resolved on first read, so importing this module touches no file. */
export const EMBEDDED_DEFAULT: { readonly path: string; readonly version: string; readonly software: 'misskey' } = {
  get path() {
    return join(packageRoot(), 'generator', 'reference', `misskey-${VERSION}.json`);
  },
  version: VERSION,
  software: 'misskey',
};
