/**
 * The reference spec shipped with the tool, used when neither a file nor a URL is given (offline).
 * Its path is found from our package root (../assets.ts), so it works from the TypeScript sources
 * and from the build alike.
 */
import { join } from 'node:path';
import { packageRoot } from '../assets.js';

const VERSION = '2026.7.0';

/** `path` is resolved on first read, so importing this module touches no file. */
export const EMBEDDED_DEFAULT: { readonly path: string; readonly version: string; readonly software: 'misskey' } = {
  get path() {
    return join(packageRoot(), 'generator', 'reference', `misskey-${VERSION}.json`);
  },
  version: VERSION,
  software: 'misskey',
};
