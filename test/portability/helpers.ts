/**
 * Shared by the portability tests: building the JavaScript package, packing it and installing the
 * tarball the way a user's project would, and running commands with generous time limits (CI has 2
 * loaded cores) that still end a hung child instead of hanging the suite.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackage } from '../../generator/generate.js';
import { loadSpec } from '../../generator/load/index.js';
import type { ApiModel } from '../../generator/model.js';
import { writeTree } from '../helpers/generate.js';
import { ROOT } from '../helpers/specs.js';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`); never throws for a non-zero exit. */
export function run(command: string, args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env: options.env ?? process.env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** npm without the parent project's settings leaking in: quiet, offline-capable, no audit or funding calls. */
export async function npm(args: string[], cwd: string): Promise<Ran> {
  const result = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd });
  if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
  return result;
}

/** `npm pack` of a folder into `dest`; returns the tarball's path and the packed file list. */
export async function pack(dir: string, dest: string): Promise<{ tarball: string; files: string[] }> {
  mkdirSync(dest, { recursive: true });
  const { stdout } = await npm(['pack', dir, '--json', '--pack-destination', dest, '--ignore-scripts'], dest);
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed nothing: ${stdout}`);
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path).sort() };
}

/** A fresh ESM project in `dir` with `tarballs` installed from disk only (`--offline`: no registry). */
export async function consumerProject(dir: string, tarballs: string[]): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  await npm(['install', '--offline', '--no-package-lock', ...tarballs], dir);
  return dir;
}

/** The `ws` this repository uses, as a tarball, so a consumer can install it without the network. */
export async function wsTarball(dest: string): Promise<string> {
  return (await pack(join(ROOT, 'node_modules/ws'), dest)).tarball;
}

/** The JavaScript package for the embedded reference spec, written to `dir`. */
export async function writeJsPackage(dir: string): Promise<{ model: ApiModel; files: Map<string, string>; ms: number }> {
  const started = performance.now();
  const { model, files } = await buildPackage(await loadSpec({}), { emit: 'js' });
  const ms = performance.now() - started;
  writeTree(dir, files);
  return { model, files, ms };
}

export function readJson<T = any>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
