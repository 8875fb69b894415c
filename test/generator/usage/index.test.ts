/**
 * The cost of an analysis: the client fixture app (55 files, importing the whole reference package)
 * must take at most 3 s on CI's 2 cores. Wall time here depends on what else the machine runs, so the
 * process's CPU time is what is held to the budget (on an idle machine the wall time is lower still:
 * the compiler runs on one thread, the garbage collector beside it). Type-checking the whole project,
 * or building the program twice, goes over it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeApp } from '../../../generator/usage/index.js';
import { CLIENT_APP } from '../../helpers/usage.js';

const BUDGET_MS = 3000;

describe('analyzeApp', () => {
  it(`analyses the client fixture app in at most ${BUDGET_MS / 1000} s of CPU`, async () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { usage } = await analyzeApp({ project: join(CLIENT_APP, 'tsconfig.json') });
    const spent = process.cpuUsage(cpu);
    const ms = (spent.user + spent.system) / 1000;
    expect(usage.files).toBeGreaterThanOrEqual(50);
    expect(ms, `CPU ${Math.round(ms)} ms, wall ${Math.round(performance.now() - started)} ms`).toBeLessThanOrEqual(BUDGET_MS);
  }, 120_000);
});
