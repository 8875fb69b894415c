// One endpoint call through misskey-js, imported from its root.
import { api } from 'misskey-js';

const cli = new api.APIClient({ origin: 'https://misskey.example', credential: 'TOKEN' });

export async function main(): Promise<void> {
  const { createdNote } = await cli.request('notes/create', { text: 'hello' });
  console.log(createdNote.id);
}
