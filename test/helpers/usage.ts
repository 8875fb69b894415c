/** The fixture apps of test/fixtures/usage, analysed once per test file (a run type-checks the package they import: seconds). */
import { join } from 'node:path';
import { analyzeApp, type AppAnalysis } from '../../generator/usage/index.js';
import { ROOT } from './specs.js';

export const USAGE_FIXTURES = join(ROOT, 'test/fixtures/usage');
export const CLIENT_APP = join(USAGE_FIXTURES, 'client');

const cache = new Map<string, Promise<AppAnalysis>>();

export function analyzed(project: string): Promise<AppAnalysis> {
  let found = cache.get(project);
  if (!found) cache.set(project, (found = analyzeApp({ project })));
  return found;
}

/** `file:line kind name`, the way the tests state expected uses. */
export function line(use: { at: { file: string; line: number }; kind: string; name?: string; type?: string }): string {
  return `${use.at.file}:${use.at.line} ${use.kind} ${use.name ?? use.type ?? ''}`.trimEnd();
}
