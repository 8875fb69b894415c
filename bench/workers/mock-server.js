/**
 * The mock (`startMock` from dist/, the embedded spec) in a process of its own, for the load
 * measurement: `node --expose-gc mock-server.js TOKEN` serves alice with that token and prints
 * `{"port":N}`. Each `memory` line on stdin is answered with one JSON line, the heap after a full GC
 * and the resident set; it closes the mock and exits when its stdin closes.
 */
import { createInterface } from 'node:readline';
import { startMock } from '../../dist/generator/mock/index.js';

const mock = await startMock({ seed: 'bench', users: [{ username: 'alice', token: process.argv[2] }] });
process.stdout.write(JSON.stringify({ port: Number(new URL(mock.origin).port) }) + '\n');
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'memory') return;
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.stdout.write(JSON.stringify({ heapUsed, rss, gc: typeof globalThis.gc === 'function' }) + '\n');
});
lines.on('close', () => void mock.close().then(() => process.exit(0)));
