/**
 * One client of the streaming measurement, in its own process:
 * `node ws-client.js VARIANT ORIGIN COUNT OURS_MODULE` opens a stream (both over the `ws` package),
 * subscribes one `homeTimeline` handler once open, and times COUNT `note` events from subscribing
 * to the last. Prints `{"ms":…,"cpuMs":…,"received":COUNT}`. VARIANT: ours, misskey-js, raw
 * (plain `ws` + JSON.parse: the floor).
 */
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';

const [variant, origin, countArg, oursModule] = process.argv.slice(2);
const count = Number(countArg);

let received = 0;
let checksum = 0;
let started = 0n;
let cpu;
let close = () => {};

const done = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`${variant}: ${received} of ${count} events after 5 min`)), 300_000);
  // The handler an app would write: read a field of the typed note.
  globalThis.onNote = (note) => {
    checksum += note.user.username.length;
    if (++received === count) {
      clearTimeout(timer);
      resolve();
    }
  };
});

// Subscribes once the open event has been fully handled, the same way for every client (an early
// runtime sent `connect` twice for a channel opened inside its 'open' listener, doubling every event).
function begin(subscribe) {
  setImmediate(() => start(subscribe));
}

function start(subscribe) {
  cpu = process.cpuUsage();
  started = process.hrtime.bigint();
  subscribe();
}

if (variant === 'ours') {
  const { Stream } = await import(pathToFileURL(oursModule).href);
  const stream = new Stream({ origin, WebSocket });
  close = () => stream.close();
  const off = stream.onState((state) => {
    if (state !== 'open') return;
    off();
    begin(() => stream.channel('homeTimeline').on('note', globalThis.onNote));
  });
} else if (variant === 'misskey-js') {
  const { Stream } = await import('misskey-js');
  const stream = new Stream(origin, null, { WebSocket });
  close = () => stream.close();
  stream.once('_connected_', () => begin(() => stream.useChannel('homeTimeline').on('note', globalThis.onNote)));
} else if (variant === 'raw') {
  // No SDK: one socket, JSON.parse, route by channel id and event type. The floor any client pays.
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/streaming`);
  close = () => socket.close();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'channel' && message.body.id === 'bench' && message.body.type === 'note') globalThis.onNote(message.body.body);
  });
  socket.addEventListener('open', () => begin(() => socket.send(JSON.stringify({ type: 'connect', body: { channel: 'homeTimeline', id: 'bench' } }))));
} else {
  throw new Error(`unknown variant ${variant}`);
}

await done;
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const used = process.cpuUsage(cpu);
close();
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, received, checksum }) + '\n');
process.exit(0);
