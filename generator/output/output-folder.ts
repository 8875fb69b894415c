/**
 * `--out` checked before any work: a path that can never take the package (a file, a folder without
 * write permission, a read-only file system) fails in one line naming the path, instead of a raw
 * `EEXIST … mkdir` after the whole generation. Nothing is written here: permissions are asked of the
 * kernel (`access`), which answers for the user running the command, root included.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GeneratorError } from '../errors.js';

export type OutputFolderErrorCode = 'OUT_NOT_A_FOLDER' | 'OUT_NOT_WRITABLE' | 'OUT_UNUSABLE';

export class OutputFolderError extends GeneratorError {
  override name = 'OutputFolderError';
  declare readonly code: OutputFolderErrorCode;

  constructor(code: OutputFolderErrorCode, message: string) {
    super(code, message);
  }
}

/** How a failed file-system call reads to a person; other codes are shown as they are. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file is in the way',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
};

export const reason = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (REASONS[code] ?? code) : String(error);
};

/**
 * Throws an {@link OutputFolderError} when `out` cannot hold the package. `write: false` (`--check`)
 * only needs to read what is there; a folder that does not exist yet is fine then (every file would be added).
 */
export async function checkOutputFolder(out: string, options: { write: boolean }): Promise<void> {
  const shown = `--out ${out}`;
  const found = await stat(out).catch((error: NodeJS.ErrnoException) => error);
  if (!(found instanceof Error)) {
    if (!found.isDirectory()) throw new OutputFolderError('OUT_NOT_A_FOLDER', `${shown}: is a file, not a folder`);
    const mode = options.write ? constants.R_OK | constants.W_OK | constants.X_OK : constants.R_OK | constants.X_OK;
    await access(out, mode).catch((error: unknown) => {
      throw new OutputFolderError('OUT_NOT_WRITABLE', `${shown}: cannot ${options.write ? 'write to' : 'read'} this folder (${reason(error)})`);
    });
    return;
  }
  // ENOTDIR: a part of the path is a file, which the walk up below names.
  if (found.code !== 'ENOENT' && found.code !== 'ENOTDIR') throw new OutputFolderError('OUT_UNUSABLE', `${shown}: cannot be used (${reason(found)})`);
  // The folder will be created: its nearest existing ancestor must be a folder we may write in.
  const ancestor = await nearestExisting(resolve(out));
  if (!ancestor.isDirectory) throw new OutputFolderError('OUT_NOT_A_FOLDER', `${shown}: ${ancestor.path} is a file, not a folder`);
  if (!options.write) return;
  await access(ancestor.path, constants.W_OK | constants.X_OK).catch((error: unknown) => {
    throw new OutputFolderError('OUT_NOT_WRITABLE', `${shown}: cannot create it in ${ancestor.path} (${reason(error)})`);
  });
}

async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean }> {
  for (let at = path; ; at = dirname(at)) {
    const found = await stat(at).catch(() => undefined);
    if (found) return { path: at, isDirectory: found.isDirectory() };
    // The root always exists; this only guards against a dirname that stops changing.
    if (dirname(at) === at) return { path: at, isDirectory: true };
  }
}
