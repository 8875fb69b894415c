/**
 * The last step: put files on disk, or (`--check`) only say which would change. A folder that
 * already holds a generated package is owned by the generator: files it no longer produces are
 * removed, so nothing stale survives a regeneration.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ownedFiles } from './fingerprint.js';
import { OutputFolderError, reason } from './output-folder.js';

export interface WriteResult {
  /** Paths (relative to the folder) that were or would be added, changed or removed, sorted. */
  added: string[];
  changed: string[];
  removed: string[];
}

export async function writeFiles(outDir: string, files: Map<string, string>, options: { check: boolean }): Promise<WriteResult> {
  const result: WriteResult = { added: [], changed: [], removed: [] };
  const wasGenerated = existsSync(join(outDir, 'manifest.json'));
  const existing = wasGenerated ? await ownedFiles(outDir) : [];
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : 1));
  // Each file on its own, all at once (the disk works while the next is read); the lists keep the sorted order.
  const kinds = await Promise.all(
    sorted.map(async ([path, text]) => {
      const target = join(outDir, path);
      const current = await readFile(target, 'utf8').catch(() => undefined);
      if (current === text) return undefined;
      if (!options.check) {
        // The folder was checked up front; what the kernel can still refuse (a special file system, a full disk) is one line too.
        await mkdir(dirname(target), { recursive: true })
          .then(() => writeFile(target, text))
          .catch((error: unknown) => {
            throw new OutputFolderError('OUT_NOT_WRITABLE', `cannot write ${target} (${reason(error)})`);
          });
      }
      return current === undefined ? 'added' : 'changed';
    }),
  );
  sorted.forEach(([path], i) => {
    const kind = kinds[i];
    if (kind !== undefined) result[kind].push(path);
  });
  for (const path of existing) {
    if (files.has(path)) continue;
    result.removed.push(path);
    if (!options.check) await rm(join(outDir, path));
  }
  return result;
}
