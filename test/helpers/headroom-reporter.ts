/**
 * A vitest reporter that prints, after the run, how close the slowest tests came to their timeouts and
 * how long the slowest beforeAll/afterAll hooks took; and, so that no test goes quietly untested, every
 * file with skipped tests, with the reasons given (the `SKIPPED: …` lines of ./prerequisites.ts and the
 * notes of `ctx.skip(note)`), or "no reason given". The suite must stay deterministic on a loaded
 * 2-core machine, where everything runs about three times slower than on a quiet one: no test should
 * use more than a third of its timeout. The lines say where the margin is thinnest before a timeout does.
 *
 * `HEADROOM_JSON=<file>` also writes every test's and hook's duration there, for before/after comparisons.
 * Hook durations are measured here, in the main process, from the workers' (batched) reports: close to,
 * not exactly, what the worker measured. A hook's own timeout is not reported to reporters, so hooks
 * are shown against the configured default.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule, TestSuite, Vitest } from 'vitest/node';

type HookContext = Parameters<NonNullable<Reporter['onHookStart']>>[0];
type UserConsoleLog = Parameters<NonNullable<Reporter['onUserConsoleLog']>>[0];

interface Timed {
  name: string;
  ms: number;
  timeoutMs: number;
}

const SHOWN = 5;

export default class HeadroomReporter implements Reporter {
  private defaultHookTimeout = 0;
  private readonly tests: Timed[] = [];
  private readonly hooks: Timed[] = [];
  private readonly hookStarts = new Map<string, number>();
  /** Per file: how many tests were skipped, and the reasons given. */
  private readonly skipped = new Map<string, { count: number; reasons: Set<string> }>();
  /** `SKIPPED: …` lines printed by a test file, by task id (the file's or one of its tests'). */
  private readonly skipLines: { taskId: string | undefined; line: string }[] = [];
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.defaultHookTimeout = vitest.config.hookTimeout;
    this.vitest = vitest;
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    for (const line of log.content.split('\n')) if (line.startsWith('SKIPPED: ')) this.skipLines.push({ taskId: log.taskId, line });
  }

  onTestCaseResult(test: TestCase): void {
    const diagnostic = test.diagnostic();
    const timeoutMs = test.options.timeout;
    const result = test.result();
    if (result.state === 'skipped') {
      const file = this.skippedIn(test.module.relativeModuleId);
      file.count++;
      if (result.note) file.reasons.add(result.note);
      return;
    }
    if (diagnostic === undefined || timeoutMs === undefined) return;
    this.tests.push({ name: `${test.module.relativeModuleId} > ${test.fullName}`, ms: diagnostic.duration, timeoutMs });
  }

  onHookStart(hook: HookContext): void {
    if (hook.name === 'beforeAll' || hook.name === 'afterAll') this.hookStarts.set(hookKey(hook), performance.now());
  }

  onHookEnd(hook: HookContext): void {
    const started = this.hookStarts.get(hookKey(hook));
    if (started === undefined) return;
    this.hooks.push({ name: `${hookKey(hook)}`, ms: performance.now() - started, timeoutMs: this.defaultHookTimeout });
  }

  private skippedIn(file: string): { count: number; reasons: Set<string> } {
    let entry = this.skipped.get(file);
    if (entry === undefined) this.skipped.set(file, (entry = { count: 0, reasons: new Set() }));
    return entry;
  }

  onTestRunEnd(): void {
    const byShare = [...this.tests].sort((a, b) => b.ms / b.timeoutMs - a.ms / a.timeoutMs);
    const byTime = [...this.hooks].sort((a, b) => b.ms - a.ms);
    const lines = [
      ...byShare.slice(0, SHOWN).map((t) => `headroom: test ${seconds(t.ms)} of ${seconds(t.timeoutMs)} (${percent(t)}): ${t.name}`),
      ...byTime.slice(0, SHOWN).map((h) => `headroom: hook ${seconds(h.ms)} (${percent(h)} of the default ${seconds(h.timeoutMs)}): ${h.name}`),
    ];
    for (const { taskId, line } of this.skipLines) {
      const task = taskId === undefined ? undefined : this.vitest?.state.idMap.get(taskId);
      // A line printed where the file has no skipped test (a prerequisite found in the end) adds nothing.
      if (task !== undefined) this.skipped.get(relativeOf(this.vitest, task.file.filepath))?.reasons.add(line);
    }
    for (const [file, { count, reasons }] of [...this.skipped].sort(([a], [b]) => a.localeCompare(b))) {
      if (count === 0) continue;
      const why = reasons.size > 0 ? [...reasons].join('; ') : 'no reason given';
      lines.push(`skipped: ${count} test${count === 1 ? '' : 's'} in ${file}: ${why}`);
    }
    if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n`);
    const file = process.env['HEADROOM_JSON'];
    if (file) writeFileSync(file, JSON.stringify({ tests: this.tests, hooks: this.hooks }, null, 1));
  }
}

function relativeOf(vitest: Vitest | undefined, path: string): string {
  const root = vitest?.config.root ?? '';
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

function hookKey(hook: HookContext): string {
  const entity = hook.entity as TestCase | TestSuite | TestModule;
  const where = entity.type === 'module' ? entity.relativeModuleId : `${entity.module.relativeModuleId} > ${entity.fullName}`;
  return `${hook.name} ${where}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (t: Timed) => `${Math.round((100 * t.ms) / t.timeoutMs)} %`;
