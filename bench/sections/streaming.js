/**
 * 6. Streaming dispatch: COUNT `note` events on one channel from a local `ws` server to one handler,
 * through our Stream and misskey-js's Stream, each in a fresh process over the `ws` package.
 */
import { join } from 'node:path';
import { median, ratio, rotate, runNodeOk } from '../lib/measure.js';
import { WORKERS } from '../lib/paths.js';
import { startServer } from '../lib/server.js';
import { fmt } from '../lib/table.js';

export const STREAM_CLIENTS = [
  { id: 'ours', label: 'ours (`Stream.channel().on`)' },
  { id: 'misskey-js', label: 'misskey-js (`Stream.useChannel().on`)' },
  { id: 'raw', label: 'floor: plain `ws` + JSON.parse, no SDK' },
];

export async function streamRun(client, origin, count, oursModule) {
  const { stdout } = await runNodeOk([join(WORKERS, 'ws-client.js'), client, origin, String(count), oursModule]);
  const result = JSON.parse(stdout.trim().split('\n').pop());
  if (result.received !== count) throw new Error(`${client}: received ${result.received} of ${count}`);
  return result;
}

export async function streaming({ reps, log, count = 200_000, oursModule }) {
  const server = await startServer(join(WORKERS, 'ws-server.js'), [String(count)]);
  const runs = Object.fromEntries(STREAM_CLIENTS.map((c) => [c.id, []]));
  try {
    // One discarded run first: else the first client measured also pays for the server's JIT warm-up (slower,
    // smaller batches of frames, hence more client CPU per message) and the rotation puts `ours` first.
    await streamRun('raw', server.origin, count, oursModule);
    for (let rep = 0; rep < reps; rep++) {
      for (const client of rotate(STREAM_CLIENTS, rep)) {
        const r = await streamRun(client.id, server.origin, count, oursModule);
        runs[client.id].push(r);
        log(`  streaming ${rep + 1}/${reps} ${client.id}: ${fmt.ms(r.ms)} (${fmt.rate((count / r.ms) * 1000)}, client CPU ${fmt.ms(r.cpuMs)})`);
      }
    }
  } finally {
    await server.stop();
  }
  const stats = Object.fromEntries(
    STREAM_CLIENTS.map((c) => {
      const ms = median(runs[c.id].map((r) => r.ms));
      const cpuMs = median(runs[c.id].map((r) => r.cpuMs));
      return [c.id, { ms, cpuMs, rate: (count / ms) * 1000, cpuRate: (count / cpuMs) * 1000 }];
    }),
  );
  const rows = STREAM_CLIENTS.map((c) => {
    const s = stats[c.id];
    return [c.label, fmt.ms(s.ms), fmt.rate(s.rate), fmt.us((s.cpuMs * 1000) / count), fmt.rate(s.cpuRate)];
  });
  const wall = ratio(stats.ours.rate, stats['misskey-js'].rate);
  const cpu = ratio(stats.ours.cpuRate, stats['misskey-js'].cpuRate);
  rows.push(['ours / misskey-js (throughput)', '', fmt.ratio(wall), '', fmt.ratio(cpu)]);
  const ceiling = ratio(stats.raw.rate, stats['misskey-js'].rate);
  const ceilingCpu = ratio(stats.raw.cpuRate, stats['misskey-js'].cpuRate);
  const oursUs = (stats.ours.cpuMs * 1000) / count;
  const floorUs = (stats.raw.cpuMs * 1000) / count;
  const overFloor = oursUs / floorUs - 1; // relative extra CPU per message over the floor
  rows.push(['floor / misskey-js (the most any SDK could gain)', '', fmt.ratio(ceiling), '', fmt.ratio(ceilingCpu)]);
  return {
    id: 'streaming',
    title: `6. Streaming dispatch (${fmt.int(count)} channel events, local ws server)`,
    intro:
      `Timed from subscribing (socket open) to the last event; median of ${reps} run(s). Client CPU per message is the client's own cost, whatever the server's speed. ` +
      'The floor is a client with no SDK at all (socket, JSON.parse, route by id): no SDK can beat it, so floor / misskey-js bounds what any client could gain.',
    tables: [{ columns: ['client', 'time', 'messages/s', 'client CPU per message', 'messages per CPU-second'], rows }],
    targets: [
      {
        // Not "≥ N× misskey-js": the floor itself measures about 1× misskey-js, so no client could reach such a
        // target. What an SDK can promise is to add (almost) nothing to the floor's cost per message.
        name: 'streaming CPU per message vs the no-SDK floor',
        target: 'within 3 % of the floor',
        value: overFloor,
        display: `${fmt.us(oursUs)} vs ${fmt.us(floorUs)} (${overFloor >= 0 ? '+' : ''}${(overFloor * 100).toFixed(1)} %); ${fmt.ratio(wall)} misskey-js throughput`,
        met: Number.isFinite(overFloor) ? overFloor <= 0.03 : null,
      },
    ],
    notes: [`Ours spends ${fmt.us(((stats.ours.cpuMs - stats.raw.cpuMs) * 1000) / count)} of client CPU per message above the floor; misskey-js ${fmt.us(((stats['misskey-js'].cpuMs - stats.raw.cpuMs) * 1000) / count)}.`],
    data: stats,
  };
}
