#!/usr/bin/env node
/**
 * `npm run bench` (after `npm run build`): misskey-codegen side by side with misskey-js and the
 * generic generators (openapi-typescript, orval, @hey-api/openapi-ts). Prints the report and writes
 * it to bench/RESULTS.md. Work files go to .tmp/bench. orval and @hey-api/openapi-ts come from
 * bench/package.json, installed into bench/node_modules on the first run (lib/peers.js).
 *
 *   node bench/run.js            all eight measurements, full repetitions (about 10 minutes on 2 idle cores)
 *   node bench/run.js --quick    one repetition each (about 3 minutes)
 *   node bench/run.js --only typecheck,bundle   some measurements; printed, RESULTS.md left alone
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeConsumer } from './lib/consumer.js';
import { buildOursForNode } from './lib/ours-js.js';
import { ensurePeers } from './lib/peers.js';
import { BIN, PACKAGE_JSON, REFERENCE_SPEC, RESULTS_MD, WORK } from './lib/paths.js';
import { renderReport, renderSection, renderTargets } from './lib/table.js';
import { bundle } from './sections/bundle.js';
import { GENERATORS, OURS_JS, generateOnce, generation } from './sections/generation.js';
import { mockLoad } from './sections/mock.js';
import { usageAnalysis } from './sections/usage.js';
import { requests } from './sections/requests.js';
import { scaling } from './sections/scaling.js';
import { streaming } from './sections/streaming.js';
import { typecheck } from './sections/typecheck.js';

const SECTIONS = ['generation', 'scaling', 'typecheck', 'bundle', 'requests', 'streaming', 'mock', 'usage'];
const REPS = {
  full: { generation: 3, scaling: 2, typecheck: 3, bundle: 1, requests: 2, streaming: 9, mock: 3, usage: 5 },
  quick: { generation: 1, scaling: 1, typecheck: 1, bundle: 1, requests: 1, streaming: 1, mock: 1, usage: 1 },
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('node bench/run.js [--quick] [--only ' + SECTIONS.join(',') + ']\n');
  process.exit(0);
}
const only = values.only ? values.only.split(',').map((s) => s.trim()) : SECTIONS;
const unknown = only.filter((s) => !SECTIONS.includes(s));
if (unknown.length) {
  process.stderr.write(`bench: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}\n`);
  process.exit(2);
}
if (!existsSync(BIN.ours)) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` first (npm run bench does).\n');
  process.exit(2);
}
try {
  ensurePeers();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

const reps = REPS[values.quick ? 'quick' : 'full'];
const log = (line) => process.stderr.write(line + '\n');
const started = Date.now();
const loadAtStart = loadavg()[0];
mkdirSync(WORK, { recursive: true });

/** Our package for the consumer measurements: the generation section's output, else generated now. */
async function ourPackage() {
  const dir = join(WORK, 'gen', 'ours');
  if (!only.includes('generation') || !existsSync(join(dir, 'manifest.json'))) {
    await generateOnce(
      GENERATORS.find((g) => g.id === 'ours'),
      REFERENCE_SPEC,
      dir,
    );
  }
  return dir;
}

/** The same package with `--emit js`, or undefined when that fails (the type-check then measures the sources only). */
async function ourJsPackage() {
  const dir = join(WORK, 'gen', OURS_JS.id);
  if (!only.includes('generation') || !existsSync(join(dir, 'package.json'))) {
    try {
      await generateOnce(OURS_JS, REFERENCE_SPEC, dir);
    } catch (error) {
      log(`bench: --emit js failed: ${error.message.split('\n')[0]}`);
      return undefined;
    }
  }
  return dir;
}

const results = [];
let consumer;
let oursModule;
for (const id of SECTIONS.filter((s) => only.includes(s))) {
  const t = Date.now();
  log(`bench: ${id}…`);
  try {
    if (['typecheck', 'bundle', 'requests', 'streaming'].includes(id) && !consumer) {
      consumer = makeConsumer('consumer', await ourPackage(), only.includes('typecheck') ? await ourJsPackage() : undefined);
    }
    if (['requests', 'streaming'].includes(id) && !oursModule) oursModule = await buildOursForNode(consumer, join(WORK, 'ours-node.mjs'));
    const context = { reps: reps[id], log, consumer, oursModule };
    const section = await { generation, scaling, typecheck, bundle, requests, streaming, mock: mockLoad, usage: usageAnalysis }[id](context);
    results.push(section);
    process.stdout.write('\n' + renderSection(section) + '\n');
  } catch (error) {
    log(error.stack ?? String(error));
    const section = { id, title: id, error: String(error.message ?? error).split('\n')[0], tables: [] };
    results.push(section);
    process.stdout.write('\n' + renderSection(section) + '\n');
  }
  log(`bench: ${id} took ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

const version = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return 'n/a';
  }
};
const meta = {
  quick: values.quick,
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`,
  // Other work on the machine stretches wall times; the load average says how much there was.
  load: `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end, on ${cpus().length} cores`,
  minutes: (Date.now() - started) / 60_000,
  versions: [
    ['misskey-codegen', version(PACKAGE_JSON.root)],
    ['openapi-typescript', version(PACKAGE_JSON.openapiTypescript)],
    ['orval', version(PACKAGE_JSON.orval)],
    ['@hey-api/openapi-ts', version(PACKAGE_JSON.heyApi)],
    ['misskey-js', version(PACKAGE_JSON.misskeyJs)],
    ['TypeScript 5', version(PACKAGE_JSON.tsc5)],
    ['TypeScript 7', version(PACKAGE_JSON.tsc7)],
    ['esbuild', version(PACKAGE_JSON.esbuild)],
  ],
};
const report = renderReport({ meta, sections: results });
writeFileSync(join(WORK, 'results.json'), JSON.stringify({ meta, sections: results }, null, 2));
writeFileSync(join(WORK, 'RESULTS.md'), report);
process.stdout.write('\n## Targets\n\n' + renderTargets(results) + '\n');
if (only.length === SECTIONS.length) {
  writeFileSync(RESULTS_MD, report);
  log(`bench: wrote ${RESULTS_MD}`);
} else {
  log(`bench: partial run (--only); report in ${join(WORK, 'RESULTS.md')}, bench/RESULTS.md left alone`);
}
log(`bench: finished in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
process.exitCode = results.some((s) => s.error) ? 1 : 0;
