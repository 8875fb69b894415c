/**
 * 2. Scaling: our generation of the real spec and of synthetic specs 2×, 4× and 8× its size
 * (see lib/scale.js), and the growth exponent of time over size.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { growthExponent, median, rotate } from '../lib/measure.js';
import { REFERENCE_SPEC, WORK } from '../lib/paths.js';
import { scaleSpec } from '../lib/scale.js';
import { fmt } from '../lib/table.js';
import { GENERATORS, generateOnce } from './generation.js';

export const FACTORS = [1, 2, 4, 8];

/** Writes the synthetic specs once per run; returns [{ factor, path, bytes, endpoints, schemas }]. */
export function writeScaledSpecs(factors = FACTORS) {
  const document = JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8'));
  mkdirSync(join(WORK, 'specs'), { recursive: true });
  return factors.map((factor) => {
    const path = factor === 1 ? REFERENCE_SPEC : join(WORK, 'specs', `misskey-2026.7.0-x${factor}.json`);
    const scaled = scaleSpec(document, factor);
    const text = JSON.stringify(scaled);
    if (factor !== 1) writeFileSync(path, text);
    return {
      factor,
      path,
      bytes: factor === 1 ? readFileSync(REFERENCE_SPEC).length : Buffer.byteLength(text),
      endpoints: Object.keys(scaled.paths).length,
      schemas: Object.keys(scaled.components.schemas).length,
    };
  });
}

export async function scaling({ reps, log }) {
  const specs = writeScaledSpecs();
  const ours = GENERATORS.find((g) => g.id === 'ours');
  const runs = Object.fromEntries(specs.map((s) => [s.factor, []]));
  // Sizes take turns in rotated order, so a change of machine load does not fall on one size only.
  for (let rep = 0; rep < reps; rep++) {
    for (const spec of rotate(specs, rep)) {
      const r = await generateOnce(ours, spec.path, join(WORK, 'gen', `scale-x${spec.factor}`));
      runs[spec.factor].push(r);
      log(`  scaling ×${spec.factor} ${rep + 1}/${reps}: ${fmt.ms(r.ms)}, ${fmt.mb(r.maxRssKB)}`);
    }
  }
  const results = specs.map((spec) => ({
    ...spec,
    ms: median(runs[spec.factor].map((r) => r.ms)),
    maxRssKB: median(runs[spec.factor].map((r) => r.maxRssKB)),
  }));
  const base = results[0];
  const exponent = growthExponent(results.map((r) => [r.factor, r.ms]));
  const [a, b] = results.slice(-2);
  const tail = Math.log(b.ms / a.ms) / Math.log(b.factor / a.factor);
  const memExponent = growthExponent(results.map((r) => [r.factor, r.maxRssKB]));
  const rows = results.map((r) => [
    `×${r.factor}`,
    fmt.bytes(r.bytes),
    fmt.int(r.endpoints),
    fmt.int(r.schemas),
    fmt.ms(r.ms),
    fmt.ratio(r.ms / base.ms),
    fmt.ms(r.ms / r.endpoints),
    fmt.mb(r.maxRssKB),
  ]);
  return {
    id: 'scaling',
    title: '2. Scaling (our generation, synthetic specs)',
    intro: `Endpoints and schemas duplicated under new names (\`/copy2/notes/create\`, \`NoteCopy2\`), references rewired to the copies; median of ${reps} run(s) each.`,
    tables: [{ columns: ['spec', 'size', 'endpoints', 'schemas', 'time', 'time / ×1', 'per endpoint', 'peak memory'], rows }],
    notes: [
      `Growth exponent of time (least squares over log size, log time): ${fmt.num(exponent)}; between ×${a.factor} and ×${b.factor}: ${fmt.num(tail)} (1.00 = linear; fixed start-up cost pulls the fitted figure down, so the last step is the honest one).`,
      `Growth exponent of peak memory: ${fmt.num(memExponent)}.`,
    ],
    targets: [
      { name: 'generation growth', target: '≤ linear (exponent ≤ 1.0, ±0.05 noise)', value: tail, display: `${fmt.num(exponent)} fitted, ${fmt.num(tail)} ×${a.factor}→×${b.factor}`, met: Number.isFinite(tail) ? Math.max(exponent, tail) <= 1.05 : null },
      { name: `growth ×${a.factor} → ×${b.factor} synthetic spec`, target: '≤ 1.0', value: tail, display: fmt.num(tail), met: Number.isFinite(tail) ? tail <= 1.0 : null },
    ],
    data: { results, exponent, tail, memExponent },
  };
}
