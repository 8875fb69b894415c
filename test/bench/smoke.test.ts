/**
 * The benchmark harness (bench/, run by `npm run bench`, not by `npm test`) exercised on its cheapest
 * paths, so it cannot rot silently: the synthetic-spec scaler, the statistics, the diagnostics
 * parser and the report renderer; and, on tiny counts, the apps, the bundler, the consumer
 * type-check and the request and streaming workers against the committed generated package, and
 * the mock under load (the built mock in its own process), and `usage` on the fixture client app.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../generator/normalize/index.js';
import { makeConsumer, streamImport } from '../../bench/lib/consumer.js';
import { balanced, growthExponent, median, ratio, rotate, runNode } from '../../bench/lib/measure.js';
import { buildOursForNode } from '../../bench/lib/ours-js.js';
import { BIN, REFERENCE_SPEC, ROOT, WORK, WORKERS } from '../../bench/lib/paths.js';
import { danglingRefs, scaleSpec } from '../../bench/lib/scale.js';
import { startServer } from '../../bench/lib/server.js';
import { fmt, renderReport, renderTable } from '../../bench/lib/table.js';
import { parseDiagnostics } from '../../bench/lib/tsc-diag.js';
import { bundleSize } from '../../bench/sections/bundle.js';
import { mockLoad } from '../../bench/sections/mock.js';
import { usageAnalysis } from '../../bench/sections/usage.js';
import { requestRun } from '../../bench/sections/requests.js';
import { streamRun } from '../../bench/sections/streaming.js';
import { consumerOptions } from '../../bench/sections/typecheck.js';

const TINY = {
  openapi: '3.1.0',
  info: { title: 'tiny', version: '1.0.0' },
  paths: {
    '/notes/show': {
      post: {
        operationId: 'post___notes___show',
        summary: 'notes/show',
        responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } },
      },
      get: { operationId: 'get___notes___show', summary: 'notes/show' },
    },
    '/i': { post: { operationId: 'post___i', summary: 'i', responses: { '204': { description: 'OK' } } } },
  },
  components: {
    schemas: {
      Note: { type: 'object', properties: { user: { $ref: '#/components/schemas/UserLite' }, renote: { $ref: '#/components/schemas/Note' } } },
      UserLite: { type: 'object', properties: { id: { type: 'string' } } },
    },
  },
};

describe('synthetic specs', () => {
  it('copies every endpoint and schema under new names, each copy referring to its own schemas', () => {
    const scaled = scaleSpec(TINY, 3);
    expect(Object.keys(scaled.paths).sort()).toEqual(['/copy2/i', '/copy2/notes/show', '/copy3/i', '/copy3/notes/show', '/i', '/notes/show']);
    expect(Object.keys(scaled.components.schemas).sort()).toEqual(['Note', 'NoteCopy2', 'NoteCopy3', 'UserLite', 'UserLiteCopy2', 'UserLiteCopy3']);
    expect(scaled.components.schemas.NoteCopy3.properties.renote.$ref).toBe('#/components/schemas/NoteCopy3');
    expect(scaled.paths['/copy2/notes/show'].post.operationId).toBe('post___copy2___notes___show');
    expect(scaled.paths['/copy2/notes/show'].get.operationId).toBe('get___copy2___notes___show');
    expect(scaled.paths['/copy2/notes/show'].post.summary).toBe('copy2/notes/show');
    expect(danglingRefs(scaled)).toEqual([]);
    // The original is untouched, and ×1 is the document itself.
    expect(Object.keys(TINY.paths)).toHaveLength(2);
    expect(scaleSpec(TINY, 1).paths).toEqual(TINY.paths);
    expect(() => scaleSpec(TINY, 0)).toThrow(RangeError);
  });

  it('doubles what the generator reads from the real reference spec', () => {
    const document = JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8'));
    const options = { specSha256: '0'.repeat(64) };
    const one = normalize(document, options);
    const two = normalize(scaleSpec(document, 2), options);
    expect(two.endpoints).toHaveLength(2 * one.endpoints.length);
    expect(two.schemas).toHaveLength(2 * one.schemas.length);
    expect(two.warnings).toHaveLength(2 * one.warnings.length);
    expect(danglingRefs(scaleSpec(document, 2))).toEqual([]);
  });
});

describe('statistics and report', () => {
  it('takes medians, ratios and growth exponents', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN])).toBeNaN();
    expect(ratio(1, 0)).toBeNaN();
    expect(growthExponent([1, 2, 4, 8].map((x) => [x, 5 * x]))).toBeCloseTo(1, 10);
    expect(growthExponent([1, 2, 4, 8].map((x) => [x, x * x]))).toBeCloseTo(2, 10);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
  });

  it('orders in-process rounds so that each item follows every other equally often', () => {
    for (const n of [2, 3, 4, 5]) {
      const items = Array.from({ length: n }, (_, i) => `c${i}`);
      const rounds = n % 2 ? 2 * n : n;
      const follows = new Map<string, number>();
      for (let round = 0; round < rounds; round++) {
        const order = balanced(items, round);
        expect([...order].sort()).toEqual(items);
        for (let i = 1; i < n; i++) follows.set(`${order[i - 1]}>${order[i]}`, (follows.get(`${order[i - 1]}>${order[i]}`) ?? 0) + 1);
      }
      expect(follows.size, `n = ${n}`).toBe(n * (n - 1));
      expect(new Set(follows.values()), `n = ${n}`).toEqual(new Set([n % 2 ? 2 : 1]));
    }
  });

  it('reads the diagnostics of both TypeScript lines', () => {
    const tsc5 = 'x.ts(1,1): error TS2322: nope\nFiles:                          68\nTypes:                       22242\nInstantiations:               4583\nMemory used:               110735K\nCheck time:                  3.81s\nTotal time:                  6.46s\n';
    const tsc7 = 'Files:              68\nTypes:           41875\nInstantiations:  29214\nMemory used:    78153K\nMemory allocs:  302835\nCheck time:     0.474s\nTotal time:     0.599s\n';
    expect(parseDiagnostics(tsc5)).toMatchObject({ files: 68, types: 22242, instantiations: 4583, memoryKB: 110735, checkS: 3.81, totalS: 6.46, errors: 1 });
    expect(parseDiagnostics(tsc7)).toMatchObject({ types: 41875, instantiations: 29214, memoryKB: 78153, checkS: 0.474, errors: 0 });
  });

  it('renders aligned Markdown tables and the report', () => {
    const table = renderTable(['tool', 'time'], [['a|b', fmt.ms(1234)], ['c', fmt.ms(56.78)]]);
    expect(table.split('\n')).toEqual(['| tool |    time |', '|------|--------:|', '| a\\|b |  1.23 s |', '| c    | 56.8 ms |']);
    const report = renderReport({
      meta: { quick: true, date: '2026-01-01', machine: 'test', load: 'load average 0', versions: [['x', '1']] },
      sections: [{ title: 'One', tables: [], targets: [{ name: 't', target: '≤ 1×', display: '2×', met: false }] }],
    });
    expect(report).toContain('## Targets');
    expect(report).toMatch(/^\| t +\| ≤ 1× +\| +2× \| \*\*missed\*\* \|$/m);
    expect(report).toContain('## One');
  });
});

describe('harness against the committed generated package', () => {
  const pkg = join(ROOT, 'generated/misskey-2026.7.0');
  let consumer: { dir: string; stream: string };
  let oursModule: string;
  beforeAll(async () => {
    consumer = makeConsumer('smoke-consumer', pkg);
    oursModule = await buildOursForNode(consumer, join(consumer.dir, 'ours-node.mjs'));
  });
  afterAll(() => rmSync(join(WORK, 'smoke-consumer'), { recursive: true, force: true }));

  it('type-checks both apps cleanly (TypeScript 7, skipLibCheck on)', async () => {
    expect(['root', 'deep']).toContain(streamImport(pkg).from);
    for (const app of ['ours-app.ts', 'misskey-js-app.ts']) {
      const config = join(consumer.dir, `tsconfig.smoke.${app}.json`);
      writeFileSync(config, JSON.stringify({ compilerOptions: consumerOptions(true), files: [app] }));
      const { stdout, stderr } = await runNode([BIN.tsc7, '-p', config, '--extendedDiagnostics', '--pretty', 'false'], { cwd: consumer.dir });
      const diag = parseDiagnostics(stdout + stderr);
      expect(diag.firstError, app).toBe('');
      expect(diag.types).toBeGreaterThan(0);
    }
  });

  it('bundles the one-endpoint app without the streaming client', async () => {
    const one = await bundleSize(join(consumer.dir, 'ours-one.ts'));
    expect(one.gzip).toBeGreaterThan(100);
    expect(one.byInput.some(([path]) => path.includes('stream'))).toBe(false);
  });

  it('runs the request clients (raw fetch, with a signal, ours, misskey-js) in turns, over the network and on a stub fetch', async () => {
    const server = await startServer(join(WORKERS, 'http-server.js'));
    try {
      for (const stub of [false, true]) {
        const r = await requestRun(server.origin, 20, 4, oursModule, stub);
        for (const client of ['raw', 'raw-signal', 'ours', 'misskey-js']) expect(r[client].ok, client).toBe(20);
      }
    } finally {
      await server.stop();
    }
  });

  it('runs the streaming workers (ours, misskey-js, floor) on a few events', async () => {
    const server = await startServer(join(WORKERS, 'ws-server.js'), ['50']);
    try {
      for (const client of ['ours', 'misskey-js', 'raw']) {
        const r = await streamRun(client, server.origin, 50, oursModule);
        expect(r.received, client).toBe(50);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('the mock under load', () => {
  it('posts a few notes to a few subscribers (each gets each once, in order) and reports latency and memory', async () => {
    const section = await mockLoad({ reps: 1, log: () => {}, notes: 12, subscribers: 3 });
    const run = (section.data as { runs: { http: number[]; fanout: number[]; memory: { notes: number; heapUsed: number; gc: boolean }[] }[] }).runs[0]!;
    expect([run.http.length, run.fanout.length]).toEqual([12, 12]);
    expect(run.memory.map((m) => m.notes)).toEqual([0, 3, 6, 9, 12]);
    expect(run.memory.every((m) => m.gc && m.heapUsed > 0)).toBe(true);
    expect(section.targets.map((t: { met: boolean | null }) => t.met)).not.toContain(null);
  }, 60_000);
});

describe('usage on the fixture client app', () => {
  it('runs the built CLI once on the 50+-file app and reports wall and CPU against the 3 s budget', async () => {
    const section = await usageAnalysis({ reps: 1, log: () => {} });
    const [run] = (section.data as { runs: { ms: number; cpuMs: number; files: number }[] }).runs;
    expect(run!.files).toBeGreaterThanOrEqual(50);
    expect(Number.isFinite(run!.ms) && Number.isFinite(run!.cpuMs)).toBe(true);
    expect(section.targets.map((t: { met: boolean | null }) => t.met)).not.toContain(null);
  }, 60_000);
});
