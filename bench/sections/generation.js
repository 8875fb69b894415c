/**
 * 1. Generation: our whole `generate` (load → normalize → emit → prettier → write) against the
 * openapi-typescript CLI (types only), orval (a fetch client) and @hey-api/openapi-ts (an SDK), all
 * from the same spec, each a fresh `node` process writing into an empty folder.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { median, ratio, rotate, runNodeOk } from '../lib/measure.js';
import { BIN, REFERENCE_SPEC, WORK, WORKERS } from '../lib/paths.js';
import { fmt } from '../lib/table.js';

export const GENERATORS = [
  { id: 'ours', label: 'misskey-codegen (client + types, in prettier style)', args: (spec, out) => [BIN.ours, 'generate', '--spec', spec, '--out', out, '--quiet'] },
  { id: 'openapi-typescript', label: 'openapi-typescript CLI (types only)', args: (spec, out) => [BIN.openapiTypescript, spec, '--output', join(out, 'types.ts')] },
  { id: 'orval', label: 'orval (fetch client)', args: (spec, out) => [BIN.orval, '--input', spec, '--output', join(out, 'api.ts'), '--client', 'fetch'] },
  { id: 'hey-api', label: '@hey-api/openapi-ts (SDK + fetch client)', args: (spec, out) => [BIN.heyApi, '--input', spec, '--output', out] },
];

/** Ours emitting a publishable package (JavaScript + .d.ts): run once, for information and for the consumer measurements. */
export const OURS_JS = {
  id: 'ours-js',
  label: 'misskey-codegen `--emit js` (JS + .d.ts; 1 run)',
  args: (spec, out) => [BIN.ours, 'generate', '--spec', spec, '--out', out, '--quiet', '--emit', 'js'],
};

/**
 * Ours with the compile cache off (generator/compile-cache.ts): what the first run after an install
 * costs, when typescript.js is compiled from scratch. The timed runs above read the cache, as every later run does.
 */
export const OURS_COLD = {
  id: 'ours-cold',
  label: 'misskey-codegen, compile cache off (`NODE_DISABLE_COMPILE_CACHE=1`: a first run after install; 1 run)',
  args: GENERATORS[0].args,
  env: { NODE_DISABLE_COMPILE_CACHE: '1' },
};

/** Files and bytes under `dir`. */
export function outputSize(dir) {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return { files, bytes };
}

/** One generation by `tool` into a fresh folder; returns { ms, maxRssKB, out }. */
export async function generateOnce(tool, spec, out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // cwd is the (empty) work folder, so no tool picks up a config file from the repository.
  const { ms, cpuMs, maxRssKB } = await runNodeOk(tool.args(spec, out), { cwd: WORK, env: tool.env });
  return { ms, cpuMs, maxRssKB, out };
}

export async function generation({ reps, log }) {
  const dirs = Object.fromEntries(GENERATORS.map((g) => [g.id, join(WORK, 'gen', g.id)]));
  const runs = Object.fromEntries(GENERATORS.map((g) => [g.id, []]));
  // Untimed, so the timed runs read the compile cache as every run after the first does; the first run's own figure is OURS_COLD's row.
  for (const tool of [GENERATORS[0], OURS_JS]) await generateOnce(tool, REFERENCE_SPEC, join(WORK, 'gen', `${tool.id}-warm-up`));
  for (let rep = 0; rep < reps; rep++) {
    for (const tool of rotate(GENERATORS, rep)) {
      const r = await generateOnce(tool, REFERENCE_SPEC, dirs[tool.id]);
      runs[tool.id].push(r);
      log(`  generation ${rep + 1}/${reps} ${tool.id}: ${fmt.ms(r.ms)}, ${fmt.mb(r.maxRssKB)}`);
    }
  }
  const stats = Object.fromEntries(
    GENERATORS.map((g) => [
      g.id,
      {
        ms: median(runs[g.id].map((r) => r.ms)),
        min: Math.min(...runs[g.id].map((r) => r.ms)),
        cpuMs: median(runs[g.id].map((r) => r.cpuMs)),
        maxRssKB: median(runs[g.id].map((r) => r.maxRssKB)),
        ...outputSize(dirs[g.id]),
      },
    ]),
  );
  const peers = GENERATORS.filter((g) => g.id !== 'ours');
  const fastest = peers.reduce((a, b) => (stats[a.id].ms <= stats[b.id].ms ? a : b));
  const ours = stats.ours;
  const rows = GENERATORS.map((g) => {
    const s = stats[g.id];
    const peer = g.id !== 'ours';
    return [g.label, fmt.ms(s.ms), fmt.ms(s.min), fmt.ms(s.cpuMs), fmt.mb(s.maxRssKB), fmt.int(s.files), fmt.bytes(s.bytes), peer ? fmt.ratio(ratio(ours.ms, s.ms)) : '—', peer ? fmt.ratio(ratio(ours.cpuMs, s.cpuMs)) : '—', peer ? fmt.ratio(ratio(ours.maxRssKB, s.maxRssKB)) : '—'];
  });

  // Once, after the timed runs: not a peer comparison, but users who publish a package pay it.
  let js = null;
  try {
    const r = await generateOnce(OURS_JS, REFERENCE_SPEC, join(WORK, 'gen', OURS_JS.id));
    js = { ...r, ...outputSize(r.out) };
    log(`  generation ours --emit js: ${fmt.ms(r.ms)}`);
  } catch (error) {
    log(`  generation ours --emit js failed: ${error.message.split('\n')[0]}`);
  }
  if (js) rows.splice(1, 0, [OURS_JS.label, fmt.ms(js.ms), '', fmt.ms(js.cpuMs), fmt.mb(js.maxRssKB), fmt.int(js.files), fmt.bytes(js.bytes), '', '', '']);
  const cold = await generateOnce(OURS_COLD, REFERENCE_SPEC, join(WORK, 'gen', OURS_COLD.id));
  log(`  generation ours, compile cache off: ${fmt.ms(cold.ms)}`);
  const vsOrval = (key) => fmt.ratio(ratio(cold[key], stats.orval[key]));
  rows.splice(1, 0, [OURS_COLD.label, fmt.ms(cold.ms), '', fmt.ms(cold.cpuMs), fmt.mb(cold.maxRssKB), '', '', vsOrval('ms') + ' orval', vsOrval('cpuMs') + ' orval', '']);

  const phases = await generationPhases({ reps: Math.min(reps, 3), log });
  const noop = await noOpRegeneration({ reps: Math.max(reps, 3), out: dirs.ours, log });
  if (noop) rows.splice(1, 0, ...noop.rows);
  const timeRatio = ratio(ours.ms, stats[fastest.id].ms);
  const orval = stats.orval;
  const orvalWall = ratio(ours.ms, orval.ms);
  const orvalCpu = ratio(ours.cpuMs, orval.cpuMs);
  const noopWorst = noop ? Math.max(noop.generate.ms, noop.check.ms) : NaN;
  return {
    id: 'generation',
    title: '1. Generation (2026.7.0 reference spec, 438 endpoints)',
    intro:
      `Each tool as a fresh \`node\` process writing into an empty folder; median of ${reps} run(s), order rotated between runs; ours ran once untimed before, so that its compile cache is in place. ` +
      "CPU is the process tree's user + system time, which other load on the machine stretches far less than wall time; peak memory is the largest process's resident set. The ratio columns compare ours with each peer.",
    tables: [
      { columns: ['tool', 'time', 'min', 'CPU', 'peak memory', 'files', 'output', 'time ours/peer', 'CPU ours/peer', 'memory ours/peer'], rows },
      phases.table,
    ].filter(Boolean),
    notes: [
      `Fastest peer in this run: ${fastest.id} (${fmt.ms(stats[fastest.id].ms)}).`,
      `Our output is ${fmt.ratio(ratio(ours.bytes, stats[fastest.id].bytes))} the size of ${fastest.id}'s, and includes model.json (the normalized model kept for regeneration diffs).`,
      ...phases.notes,
    ],
    targets: [
      {
        name: 'generation time vs the fastest peer',
        target: '≤ 1.0×',
        value: timeRatio,
        display: `${fmt.ratio(timeRatio)} ${fastest.id} (CPU ${fmt.ratio(ratio(ours.cpuMs, stats[fastest.id].cpuMs))})`,
        met: Number.isFinite(timeRatio) ? timeRatio <= 1.0 : null,
      },
      {
        name: 'generation of 2026.7.0, wall and CPU, vs orval',
        target: '≤ 0.5× both',
        value: Math.max(orvalWall, orvalCpu),
        display: `wall ${fmt.ratio(orvalWall)}, CPU ${fmt.ratio(orvalCpu)}`,
        met: Number.isFinite(orvalWall) && Number.isFinite(orvalCpu) ? orvalWall <= 0.5 && orvalCpu <= 0.5 : null,
      },
      {
        name: 'no-op regeneration and `--check` on unchanged output (fresh process)',
        target: '≤ 0.3 s wall',
        value: noopWorst,
        display: noop ? `generate ${fmt.ms(noop.generate.ms)} (CPU ${fmt.ms(noop.generate.cpuMs)}), --check ${fmt.ms(noop.check.ms)} (CPU ${fmt.ms(noop.check.cpuMs)})` : 'failed',
        met: Number.isFinite(noopWorst) ? noopWorst <= 300 : null,
      },
      jsTarget(js, ours),
    ],
    data: { stats, fastest: fastest.id, phases: phases.data, js, cold, noop },
  };
}

/**
 * `--emit js` against our TypeScript emit. Judged on CPU: the JavaScript run is a single one, and CPU is
 * what other load on the machine stretches least.
 */
function jsTarget(js, ours) {
  const cpu = js ? ratio(js.cpuMs, ours.cpuMs) : NaN;
  return {
    name: '`--emit js` generation vs our TypeScript emit (CPU)',
    target: '≤ 1.1×',
    value: cpu,
    display: js ? `${fmt.ratio(cpu)} (wall ${fmt.ratio(ratio(js.ms, ours.ms))})` : 'failed',
    met: Number.isFinite(cpu) ? cpu <= 1.1 : null,
  };
}

/** Where our time goes: the generation's steps timed inside one process (see workers/phases.js). */
export async function generationPhases({ reps, log }) {
  const samples = [];
  for (let rep = 0; rep < reps; rep++) {
    const out = join(WORK, 'gen', 'phases');
    rmSync(out, { recursive: true, force: true });
    try {
      const { stdout } = await runNodeOk([join(WORKERS, 'phases.js'), REFERENCE_SPEC, out], { cwd: WORK });
      samples.push(JSON.parse(stdout.trim().split('\n').pop()));
    } catch (error) {
      log(`  phases failed: ${error.message.split('\n')[0]}`);
      return { table: null, notes: [`Phase breakdown failed: ${error.message.split('\n')[0]}`], data: null };
    }
  }
  const names = Object.keys(samples[0].ms);
  const ms = Object.fromEntries(names.map((n) => [n, median(samples.map((s) => s.ms[n]))]));
  const cpuMs = Object.fromEntries(names.map((n) => [n, median(samples.map((s) => s.cpuMs?.[n]))]));
  const total = names.reduce((s, n) => s + cpuMs[n], 0);
  const what = {
    import: 'loading the generator (typescript, openapi-typescript, prettier…)',
    load: 'read + parse + validate the spec',
    normalize: 'spec → ApiModel',
    emit: 'ApiModel → TypeScript text (openapi-typescript + TS printer)',
    format: 'prettier over the few statements emitters leave to it (long or unusual types)',
    write: 'files to disk',
  };
  const rows = names.map((n) => [n, what[n] ?? '', fmt.ms(ms[n]), fmt.ms(cpuMs[n]), `${((cpuMs[n] / total) * 100).toFixed(0)} %`]);
  const files = Object.keys(samples[0].perFile);
  const perFile = files
    .map((f) => [f, median(samples.map((s) => s.perFile[f])), samples[0].bytes[f]])
    .filter(([, t]) => t >= 1)
    .sort((a, b) => b[1] - a[1]);
  return {
    table: { caption: `Our generation step by step (one process, median of ${reps}):`, columns: ['step', 'what', 'time', 'CPU', 'share of CPU'], rows },
    notes: [`Formatting by file: ${perFile.map(([f, t, b]) => `${f} ${fmt.ms(t)} (${fmt.bytes(b)})`).join(', ')}.`],
    data: { ms, cpuMs, perFile: Object.fromEntries(perFile.map(([f, t]) => [f, t])) },
  };
}


/**
 * Ours again over its own output with nothing changed (the CI case): `generate` and `generate --check`,
 * each a fresh process, median of `reps`. Both should find the package up to date and build nothing.
 */
export async function noOpRegeneration({ reps, out, log }) {
  const ours = GENERATORS.find((g) => g.id === 'ours');
  const kinds = { generate: [], check: [] };
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of Object.keys(kinds)) {
        const args = [...ours.args(REFERENCE_SPEC, out), ...(kind === 'check' ? ['--check'] : [])];
        kinds[kind].push(await runNodeOk(args, { cwd: WORK }));
      }
    }
  } catch (error) {
    log(`  no-op regeneration failed: ${error.message.split('\n')[0]}`);
    return null;
  }
  const stat = (runs) => ({ ms: median(runs.map((r) => r.ms)), min: Math.min(...runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), maxRssKB: median(runs.map((r) => r.maxRssKB)) });
  const generate = stat(kinds.generate);
  const check = stat(kinds.check);
  log(`  no-op regeneration: generate ${fmt.ms(generate.ms)}, --check ${fmt.ms(check.ms)}`);
  const row = (label, s) => [label, fmt.ms(s.ms), fmt.ms(s.min), fmt.ms(s.cpuMs), fmt.mb(s.maxRssKB), '', '', '', '', ''];
  return {
    generate,
    check,
    rows: [row(`misskey-codegen again, nothing changed (no-op; median of ${reps})`, generate), row(`misskey-codegen \`--check\`, nothing changed (median of ${reps})`, check)],
  };
}
