/** Running npm (and commands that call it) from a test, as a user would in their own shell. */
import { exec } from 'node:child_process';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment without what `npm test` sets for its own package (npm_package_*, npm_lifecycle_*,
 * npm_config_local_prefix…): a nested npm would otherwise take this repository for its project.
 * npm's cache is shared, and `prefer-offline` lets it answer from there when it can.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const own = /^npm_(package_|lifecycle_|command$|config_local_prefix$)|^VITEST|^INIT_CWD$/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !own.test(key)));
  return { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

/** One shell command line in `cwd`; never throws for a non-zero exit (killed after `timeoutMs`). */
export function shell(command: string, cwd: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    exec(command, { cwd, env: options.env ?? userEnv(), timeout: options.timeoutMs ?? 240_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Like {@link shell}, but a failure throws with the command's output. */
export async function mustRun(command: string, cwd: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  const ran = await shell(command, cwd, options);
  if (ran.code !== 0) throw new Error(`\`${command}\` in ${cwd} failed (exit ${ran.code}):\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}
