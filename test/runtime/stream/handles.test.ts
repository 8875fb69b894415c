/**
 * close() leaves nothing behind: a Node process that streams, then closes, exits by itself — from an
 * open connection, from the middle of a reconnect (a retry timer pending), and promptly even when the
 * peer never answers the close frame.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/specs.js';
import { startStreamServer, waitFor } from '../../helpers/ws-server.js';
import type { StreamServer } from '../../helpers/ws-server.js';

const TOKEN = 'handles-token';
let dir: string;

// The child closes the stream once it has seen a note (and, for 'reconnecting', the connection lost).
// Its retry delay is 10 minutes: a timer left behind would keep it alive far past the guard below.
const CHILD = `
import { Stream } from './runtime/stream/index.js';
const stream = new Stream({ origin: process.env.ORIGIN, token: process.env.TOKEN, backoff: { initialMs: 600000, maxMs: 600000 } });
const home = stream.channel('homeTimeline');
home.on('note', (note) => {
  console.log('note ' + note.text);
  if (process.env.SCENARIO !== 'reconnecting') stream.close();
});
stream.onState((state) => {
  console.log('state ' + state);
  if (state === 'reconnecting') stream.close();
});
`;

beforeAll(() => {
  // Inside the repo, so the child resolves 'ws' from node_modules like an installed package would.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'stream-handles-'));
  // The whole runtime, so whatever the stream imports is there.
  const files = readdirSync(join(ROOT, 'runtime'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const source = readFileSync(join(ROOT, 'runtime', file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    mkdirSync(join(dir, 'runtime', file, '..'), { recursive: true });
    writeFileSync(join(dir, 'runtime', file.replace(/\.ts$/, '.js')), outputText);
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'child.js'), CHILD);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('close()', () => {
  it('lets the process exit promptly when the peer never answers the close frame', async () => {
    const server: StreamServer = await startStreamServer({ token: TOKEN });
    const child = spawn(process.execPath, ['child.js'], {
      cwd: dir,
      env: { ...process.env, ORIGIN: server.origin, TOKEN, SCENARIO: 'unanswered' },
    });
    let output = '';
    let closedAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      if (!closedAt && output.includes('state closed')) closedAt = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const connection = await waitFor(() => server.live().find((c) => c.channels.size === 1), 'the child subscribed');
      // The server stops reading: the child's close frame is never answered, though the note still goes out.
      connection.socket.pause();
      server.post('hello');
      const guard = setTimeout(() => child.kill(), 20_000); // ws alone would wait 30 s for the answer
      const code = await exited;
      clearTimeout(guard);
      expect({ code, output }).toEqual({ code: 0, output: 'state open\nnote hello\nstate closed\n' });
      expect(performance.now() - closedAt).toBeLessThan(5_000);
    } finally {
      child.kill();
      await server.close();
    }
  });

  for (const scenario of ['open', 'reconnecting'] as const) {
    it(`lets the process exit by itself (closed while ${scenario})`, async () => {
      const server: StreamServer = await startStreamServer({ token: TOKEN });
      const child = spawn(process.execPath, ['child.js'], {
        cwd: dir,
        env: { ...process.env, ORIGIN: server.origin, TOKEN, SCENARIO: scenario },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        await waitFor(() => server.live().some((c) => c.channels.size === 1), 'the child subscribed');
        server.post('hello');
        await waitFor(() => output.includes('note hello'), 'the child got the note');
        if (scenario === 'reconnecting') await server.stop();
        // Generous: the point is that it exits at all, without being killed.
        const guard = setTimeout(() => child.kill(), 20_000);
        const code = await exited;
        clearTimeout(guard);
        expect({ code, output }).toEqual({
          code: 0,
          output:
            scenario === 'open'
              ? 'state open\nnote hello\nstate closed\n'
              : 'state open\nnote hello\nstate reconnecting\nstate closed\n',
        });
      } finally {
        child.kill();
        await server.close();
      }
    });
  }
});
