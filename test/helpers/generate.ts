/** Generating packages into temporary folders for tests. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ApiModel } from '../../generator/model/types.js';
import { generated } from './package-cache.js';

export interface TempPackage {
  dir: string;
  model: ApiModel;
  files: Map<string, string>;
  cleanup(): void;
}

export function tempDir(prefix = 'mkcg-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTree(dir: string, files: Map<string, string>): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Writes the package for a spec file (or the embedded default) into `<tmp>/<sub>`; generated once per state of the sources (./package-cache.ts). */
export async function generateTemp(specPath: string | undefined, sub = 'client'): Promise<TempPackage> {
  const root = tempDir();
  const { model, files } = await generated(specPath);
  const dir = join(root, sub);
  writeTree(dir, files);
  return { dir: root, model, files, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
