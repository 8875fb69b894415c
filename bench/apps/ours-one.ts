// One endpoint call through our generated package, imported from the package root.
import { createClient, notesCreate } from './misskey/index.js';

const client = createClient({ origin: 'https://misskey.example', token: 'TOKEN' });

export async function main(): Promise<void> {
  const { createdNote } = await notesCreate(client, { text: 'hello' });
  console.log(createdNote.id);
}
