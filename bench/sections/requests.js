/**
 * 5. Request overhead: COUNT calls of `notes/create` against a local node:http server, one after
 * another and 32 at a time, through our generated client, misskey-js's APIClient and plain fetch;
 * and the same with an in-process stub for fetch; also raw fetch given an AbortSignal, the least a
 * client whose timeout really cancels can pay. The server runs in its own process, the clients share
 * another and take turns (workers/http-client.js); then once more on Node 22 and 24 where the tests left them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { median, ratio, runNodeOk } from '../lib/measure.js';
import { OTHER_NODES, WORKERS } from '../lib/paths.js';
import { startServer } from '../lib/server.js';
import { fmt } from '../lib/table.js';

export const CLIENTS = [
  { id: 'raw', label: 'raw fetch' },
  { id: 'raw-signal', label: 'raw fetch + AbortSignal (what cancelling costs)' },
  { id: 'ours', label: 'ours (`notesCreate`)' },
  { id: 'misskey-js', label: 'misskey-js (`APIClient.request`)' },
];
export const MODES = [
  { id: 'sequential', concurrency: 1 },
  { id: 'concurrency 32', concurrency: 32 },
  // No network: fetch answers in-process at once, so only each client's own work is left.
  { id: 'stub fetch (no network)', concurrency: 1, stub: true },
];

/** One process running every client in turns (see workers/http-client.js); returns { [client]: { ms, cpuMs, ok } }. */
export async function requestRun(origin, count, concurrency, oursModule, stub = false, node = undefined) {
  const args = [join(WORKERS, 'http-client.js'), origin, String(count), String(concurrency), oursModule, ...(stub ? ['stub'] : [])];
  const { stdout } = await runNodeOk(args, { node });
  const result = JSON.parse(stdout.trim().split('\n').pop());
  for (const client of CLIENTS) {
    if (result[client.id]?.ok !== count) throw new Error(`${client.id}: ${result[client.id]?.ok} of ${count} calls returned the expected result`);
  }
  return result;
}

/** One line of the table: `s` is the client's { ms, cpuMs } over `count` calls, `raw` raw fetch's in the same process(es). */
function tableRow(mode, client, s, raw, count) {
  const vsRaw = (value) => (client.id === 'raw' ? '—' : value);
  const perCall = (ms) => fmt.us((ms * 1000) / count);
  return [mode, client.label, fmt.ms(s.ms), fmt.rate((count / s.ms) * 1000), perCall(s.ms), perCall(s.cpuMs), vsRaw(fmt.ratio(ratio(s.ms, raw.ms))), vsRaw(perCall(s.cpuMs - raw.cpuMs))];
}

export async function requests({ reps, log, count = 20_000, oursModule }) {
  const server = await startServer(join(WORKERS, 'http-server.js'));
  const runs = {};
  const otherNodes = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const mode of MODES) {
        const r = await requestRun(server.origin, count, mode.concurrency, oursModule, mode.stub);
        for (const client of CLIENTS) (runs[`${mode.id}/${client.id}`] ??= []).push(r[client.id]);
        log(`  requests ${rep + 1}/${reps} ${mode.id}: ${CLIENTS.map((c) => `${c.id} ${fmt.ms(r[c.id].ms)}`).join(', ')}`);
      }
    }
    // The same on the newer Node lines, one process each, for users there.
    for (const { major, path } of OTHER_NODES) {
      if (!existsSync(path)) {
        otherNodes.push({ major, missing: path });
        continue;
      }
      const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
      for (const mode of MODES.filter((m) => !m.stub)) {
        const r = await requestRun(server.origin, count / 2, mode.concurrency, oursModule, false, path);
        otherNodes.push({ major, version, mode: mode.id, r });
        log(`  requests ${version} ${mode.id}: ${CLIENTS.map((c) => `${c.id} ${fmt.ms(r[c.id].ms)}`).join(', ')}`);
      }
    }
  } finally {
    await server.stop();
  }
  const stat = (mode, client) => {
    const rs = runs[`${mode}/${client}`];
    return { ms: median(rs.map((r) => r.ms)), cpuMs: median(rs.map((r) => r.cpuMs)) };
  };
  const rows = [];
  const targets = [];
  const data = {};
  for (const mode of MODES) {
    const raw = stat(mode.id, 'raw');
    const fromStub = mode.stub === true;
    for (const client of CLIENTS) {
      const s = stat(mode.id, client.id);
      data[`${mode.id}/${client.id}`] = s;
      rows.push(tableRow(mode.id, client, s, raw, count));
    }
    const ours = stat(mode.id, 'ours');
    const mk = stat(mode.id, 'misskey-js');
    const r = ratio(ours.ms, raw.ms);
    if (fromStub) {
      // Without network, the time left is each client's own work: the issue's "extra client CPU per call" row.
      const extraUs = ((ours.cpuMs - raw.cpuMs) * 1000) / count;
      targets.push({
        name: 'extra client CPU per call, stub fetch',
        target: '≤ 8 µs',
        value: extraUs,
        display: `${fmt.us(extraUs)} (misskey-js ${fmt.us(((mk.cpuMs - raw.cpuMs) * 1000) / count)})`,
        met: Number.isFinite(extraUs) ? extraUs <= 8 : null,
      });
      continue;
    }
    targets.push({
      name: `request overhead, ${mode.id}`,
      target: '≤ 1.05× raw fetch',
      value: r,
      display: `${fmt.ratio(r)} raw fetch (raw fetch + AbortSignal ${fmt.ratio(ratio(stat(mode.id, 'raw-signal').ms, raw.ms))}, misskey-js ${fmt.ratio(ratio(mk.ms, raw.ms))})`,
      met: Number.isFinite(r) ? r <= 1.05 : null,
    });
  }
  // One process each: figures for users of those lines, not verdicts (misskey-js read 0.97–1.14× there).
  const notes = otherNodes.some((o) => !o.missing) ? ['The Node 22 and 24 rows come from one process each: they show the order of things there, with more spread than the rows measured twice.'] : [];
  for (const o of otherNodes) {
    if (o.missing) {
      notes.push(`Node ${o.major}: not measured, no binary at ${o.missing} (\`npm test\` fetches it).`);
      continue;
    }
    for (const client of CLIENTS) rows.push(tableRow(`${o.mode}, ${o.version} (1 process, ${fmt.int(count / 2)} calls)`, client, o.r[client.id], o.r.raw, count / 2));
    data[`${o.mode}, Node ${o.major}`] = o.r;
  }
  return {
    id: 'requests',
    title: `5. Request overhead (${fmt.int(count)} calls of notes/create, local node:http server)`,
    intro:
      `The clients share one process per mode and take turns in rounds of 1,000 calls (in a balanced order: each follows every other equally often, so none always inherits the same neighbour's garbage), after a warm-up round each, so load on the machine falls on all alike; median of ${reps} process(es) per mode, on the Node that runs the bench, then once on Node 22 and 24. ` +
      'Wall time decides the ratio; client CPU per call is the part a client adds to; the stub-fetch row leaves out network and server altogether. ' +
      '"raw fetch + AbortSignal" is raw fetch given a fresh signal, as a timeout that really cancels the request needs: the least any such client pays.',
    tables: [{ columns: ['mode', 'client', 'time', 'calls/s', 'per call', 'client CPU per call', 'time / raw fetch', 'extra CPU per call'], rows }],
    notes,
    targets,
    data,
  };
}
