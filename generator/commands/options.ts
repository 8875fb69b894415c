/**
 * What every command shares: where its output goes (an Io: the CLI passes the process's streams,
 * tests their own), the one rule for a number of seconds (`--timeout`, `--interval`), and the glue
 * that runs a command for yargs. No command writes to `process` itself; only `processIo` and
 * `handler` here touch it.
 */
import { OptionError } from '../errors.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Base for relative paths given as options (--token-file). Default process.cwd(). */
  cwd?: string | undefined;
  /** For tests: the fetch that calls servers go through. */
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
}

export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A yargs handler for a command that returns its exit status. */
export function handler<A>(run: (args: A, io: Io) => Promise<number>): (args: A) => Promise<void> {
  return async (args) => {
    process.exitCode = await run(args, processIo);
  };
}

/** The longest wait a timer can hold: beyond it, setTimeout fires at once. */
const MAX_SECONDS = Math.floor(0x7fffffff / 1000);

/**
 * `value` seconds (an option's value, or its default) in milliseconds, or an OptionError naming the
 * option: a wait must be a positive number a timer can hold (`--timeout 0` would fail every request,
 * `--timeout 1e7` would fire at once).
 */
export function milliseconds(option: string, value: number | undefined, seconds: number): number {
  const given = value ?? seconds;
  if (!(given > 0) || given > MAX_SECONDS) throw new OptionError(`${option} must be a positive number of seconds up to ${MAX_SECONDS}, got ${value}`);
  return given * 1000;
}
