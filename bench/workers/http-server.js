/**
 * A stand-in Misskey API on 127.0.0.1 for the request-overhead measurement: every POST /api/* is
 * answered 200 with the same small JSON (a created note), after reading the whole body. Prints
 * `{"port":N}` once listening; exits when its stdin closes (the harness ending it).
 */
import { createServer } from 'node:http';

const RESULT = JSON.stringify({
  createdNote: {
    id: '9xk2p3q4r5',
    createdAt: '2026-07-01T00:00:00.000Z',
    userId: '9abc0def12',
    user: { id: '9abc0def12', name: 'Bench', username: 'bench', host: null, avatarUrl: null, onlineStatus: 'unknown', emojis: {} },
    text: 'hello',
    cw: null,
    visibility: 'public',
    localOnly: false,
    renoteCount: 0,
    repliesCount: 0,
    reactionCount: 0,
    reactions: {},
    reactionEmojis: {},
    fileIds: [],
    files: [],
  },
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(RESULT) });
    res.end(RESULT);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
