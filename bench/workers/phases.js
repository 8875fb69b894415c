/**
 * Our generation step by step, in one fresh process, to show where its time goes:
 * `node bench/workers/phases.js SPEC OUT` prints one JSON line of milliseconds per phase, and per
 * file for formatting. It mirrors generator/generate.ts `buildPackage` with the public functions
 * of each step (format: the few statements emitters leave to prettier); the whole-CLI figure in the table is the one to compare with peers.
 */
import { join } from 'node:path';
import { ROOT } from '../lib/paths.js';

const [spec, out] = process.argv.slice(2);
const dist = (path) => import(join(ROOT, 'dist/generator', path));
const now = () => performance.now();
const ms = {};
const cpuMs = {};
let cpuMark = process.cpuUsage();
/** CPU time since the last call, in ms: phases are reported in CPU too, which load on the machine stretches less. */
const cpu = () => {
  const used = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

let t = now();
cpu();
const { loadSpec } = await dist('load/index.js');
const { modelFromSpec } = await dist('normalize/from-spec.js');
const { loadAssets } = await dist('assets.js');
const { emitPackage } = await dist('emit/package.js');
const { settleLayout } = await dist('output/format.js');
const { writeFiles } = await dist('output/write.js');
ms.import = now() - t;
cpuMs.import = cpu();

t = now();
cpu();
const loaded = await loadSpec({ spec });
ms.load = now() - t;
cpuMs.load = cpu();

t = now();
const assets = loadAssets();
const model = modelFromSpec(loaded);
ms.normalize = now() - t;
cpuMs.normalize = cpu();

t = now();
const emitted = emitPackage(model, assets);
ms.emit = now() - t;
cpuMs.emit = cpu();

// One file at a time, to attribute the cost of the statements left to prettier; the first call also pays loading prettier.
t = now();
const formatted = new Map();
const perFile = {};
for (const [path, text] of emitted) {
  const t1 = now();
  formatted.set(path, (await settleLayout(new Map([[path, text]]))).get(path));
  perFile[path] = now() - t1;
}
ms.format = now() - t;
cpuMs.format = cpu();

t = now();
await writeFiles(out, formatted, { check: false });
ms.write = now() - t;
cpuMs.write = cpu();

const bytes = Object.fromEntries([...emitted].map(([path, text]) => [path, Buffer.byteLength(text)]));
process.stdout.write(JSON.stringify({ ms, cpuMs, perFile, bytes, endpoints: model.endpoints.length, schemas: model.schemas.length }) + '\n');
