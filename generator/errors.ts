/**
 * The generator's errors: one base class with a stable machine `code` (tests, CI scripts and the
 * CLI's `--json` switch on it) and a message for people that says what was wrong and where, on one
 * line (a compile error lists its problems, one per line). Each stage has its own subclass, with its
 * own codes, in the module that throws it (load/errors.ts, output/output-folder.ts, …); the codes
 * that belong to no one stage are here.
 */

export class GeneratorError extends Error {
  override name = 'GeneratorError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A command-line option with a value the command cannot use (`--timeout -1`, `--package-name "A B"`),
 * found before any work is done.
 */
export class OptionError extends GeneratorError {
  override name = 'OptionError';
  constructor(message: string) {
    super('BAD_OPTION', oneLine(message));
  }
}

/** What the CLI says about a failure that is not a GeneratorError (a bug, or an error of a library). */
export const UNEXPECTED = 'ERROR';

/** The code of any thrown value: its own for a GeneratorError, else UNEXPECTED. */
export function errorCode(error: unknown): string {
  return error instanceof GeneratorError ? error.code : UNEXPECTED;
}

/** Messages end up on one terminal line; OpenSSL and friends like to end theirs with '\n'. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
