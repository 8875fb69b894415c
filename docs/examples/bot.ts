/**
 * A complete bot, from start to `close()`: it says hello, handles a typed error, then logs every note
 * of its home timeline exactly once (also the ones posted while its connection was down) until it is
 * stopped with Ctrl-C.
 *
 *   npx misskey-codegen generate --url https://misskey.example --out misskey   # next to this file
 *   MISSKEY_ORIGIN=https://misskey.example MISSKEY_TOKEN=… node bot.js          # after compiling it
 *
 * On Node 20, streaming needs the `ws` package (`npm install ws`); Node 22+ has a WebSocket of its own.
 * The test suite compiles this file (TypeScript 5.9 and 7, strict) and runs it against `misskey-codegen mock`'s server.
 */
import { createClient, createStream, fillGaps, isEndpointError, notesCreate, notesShow, retries } from './misskey/index.js';

const origin = process.env['MISSKEY_ORIGIN'];
const token = process.env['MISSKEY_TOKEN'];
if (!origin || !token) throw new Error('Set MISSKEY_ORIGIN (https://misskey.example) and MISSKEY_TOKEN (Settings > API)');

// Retries 429s (after Retry-After) and, for reads only, 5xx and network errors.
const client = createClient({ origin, token, retry: retries() });

const me = await client.request('i');
console.log(`signed in as @${me.username}`);
await notesCreate(client, { text: 'Bot online' });

// A typed error: `isEndpointError` narrows `code` to the codes notes/show is documented to return.
try {
  await notesShow(client, { noteId: 'no-such-note' });
} catch (error) {
  if (!isEndpointError(error, 'notes/show') || error.code !== 'NO_SUCH_NOTE') throw error;
  console.log(`notes/show: ${error.code} (HTTP ${error.status})`);
}

// #region readme-stream
const stream = createStream({ origin, token }); // reconnects and re-subscribes by itself
stream.onState((state, error) => console.log(`stream ${state}${error ? `: ${error.message}` : ''}`));
const home = stream.channel('homeTimeline');
// Every note exactly once, live or re-read over HTTP after an outage: no home.on('note') beside it.
const stopFilling = fillGaps(home, client, (note) => console.log(`note ${note.id}: ${note.text}`), {
  onRecovered: (gap) => console.log(`re-read ${gap.recovered.length} missed note(s)`),
});
// #endregion

// Closing leaves no socket or timer behind, so the process ends by itself.
const stop = (): void => {
  stopFilling();
  stream.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
