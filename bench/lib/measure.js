/**
 * Timing and memory of child processes, and the little statistics the report needs. This machine's
 * speed varies from run to run, so every figure is a median of repetitions and every claim a ratio
 * against a peer measured in the same run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function median(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/**
 * Least-squares slope of log(time) over log(size): 1 is linear growth. A fixed start-up cost
 * (module loading) pulls it below 1, so the report also gives the exponent between the two largest sizes.
 */
export function growthExponent(points) {
  const pts = points.filter(([x, y]) => x > 0 && y > 0).map(([x, y]) => [Math.log(x), Math.log(y)]);
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  let num = 0;
  let den = 0;
  for (const [x, y] of pts) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

/** Order of variants for repetition `rep`, rotated so no variant always runs first (cold caches) or last. */
export function rotate(items, rep) {
  const k = rep % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * The order of `items` for round `round` of a run that shares one process: a balanced Latin square
 * (Williams), so that over `items.length` rounds each item comes right after every other item once.
 * A plain rotation always puts an item after the same neighbour, which then hands it its garbage to
 * collect (its timers, its AbortSignals' finalizers) round after round. For an odd count, every other
 * block of `items.length` rounds is reversed, balancing over twice as many rounds.
 */
export function balanced(items, round) {
  const n = items.length;
  const first = Array.from({ length: n }, (_, j) => (j % 2 ? (j + 1) / 2 : n - j / 2) % n); // 0, 1, n-1, 2, n-2, …
  const order = first.map((k) => items[(k + round) % n]);
  return n % 2 && Math.floor(round / n) % 2 ? order.reverse() : order;
}

const TIME = '/usr/bin/time';
let timeWorks;

/**
 * Whether GNU time is usable for peak memory and CPU time; otherwise a preload in every Node process
 * reports them (also forced by MKCG_BENCH_NO_GNU_TIME=1, to test that path).
 */
function hasGnuTime() {
  timeWorks ??= existsSync(TIME) && !process.env.MKCG_BENCH_NO_GNU_TIME;
  return timeWorks;
}

const PRELOAD = new URL('./maxrss-preload.cjs', import.meta.url).pathname;

/**
 * Runs `node <args>` (`options.node`: another Node binary) and returns wall time (ms), CPU time (ms,
 * user + system, of the process and the children it waited for), peak resident memory (KB, the
 * largest process of the tree), exit code and output. Never rejects on a non-zero exit: the caller decides.
 */
export async function runNode(args, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mkcg-bench-'));
  const rssFile = join(dir, 'rss');
  const env = { ...process.env, ...options.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  const node = options.node ?? process.execPath;
  let command = node;
  let argv = args;
  if (hasGnuTime()) {
    command = TIME;
    argv = ['-f', '%M %U %S', '-o', rssFile, node, ...args];
  } else {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim();
    env.MKCG_BENCH_RSS_FILE = rssFile;
  }
  const started = process.hrtime.bigint();
  const child = spawn(command, argv, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const timeout = options.timeoutMs ?? 10 * 60_000;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
  const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(timer);
  let maxRssKB = NaN;
  let cpuMs = NaN;
  try {
    // GNU time writes "Command exited with non-zero status N" before its figures on failure; the
    // preload writes one line per Node process ("maxRSS userMs sysMs").
    const rows = readFileSync(rssFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter((row) => row.length === 3 && row.every(Number.isFinite));
    if (rows.length) {
      maxRssKB = Math.max(...rows.map((r) => r[0]));
      // GNU time gives seconds of the whole tree; the preload gives ms per process, summed.
      cpuMs = hasGnuTime() ? (rows[0][1] + rows[0][2]) * 1000 : rows.reduce((sum, r) => sum + r[1] + r[2], 0);
    }
  } catch {
    // No figures (the process was killed before writing them): left NaN, shown as n/a.
  }
  rmSync(dir, { recursive: true, force: true });
  return { ms, cpuMs, maxRssKB, code, stdout, stderr };
}

/** Like runNode, but throws with the tail of the output when the process fails. */
export async function runNodeOk(args, options = {}) {
  const result = await runNode(args, options);
  if (result.code !== 0) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    throw new Error(`node ${args.join(' ')} exited with ${result.code}:\n${tail}`);
  }
  return result;
}

/** ours / peer, for the report; NaN when either side is missing. */
export function ratio(ours, peer) {
  return Number.isFinite(ours) && Number.isFinite(peer) && peer !== 0 ? ours / peer : NaN;
}
