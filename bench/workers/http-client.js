/**
 * The request-overhead clients, all in one process and taking turns:
 * `node http-client.js ORIGIN COUNT CONCURRENCY OURS_MODULE [stub]` makes COUNT calls of
 * `notes/create` through each client (raw fetch, raw fetch with an AbortSignal, ours, misskey-js), in
 * rounds of ROUND calls whose order is balanced (each client follows every other equally often), with
 * at most CONCURRENCY in flight. Taking turns in small rounds means a change of machine load hits
 * every client alike, so the ratios hold even on a busy machine.
 * With `stub`, fetch is an in-process function answering at once: what is left is each client's
 * own work per call, without network or server.
 * Prints `{"raw":{"ms":…,"cpuMs":…,"ok":N},"raw-signal":{…},"ours":{…},"misskey-js":{…}}`.
 */
import { pathToFileURL } from 'node:url';
import { balanced } from '../lib/measure.js';

const [origin, countArg, concurrencyArg, oursModule, stubArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const ROUND = Math.min(1000, count);
const token = 'bench-token-0123456789';
const params = { text: 'hello', visibility: 'public' };
const BODY = JSON.stringify({ createdNote: { id: '9xk2p3q4r5', text: 'hello', user: { username: 'bench' } } });

const transport = stubArg === 'stub' ? async () => new Response(BODY, { status: 200, headers: { 'content-type': 'application/json' } }) : (...args) => fetch(...args);

const { createClient, notesCreate } = await import(pathToFileURL(oursModule).href);
const { api } = await import('misskey-js');
const ours = createClient({ origin, token, fetch: transport });
const mk = new api.APIClient({ origin, credential: token, fetch: transport });

const CLIENTS = {
  // The least a correct call does: POST JSON with the token in `i`, check the status, read the JSON answer.
  raw: () =>
    transport(`${origin}/api/notes/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, i: token }),
    }).then((res) => {
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return res.json();
    }),
  // The same with an AbortSignal, the one thing a timeout that really cancels the request needs: fetch charges for it.
  'raw-signal': () =>
    transport(`${origin}/api/notes/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, i: token }),
      signal: new AbortController().signal,
    }).then((res) => {
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return res.json();
    }),
  ours: () => notesCreate(ours, params),
  'misskey-js': () => mk.request('notes/create', params),
};
const names = Object.keys(CLIENTS);

async function batch(call, n) {
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const result = await call();
      if (result?.createdNote?.id) ok++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return ok;
}

// Warm-up: JIT and connection pool, for every client.
for (const name of names) await batch(CLIENTS[name], ROUND);

const totals = Object.fromEntries(names.map((n) => [n, { ms: 0, cpuMs: 0, ok: 0 }]));
for (let round = 0, done = 0; done < count; round++, done += ROUND) {
  const n = Math.min(ROUND, count - done);
  for (const name of balanced(names, round)) {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    totals[name].ok += await batch(CLIENTS[name], n);
    totals[name].ms += Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpu);
    totals[name].cpuMs += (used.user + used.system) / 1000;
  }
}
process.stdout.write(JSON.stringify(totals) + '\n');
