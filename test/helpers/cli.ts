/** Running the built `misskey-codegen` CLI in a child process, as users do. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './specs.js';

const exec = promisify(execFile);
export const CLI = join(ROOT, 'dist/generator/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `user`: run as another account (uid and gid), which only root may ask for. */
export async function runCli(args: string[], options: { cwd?: string; timeoutMs?: number; user?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      timeout: options.timeoutMs ?? 120_000,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      ...(options.user !== undefined ? { uid: options.user, gid: options.user } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
