// One endpoint call through misskey-js's deep `api.js` entry, its smallest way in.
import { APIClient } from 'misskey-js/api.js';

const cli = new APIClient({ origin: 'https://misskey.example', credential: 'TOKEN' });

export async function main(): Promise<void> {
  const { createdNote } = await cli.request('notes/create', { text: 'hello' });
  console.log(createdNote.id);
}
