/**
 * 7. The mock under load: a timeline of NOTES notes posted one by one over HTTP (`notes/create`) to
 * SUBSCRIBERS streaming subscribers of `localTimeline`, the mock in a process of its own. Per note: the
 * HTTP round trip, and the fan-out (from sending the request to the last subscriber holding the note);
 * the mock's heap after a full GC at checkpoints. Steady means the last notes cost what the first did,
 * and memory grows by the notes stored, not by the deliveries.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { WORKERS } from '../lib/paths.js';
import { median } from '../lib/measure.js';
import { fmt } from '../lib/table.js';
import { join } from 'node:path';

const TOKEN = 'bench-token';
const NOTE_ID = /"type":"note","body":\{"id":"([^"]+)"/;

/** The mock worker: its origin, `memory()` (heap after GC, RSS, in bytes) and `stop()`. */
async function startMockWorker() {
  const child = spawn(process.execPath, ['--expose-gc', join(WORKERS, 'mock-server.js'), TOKEN], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const { port } = await Promise.race([next(), exited.then((code) => Promise.reject(new Error(`the mock worker exited with ${code}`)))]);
  return {
    origin: `http://127.0.0.1:${port}`,
    async memory() {
      child.stdin.write('memory\n');
      return next();
    },
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}

/** `count` sockets subscribed to localTimeline; each keeps only its count and the ids' order (O(1) memory). */
async function subscribe(origin, count) {
  const url = `${origin.replace('http', 'ws')}/streaming?i=${TOKEN}`;
  const state = { delivered: 0, disordered: 0, onDelivery: () => {} };
  const sockets = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const socket = new WebSocket(url);
      let last = '';
      socket.on('message', (data) => {
        const id = NOTE_ID.exec(String(data))?.[1] ?? '';
        // Ids sort by creation: each subscriber must see them strictly increasing (none twice, none out of order).
        if (!(id.length > last.length || (id.length === last.length && id > last))) state.disordered++;
        last = id;
        state.delivered++;
        state.onDelivery();
      });
      return new Promise((resolve, reject) => {
        socket.once('error', reject);
        socket.once('open', () => {
          socket.send(JSON.stringify({ type: 'connect', body: { channel: 'localTimeline', id: `c${i}`, pong: true } }));
          socket.once('message', () => resolve(socket)); // the `connected` answer: subscribed
        });
      });
    }),
  );
  // The `connected` answers are no notes.
  state.delivered = 0;
  state.disordered = 0;
  return { sockets, state };
}

/** One run: `notes` notes to `subscribers` subscribers. Figures in ms and bytes. */
export async function mockRun(notes, subscribers, checkpoints = 4) {
  const mock = await startMockWorker();
  const { sockets, state } = await subscribe(mock.origin, subscribers).catch(async (error) => {
    await mock.stop();
    throw error;
  });
  try {
    const memory = [{ notes: 0, ...(await mock.memory()) }];
    const http = [];
    const fanout = [];
    for (let i = 0; i < notes; i++) {
      const all = (i + 1) * subscribers;
      const delivered = new Promise((resolve) => {
        state.onDelivery = () => state.delivered >= all && resolve();
      });
      const started = performance.now();
      const res = await fetch(`${mock.origin}/api/notes/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i: TOKEN, text: `note ${i}` }) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`notes/create answered ${res.status}`);
      http.push(performance.now() - started);
      if (state.delivered < all) await delivered;
      fanout.push(performance.now() - started);
      if ((i + 1) % Math.ceil(notes / checkpoints) === 0 || i + 1 === notes) memory.push({ notes: i + 1, ...(await mock.memory()) });
    }
    if (state.delivered !== notes * subscribers || state.disordered !== 0) throw new Error(`delivered ${state.delivered} of ${notes * subscribers}, ${state.disordered} out of order`);
    return { notes, subscribers, http, fanout, memory };
  } finally {
    for (const socket of sockets) socket.terminate();
    await mock.stop();
  }
}

const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];

export async function mockLoad({ reps, log, notes = 1000, subscribers = 200 }) {
  const runs = [];
  for (let rep = 0; rep < reps; rep++) {
    const run = await mockRun(notes, subscribers);
    runs.push(run);
    log(`  mock ${rep + 1}/${reps}: fan-out median first 100 ${fmt.ms(median(run.fanout.slice(0, 100)))}, last 100 ${fmt.ms(median(run.fanout.slice(-100)))}; heap ${fmt.bytes(run.memory[0].heapUsed)} → ${fmt.bytes(run.memory.at(-1).heapUsed)}`);
  }
  const window = Math.min(100, Math.floor(notes / 2));
  // Each figure is the median over the runs.
  const of = (pick) => median(runs.map(pick));
  const latencyRow = (label, key) => [
    label,
    fmt.ms(of((r) => median(r[key].slice(0, window)))),
    fmt.ms(of((r) => p95(r[key].slice(0, window)))),
    fmt.ms(of((r) => median(r[key].slice(-window)))),
    fmt.ms(of((r) => p95(r[key].slice(-window)))),
  ];
  const growth = of((r) => r.memory.at(-1).heapUsed - r.memory[0].heapUsed);
  const steady = of((r) => median(r.fanout.slice(-window)) / median(r.fanout.slice(0, window)));
  const perNote = growth / notes;
  return {
    id: 'mock',
    title: `7. The mock under load (${fmt.int(notes)} notes, ${fmt.int(subscribers)} streaming subscribers)`,
    intro:
      `\`startMock\` in its own process; notes posted one at a time with \`notes/create\`, each streamed to ${subscribers} \`localTimeline\` subscribers before the next. ` +
      `Fan-out: from sending the request to the last subscriber holding the note (the mock streams a note before it answers, so the two are equal when every subscriber has it by the time the answer arrives). ` +
      `Heap after a full GC in the mock's process. Median of ${reps} run(s).`,
    tables: [
      { columns: ['per note', `median, first ${window}`, `p95, first ${window}`, `median, last ${window}`, `p95, last ${window}`], rows: [latencyRow('`notes/create` round trip', 'http'), latencyRow('fan-out to every subscriber', 'fanout')] },
      {
        columns: ['notes stored', 'heap after GC', 'resident set'],
        rows: runs[Math.floor(runs.length / 2)].memory.map((m) => [fmt.int(m.notes), fmt.bytes(m.heapUsed), fmt.bytes(m.rss)]),
      },
    ],
    targets: [
      {
        name: 'mock fan-out latency, last notes vs first (median)',
        target: '≤ 1.5×',
        value: steady,
        display: fmt.ratio(steady),
        met: Number.isFinite(steady) ? steady <= 1.5 : null,
      },
      {
        // A note entity of the spec's shape is a few KB; anything kept per delivery would be ×subscribers.
        name: `mock heap retained per note stored (${subscribers} subscribers)`,
        target: '≤ 20 KB',
        value: perNote,
        display: fmt.bytes(Math.round(perNote)),
        met: Number.isFinite(perNote) ? perNote <= 20 * 1024 : null,
      },
    ],
    data: { runs: runs.map(({ http, fanout, memory }) => ({ http, fanout, memory })) },
  };
}
