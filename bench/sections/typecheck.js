/**
 * 3. Consumer type-check: the same small app (bench/apps) against our generated package and against
 * misskey-js, each compiled alone by `tsc --noEmit --extendedDiagnostics`, under TypeScript 5.9 and
 * TypeScript 7, with skipLibCheck on and off. Each app's increment over an empty app is its cost.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, ratio, rotate, runNode } from '../lib/measure.js';
import { BIN } from '../lib/paths.js';
import { fmt } from '../lib/table.js';
import { parseDiagnostics } from '../lib/tsc-diag.js';

export const COMPILERS = [
  { id: 'tsc5', label: 'TypeScript 5.9', bin: BIN.tsc5 },
  { id: 'tsc7', label: 'TypeScript 7', bin: BIN.tsc7 },
];
const APPS = [
  { id: 'empty', file: 'empty.ts' },
  { id: 'ours', file: 'ours-app.ts', label: 'ours (TS sources)' },
  { id: 'ours-pkg', file: 'ours-pkg-app.ts', label: 'ours (`--emit js` package)' },
  { id: 'misskey-js', file: 'misskey-js-app.ts', label: 'misskey-js' },
];
// cpuMs: the compiler process's own CPU time, which another process's load stretches far less than wall times.
const METRICS = ['types', 'instantiations', 'memoryKB', 'checkS', 'totalS', 'cpuMs'];

/** A strict consumer on a bundler setup, the common shape of a TypeScript app today. */
export function consumerOptions(skipLibCheck) {
  return {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    types: [],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    noEmit: true,
    skipLibCheck,
  };
}

export async function typecheck({ reps, log, consumer }) {
  const apps = APPS.filter((a) => a.id !== 'ours-pkg' || consumer.jsPackage);
  const ours = apps.filter((a) => a.id.startsWith('ours'));
  const configs = [];
  for (const compiler of COMPILERS) {
    for (const skipLibCheck of [true, false]) {
      for (const app of apps) {
        const config = join(consumer.dir, `tsconfig.${app.id}.${skipLibCheck ? 'skip' : 'full'}.json`);
        writeFileSync(config, JSON.stringify({ compilerOptions: consumerOptions(skipLibCheck), files: [app.file] }, null, 2));
        configs.push({ compiler, skipLibCheck, app, config, runs: [] });
      }
    }
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const c of rotate(configs, rep * 5)) {
      const { stdout, stderr, cpuMs } = await runNode([c.compiler.bin, '-p', c.config, '--extendedDiagnostics', '--pretty', 'false'], { cwd: consumer.dir });
      c.runs.push({ ...parseDiagnostics(stdout + stderr), cpuMs });
    }
    log(`  type-check ${rep + 1}/${reps} done (${configs.length} compiles)`);
  }
  const get = (compiler, skipLibCheck, app) => {
    const c = configs.find((x) => x.compiler.id === compiler && x.skipLibCheck === skipLibCheck && x.app.id === app);
    const m = Object.fromEntries(METRICS.map((k) => [k, median(c.runs.map((r) => r[k]))]));
    return { ...m, errors: c.runs[0].errors, firstError: c.runs[0].firstError };
  };

  const rows = [];
  const summary = {};
  const notes = [];
  for (const compiler of COMPILERS) {
    for (const skipLibCheck of [true, false]) {
      const empty = get(compiler.id, skipLibCheck, 'empty');
      const inc = {};
      for (const app of apps.filter((a) => a.id !== 'empty')) {
        const m = get(compiler.id, skipLibCheck, app.id);
        inc[app.id] = Object.fromEntries(METRICS.map((k) => [k, m[k] - empty[k]]));
        rows.push([
          compiler.label,
          skipLibCheck ? 'on' : 'off',
          app.label,
          fmt.signedInt(inc[app.id].types),
          fmt.signedInt(inc[app.id].instantiations),
          `${fmt.signedInt(inc[app.id].memoryKB / 1024)} MB`,
          fmt.ms(inc[app.id].checkS * 1000),
          fmt.ms(inc[app.id].cpuMs),
          fmt.ms(m.totalS * 1000),
          fmt.int(m.errors),
        ]);
        if (m.errors > 0) notes.push(`${app.label} app, ${compiler.label}, skipLibCheck ${skipLibCheck ? 'on' : 'off'}: ${m.errors} error(s), first: \`${m.firstError.slice(0, 240)}\``);
      }
      for (const app of ours) {
        const r = Object.fromEntries(METRICS.map((k) => [k, ratio(inc[app.id][k], inc['misskey-js'][k])]));
        summary[`${app.id}.${compiler.id}.${skipLibCheck ? 'skip' : 'full'}`] = { ratios: r, inc: inc[app.id], peer: inc['misskey-js'], empty };
        rows.push([compiler.label, skipLibCheck ? 'on' : 'off', `${app.label} / misskey-js`, fmt.ratio(r.types), fmt.ratio(r.instantiations), fmt.ratio(r.memoryKB), fmt.ratio(r.checkS), fmt.ratio(r.cpuMs), '', '']);
      }
    }
  }

  const targets = [];
  for (const app of ours) {
    for (const compiler of COMPILERS) {
      for (const [metric, limit, label] of [
        // Issue 14's goals, for every output form and both skipLibCheck settings.
        ['types', 0.2, 'types'],
        ['instantiations', 0.05, 'instantiations'],
        ['checkS', 0.3, 'check time'],
      ]) {
        const on = summary[`${app.id}.${compiler.id}.skip`].ratios[metric];
        const off = summary[`${app.id}.${compiler.id}.full`].ratios[metric];
        const known = Number.isFinite(on) && Number.isFinite(off);
        targets.push({
          name: `consumer ${label} increment, ${compiler.label}, ${app.label}`,
          target: `≤ ${limit}× misskey-js`,
          value: Math.max(on, off),
          display: `${fmt.ratio(on)} (skipLibCheck on), ${fmt.ratio(off)} (off)`,
          met: known ? Math.max(on, off) <= limit : null,
        });
      }
    }
  }
  if (!consumer.jsPackage) notes.push('The `--emit js` package could not be generated; only the TS sources were measured.');
  return {
    id: 'typecheck',
    title: '3. Consumer type-check (three typed endpoint calls + one streaming channel handler)',
    intro:
      `Increments over an empty app under the same compiler and options (strict, \`moduleResolution: bundler\`, \`lib: [ES2022, DOM]\`, \`types: []\`); median of ${reps} compile(s). ` +
      `Ours twice: as TS sources in the app (\`generate --out src/misskey\`, the default), whose files tell the app's compiler not to check them (\`// @ts-nocheck\`: skipLibCheck does not reach \`.ts\` files), and as the \`--emit js\` package (JavaScript + \`.d.ts\`, installed in node_modules, like misskey-js). ` +
      `Types and instantiations are the stable figures; times are noisy. Streaming is imported from ${consumer.stream === 'root' ? 'the package root' : "deep paths (`./misskey/runtime/stream/index.js`, `./misskey/channels.js`): the package root does not export it"}.`,
    tables: [{ columns: ['compiler', 'skipLibCheck', 'app', 'types', 'instantiations', 'memory', 'check time', 'process CPU', 'total time (app)', 'errors'], rows }],
    notes,
    targets,
    data: summary,
  };
}
