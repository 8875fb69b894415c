/**
 * What some tests need from the machine and a checkout may lack: the real specs (../shared/specs),
 * Node 22 and 24, Deno 2 and Bun 1 binaries from npm, Chromium. On a developer's machine a missing one skips the tests that
 * need it, and a line says which prerequisite and how to get it. In CI (.ci/run sets
 * MISSKEY_CODEGEN_REQUIRE_ALL=1) a missing one is a failure naming it: CI must not pass while it
 * quietly tests less than it claims.
 */

export const REQUIRE_ALL = 'MISSKEY_CODEGEN_REQUIRE_ALL';

export class MissingPrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingPrerequisiteError';
  }
}

const said = new Set<string>();

/**
 * Reports a missing prerequisite. `what`: the prerequisite, where it was looked for and how to get it;
 * `skipped`: which tests go without it. Returns (the caller then skips) after one warning line, or,
 * when `MISSKEY_CODEGEN_REQUIRE_ALL=1`, throws: at a file's top level the file fails, inside a test the test does.
 */
export function missingPrerequisite(what: string, skipped: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env[REQUIRE_ALL] === '1') throw new MissingPrerequisiteError(`missing prerequisite: ${what} (${REQUIRE_ALL}=1 turns this skip into a failure: ${skipped})`);
  const line = `SKIPPED: ${skipped}: missing prerequisite: ${what}.`;
  if (!said.has(line)) console.warn(line);
  said.add(line);
}

/**
 * Reports tests skipped by design (not for anything missing): one `SKIPPED:` line, like a missing
 * prerequisite's, naming the tests and how to run them. The headroom reporter repeats it after the run.
 */
export function skippedByDesign(skipped: string, why: string): void {
  const line = `SKIPPED: ${skipped}: ${why}.`;
  if (!said.has(line)) console.warn(line);
  said.add(line);
}
