/**
 * The headroom reporter's summary after a run: the tests nearest their timeouts first, and every file
 * with skipped tests, with the reasons given there or "no reason given", so that nothing goes untested
 * quietly. Fed the objects vitest hands a reporter, reduced to what the reporter reads.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TestCase, Vitest } from 'vitest/node';
import HeadroomReporter from './headroom-reporter.js';

const ROOT = '/repo';

function testCase(file: string, name: string, result: { state: 'passed' | 'skipped'; note?: string }, ms = 0, timeoutMs = 60_000): TestCase {
  return {
    module: { relativeModuleId: file },
    fullName: name,
    options: { timeout: timeoutMs },
    diagnostic: () => (result.state === 'skipped' ? undefined : { duration: ms }),
    result: () => result,
  } as unknown as TestCase;
}

function summary(feed: (reporter: HeadroomReporter) => void): string {
  const tasks = new Map([['file-a', { file: { filepath: `${ROOT}/test/a.test.ts` } }]]);
  const reporter = new HeadroomReporter();
  reporter.onInit({ config: { hookTimeout: 60_000, root: ROOT }, state: { idMap: tasks } } as unknown as Vitest);
  feed(reporter);
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((text) => written.push(String(text)) > 0);
  try {
    reporter.onTestRunEnd();
  } finally {
    write.mockRestore();
  }
  return written.join('');
}

describe('the headroom reporter', () => {
  it('lists the tests by the share of their timeout they used, largest first', () => {
    const out = summary((r) => {
      r.onTestCaseResult(testCase('test/a.test.ts', 'quick', { state: 'passed' }, 1_000));
      r.onTestCaseResult(testCase('test/a.test.ts', 'close', { state: 'passed' }, 30_000));
      r.onTestCaseResult(testCase('test/a.test.ts', 'long, with a long timeout', { state: 'passed' }, 40_000, 300_000));
    });
    const lines = out.trim().split('\n').filter((l) => l.startsWith('headroom: test'));
    expect(lines).toEqual([
      'headroom: test 30.0 s of 60.0 s (50 %): test/a.test.ts > close',
      'headroom: test 40.0 s of 300.0 s (13 %): test/a.test.ts > long, with a long timeout',
      'headroom: test 1.0 s of 60.0 s (2 %): test/a.test.ts > quick',
    ]);
  });

  it('names every file with skipped tests, with the SKIPPED line it printed, the skip notes, or "no reason given"', () => {
    const out = summary((r) => {
      r.onUserConsoleLog({ content: 'SKIPPED: measurements: by design; run them with X=1.\n', type: 'stderr', taskId: 'file-a', time: 0, size: 0 });
      r.onUserConsoleLog({ content: 'an ordinary line\n', type: 'stdout', taskId: 'file-a', time: 0, size: 0 });
      r.onTestCaseResult(testCase('test/a.test.ts', 'one', { state: 'skipped' }));
      r.onTestCaseResult(testCase('test/a.test.ts', 'two', { state: 'skipped' }));
      r.onTestCaseResult(testCase('test/b.test.ts', 'three', { state: 'skipped', note: 'no Node 22 here' }));
      r.onTestCaseResult(testCase('test/c.test.ts', 'four', { state: 'skipped' }));
    });
    const lines = out.trim().split('\n').filter((l) => l.startsWith('skipped:'));
    expect(lines).toEqual([
      'skipped: 2 tests in test/a.test.ts: SKIPPED: measurements: by design; run them with X=1.',
      'skipped: 1 test in test/b.test.ts: no Node 22 here',
      'skipped: 1 test in test/c.test.ts: no reason given',
    ]);
  });
});
