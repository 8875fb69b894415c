// The small application of the benchmark, against misskey-js: three endpoint calls using their
// typed results, and one streaming channel handler. Keep it equal in behaviour to ours-app.ts.
import { api, Stream } from 'misskey-js';

const origin = 'https://misskey.example';
const token = 'TOKEN';
const cli = new api.APIClient({ origin, credential: token });

export async function main(): Promise<void> {
  const me = await cli.request('i', {});
  const { createdNote } = await cli.request('notes/create', { text: `hello from @${me.username}` });
  const timeline = await cli.request('notes/timeline', { limit: 10 });
  const texts: string[] = timeline.map((note) => note.text ?? '');
  console.log(createdNote.id, createdNote.user.username, texts.length, me.followersCount);

  const stream = new Stream(origin, { token });
  stream.useChannel('homeTimeline').on('note', (note) => {
    console.log(note.user.username, note.text, note.createdAt);
  });
}
