// The small application of the benchmark, against our generated package (copied to ./misskey):
// three endpoint calls using their typed results, and one streaming channel handler.
// Keep it equal in behaviour to misskey-js-app.ts.
import { createClient, i, notesCreate, notesTimeline } from './misskey/index.js';
import { Stream, type StreamTypes } from './misskey/index.js'; // @stream-import

const origin = 'https://misskey.example';
const token = 'TOKEN';
const client = createClient({ origin, token });

export async function main(): Promise<void> {
  const me = await i(client);
  const { createdNote } = await notesCreate(client, { text: `hello from @${me.username}` });
  const timeline = await notesTimeline(client, { limit: 10 });
  const texts: string[] = timeline.map((note) => note.text ?? '');
  console.log(createdNote.id, createdNote.user.username, texts.length, me.followersCount);

  const stream = new Stream<StreamTypes>({ origin, token });
  stream.channel('homeTimeline').on('note', (note) => {
    console.log(note.user.username, note.text, note.createdAt);
  });
}
