/**
 * Formatting generated TypeScript with prettier, so output reads like hand-written code and diffs stay
 * small. The runtime is copied as written.
 *
 * Prettier is most of a generation's time (three quarters of a megabyte of declarations for a current
 * server), and it is pure and single-threaded: large outputs are split by size across worker threads,
 * the main thread taking one share. The bytes do not depend on the split.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { format } from 'prettier';

const OPTIONS = { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all', semi: true, quoteProps: 'preserve' } as const;
// A worker pays about 0.2 s to start and load prettier: below this much text per lane it costs more than it saves.
const BYTES_PER_LANE = 256 * 1024;
const MAX_LANES = 4;

type Job = readonly [path: string, text: string];

export function formatText(path: string, text: string): Promise<string> {
  return format(text, { ...OPTIONS, filepath: path });
}

export async function formatFiles(files: Map<string, string>): Promise<Map<string, string>> {
  const jobs = [...files].filter(([path]) => path.endsWith('.ts') && !path.startsWith('runtime/'));
  const [own, ...others] = splitBySize(jobs, laneCount(jobs));
  const results = await Promise.all([formatHere(own ?? []), ...others.map(formatInWorker)]);
  const formatted = new Map(results.flat());
  return new Map([...files].map(([path, text]) => [path, formatted.get(path) ?? text]));
}

function laneCount(jobs: Job[]): number {
  // Run from TypeScript sources (tests), there is no compiled worker to start: format in this thread.
  if (!existsSync(fileURLToPath(WORKER))) return 1;
  const bytes = jobs.reduce((sum, [, text]) => sum + text.length, 0);
  return Math.max(1, Math.min(availableParallelism(), MAX_LANES, Math.floor(bytes / BYTES_PER_LANE)));
}

/** Largest first into the lightest lane: shares of near-equal size. */
function splitBySize(jobs: Job[], lanes: number): Job[][] {
  const shares: Job[][] = Array.from({ length: lanes }, () => []);
  const load = new Array<number>(lanes).fill(0);
  for (const job of [...jobs].sort((a, b) => b[1].length - a[1].length)) {
    const lane = load.indexOf(Math.min(...load));
    shares[lane]!.push(job);
    load[lane]! += job[1].length;
  }
  return shares;
}

async function formatHere(jobs: Job[]): Promise<Job[]> {
  return Promise.all(jobs.map(async ([path, text]) => [path, await formatText(path, text)] as const));
}

const WORKER = new URL('./format-worker.js', import.meta.url);

function formatInWorker(jobs: Job[]): Promise<Job[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: jobs });
    worker.once('message', (result: Job[]) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the formatting worker stopped (exit code ${code}) before answering`)));
  });
}
