/**
 * A stand-in Misskey streaming server on 127.0.0.1: when a client sends `connect` for a channel,
 * it sends COUNT `channel` frames for that channel id (a timeline `note` event with a realistic
 * note), as fast as the socket drains. `node ws-server.js COUNT`; prints `{"port":N}`; exits when
 * its stdin closes.
 */
import { WebSocketServer } from 'ws';

const count = Number(process.argv[2] ?? 200_000);
const BATCH = 500;

const NOTE = JSON.stringify({
  id: '9xk2p3q4r5',
  createdAt: '2026-07-01T00:00:00.000Z',
  userId: '9abc0def12',
  user: {
    id: '9abc0def12',
    name: 'Bench',
    username: 'bench',
    host: null,
    avatarUrl: 'https://misskey.example/avatar/9abc0def12',
    avatarBlurhash: 'eQF~E_%Mof%Mt7~q%Mt7ayay',
    avatarDecorations: [],
    isBot: false,
    isCat: false,
    emojis: {},
    onlineStatus: 'online',
    badgeRoles: [],
  },
  text: 'A note of ordinary length, with a #hashtag and a mention of @someone, sent to every timeline subscriber.',
  cw: null,
  visibility: 'public',
  localOnly: false,
  reactionAcceptance: null,
  renoteCount: 2,
  repliesCount: 1,
  reactionCount: 3,
  reactions: { '👍': 2, ':misskey:': 1 },
  reactionEmojis: {},
  tags: ['hashtag'],
  fileIds: [],
  files: [],
  replyId: null,
  renoteId: null,
  clippedCount: 0,
});

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/streaming' });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    let message;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (message?.type !== 'connect') return;
    // Encoded once and sent as a text frame without re-encoding; each batch is corked into few
    // writes, so the server stays well ahead of any client and the clients' own cost decides.
    const frame = Buffer.from(`{"type":"channel","body":{"id":${JSON.stringify(String(message.body.id))},"type":"note","body":${NOTE}}}`);
    const raw = socket._socket;
    let sent = 0;
    // Batches, each waiting for the last frame to be handed to the socket, so memory stays flat.
    const pump = () => {
      const end = Math.min(count, sent + BATCH);
      raw.cork();
      for (; sent < end - 1; sent++) socket.send(frame, { binary: false });
      sent++;
      socket.send(frame, { binary: false }, (error) => {
        if (!error && sent < count) pump();
      });
      raw.uncork();
    };
    pump();
  });
});
wss.on('listening', () => process.stdout.write(JSON.stringify({ port: wss.address().port }) + '\n'));
process.stdin.resume();
process.stdin.on('end', () => {
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
});
