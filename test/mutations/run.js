// @ts-check
/**
 * `npm run test:mutations [-- <id>…]`: applies each mutation of ./list.js, one at a time, and checks
 * that the test files it names fail, and among them a test whose name matches its `killer`.
 *
 * It works on a copy of the repository in a temporary folder (node_modules linked, dist/ built
 * there), so the working tree is never modified: Ctrl-C or a crash leaves at most a temporary folder,
 * which is removed on exit or interruption. First the tests run unmutated (a mutation "killed" by
 * an already failing test proves nothing). Prints a table; exits 1 when a mutation survives, is killed
 * by another test than its killer, or no longer applies (its `find` text is gone or ambiguous).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MUTATIONS } from './list.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Never the killer: it notices any change to generated output and says "stale", not what broke. */
export const GOLDEN_TEST = 'test/generator/golden.test.ts';
// Not copied: linked (node_modules), rebuilt (dist), or irrelevant and possibly large.
const NOT_COPIED = new Set(['node_modules', '.git', '.tmp', 'dist']);

/** `text` with the mutation applied, or how many times its `find` occurs when that is not exactly once. */
export function mutate(/** @type {string} */ text, /** @type {import('./list.js').Mutation} */ m) {
  const count = text.split(m.find).length - 1;
  if (count !== 1) return { ok: /** @type {const} */ (false), count };
  return { ok: /** @type {const} */ (true), text: text.replace(m.find, () => m.replace) };
}

/**
 * @typedef {{ file: string, name: string, status: string }} TestOutcome
 * @typedef {{ outcomes: TestOutcome[], loadErrors: string[], ms: number }} Run
 */

/** @type {import('node:child_process').ChildProcess | undefined} */
let child;

/** Runs vitest on `files` in `dir`; the outcome of every test, from its JSON report. */
async function vitest(/** @type {string} */ dir, /** @type {string[]} */ files, /** @type {number | undefined} */ testTimeoutMs) {
  const report = join(dir, '.mutation-report.json');
  rmSync(report, { force: true });
  const args = [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', ...files, '--reporter=json', `--outputFile=${report}`];
  if (testTimeoutMs !== undefined) args.push(`--testTimeout=${testTimeoutMs}`);
  const started = performance.now();
  const output = await new Promise((done) => {
    let text = '';
    // Its own process group, so that an interruption can end vitest and its workers together.
    child = spawn(process.execPath, args, { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout?.on('data', (d) => (text += d));
    child.stderr?.on('data', (d) => (text += d));
    child.on('close', () => done(text));
  });
  child = undefined;
  const ms = performance.now() - started;
  if (!existsSync(report)) throw new Error(`vitest wrote no report; its output:\n${output}`);
  /** @type {{ testResults: { name: string, status: string, message?: string, assertionResults: { ancestorTitles: string[], title: string, status: string }[] }[] }} */
  const json = JSON.parse(readFileSync(report, 'utf8'));
  /** @type {Run} */
  const run = { outcomes: [], loadErrors: [], ms };
  for (const file of json.testResults) {
    const path = relative(dir, file.name).split(sep).join('/');
    if (file.status === 'failed' && file.assertionResults.every((a) => a.status !== 'failed'))
      run.loadErrors.push(`${path}: ${(file.message ?? 'failed outside any test').split('\n')[0]}`);
    for (const a of file.assertionResults) run.outcomes.push({ file: path, name: [...a.ancestorTitles, a.title].join(' > '), status: a.status });
  }
  return run;
}

/**
 * This environment, with the real specs where the copy can find them (its ../shared/specs is
 * elsewhere), and without the variables of a vitest this may itself run under.
 */
function childEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  return { ...env, MISSKEY_SPECS_DIR: resolve(process.env['MISSKEY_SPECS_DIR'] ?? join(ROOT, '../shared/specs')) };
}

/** Builds dist/ in `dir` (tsc 5.9, as `npm run build`); type errors do not stop the emit. */
async function build(/** @type {string} */ dir) {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  await new Promise((done) => {
    child = spawn(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, stdio: 'ignore', detached: true });
    child.on('close', done);
  });
  child = undefined;
  if (!existsSync(join(dir, 'dist/generator/cli.js'))) throw new Error('building dist/ in the copy emitted no dist/generator/cli.js');
}

/**
 * @typedef {{ id: string, verdict: 'killed' | 'SURVIVED' | 'WRONG KILLER' | 'BROKEN', by: string, seconds: number }} Result
 */

async function check(/** @type {string} */ dir, /** @type {import('./list.js').Mutation} */ m) {
  const started = performance.now();
  const path = join(dir, m.file);
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  if (!existsSync(path)) return /** @type {Result} */ ({ id: m.id, verdict: 'BROKEN', by: `${m.file} does not exist`, seconds: seconds() });
  const original = readFileSync(path, 'utf8');
  const applied = mutate(original, m);
  if (!applied.ok) {
    const why = `find text occurs ${applied.count} times in ${m.file}, not once`;
    return /** @type {Result} */ ({ id: m.id, verdict: 'BROKEN', by: why, seconds: seconds() });
  }
  writeFileSync(path, applied.text);
  try {
    if (m.build) await build(dir);
    const run = await vitest(dir, m.tests, m.testTimeoutMs);
    const failed = run.outcomes.filter((o) => o.status === 'failed');
    const killers = failed.filter((o) => o.file !== GOLDEN_TEST && m.killer.test(o.name));
    /** @type {Result['verdict']} */
    let verdict = killers.length > 0 ? 'killed' : failed.length > 0 || run.loadErrors.length > 0 ? 'WRONG KILLER' : 'SURVIVED';
    // The first test that names the behaviour; otherwise what failed instead (all of it: it needs looking at).
    const first = killers[0];
    const by = first
      ? `${first.file}: ${first.name}${failed.length > 1 ? ` (+${failed.length - 1} more failed)` : ''}`
      : [...failed.map((o) => `${o.file}: ${o.name}`), ...run.loadErrors].join('; ') || '-';
    return /** @type {Result} */ ({ id: m.id, verdict, by, seconds: seconds() });
  } finally {
    writeFileSync(path, original);
    if (m.build) await build(dir);
  }
}

/** A copy of the repository to mutate: sources and tests, node_modules linked. */
function copyRepository() {
  const dir = mkdtempSync(join(tmpdir(), 'mkcg-mutations-'));
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(ROOT, src).split(sep)[0] ?? '') });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function table(/** @type {Result[]} */ results) {
  const rows = results.map((r) => `| ${r.id} | ${r.verdict} | ${r.by.replaceAll('|', '\\|')} | ${r.seconds} s |`);
  return ['| mutation | verdict | killed by | time |', '|---|---|---|---|', ...rows].join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !MUTATIONS.some((m) => m.id === id));
  if (unknown.length > 0) throw new Error(`no such mutation: ${unknown.join(', ')} (have: ${MUTATIONS.map((m) => m.id).join(', ')})`);
  const selected = wanted.length > 0 ? MUTATIONS.filter((m) => wanted.includes(m.id)) : MUTATIONS;

  const dir = copyRepository();
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.once(signal, () => {
      if (child?.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      cleanup();
      process.stderr.write(`\ninterrupted; removed ${dir} (the working tree was never modified)\n`);
      process.exit(130);
    });
  }
  try {
    process.stderr.write(`copy: ${dir}\n`);
    // Only tests of the built CLI read dist/, and only mutations marked `build` name them.
    if (selected.some((m) => m.build)) {
      process.stderr.write('building dist/ …\n');
      await build(dir);
    }
    const files = [...new Set(selected.flatMap((m) => m.tests))];
    process.stderr.write(`baseline: ${files.length} test files, unmutated …\n`);
    const baseline = await vitest(dir, files, undefined);
    const broken = baseline.outcomes.filter((o) => o.status === 'failed').map((o) => `${o.file}: ${o.name}`);
    if (broken.length > 0 || baseline.loadErrors.length > 0)
      throw new Error(`the tests fail without any mutation, so no mutation can be judged:\n${[...broken, ...baseline.loadErrors].join('\n')}`);
    process.stderr.write(`baseline passed in ${Math.round(baseline.ms / 1000)} s\n`);

    /** @type {Result[]} */
    const results = [];
    for (const m of selected) {
      process.stderr.write(`${m.id} (${m.file}) …`);
      const result = await check(dir, m);
      process.stderr.write(` ${result.verdict} (${result.seconds} s)\n`);
      results.push(result);
    }
    process.stdout.write(`${table(results)}\n`);
    const bad = results.filter((r) => r.verdict !== 'killed');
    process.stdout.write(bad.length === 0 ? `all ${results.length} mutations killed\n` : `${bad.length} of ${results.length} mutations not killed as expected\n`);
    return bad.length === 0 ? 0 : 1;
  } finally {
    cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`test:mutations: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
