/**
 * The same consumer code compiles against the packages of 13.14.2 (OpenAPI 3.0, 2023) and 2026.7.0
 * (3.1, the reference) where the API did not change; code using what only 2026.7.0 has compiles
 * there and fails on 13.14.2 — the difference the diff reports as an added endpoint.
 */
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffModels } from '../../generator/diff/index.js';
import { generateTemp, type TempPackage } from '../helpers/generate.js';
import { hasSpecs, realSpec, specsAvailable } from '../helpers/specs.js';
import { compile } from '../helpers/tsc.js';

const available = specsAvailable();
const ready = available && hasSpecs('the cross-version consumer tests', '13.14.2', '2026.7.0');
const old = realSpec('13.14.2');
const current = realSpec('2026.7.0');

/** Only what both versions share: posting, reading a note and its author, the caller, a permission, error codes. */
const SHARED = `
import { createClient, i, notesCreate, notesShow, usersShow, type Note, type Permission, type NotesShowErrorCode } from './client/index.js';

const client = createClient({ origin: 'https://misskey.example', token: 'TOKEN' });

export async function post(text: string): Promise<string> {
  const { createdNote } = await notesCreate(client, { text, visibility: 'home', cw: null });
  return createdNote.id;
}

export async function describeNote(noteId: string): Promise<string> {
  const note: Note = await notesShow(client, { noteId });
  const replyTo: string | undefined = note.reply?.id;
  const renotes: number = note.renoteCount + note.repliesCount;
  return \`\${note.user.username}: \${note.text ?? ''} (\${note.visibility}, \${renotes} renotes and replies\${replyTo ? ', reply to ' + replyTo : ''})\`;
}

export async function whoAmI(): Promise<string> {
  const me = await i(client);
  return me.name ?? me.username;
}

export async function lookup(username: string): Promise<number> {
  const user = await usersShow(client, { username, host: null });
  return 'followersCount' in user ? user.followersCount : 0;
}

export const scope: Permission[] = ['read:account', 'write:notes'];
export const notFound: NotesShowErrorCode = 'NO_SUCH_NOTE';
`;

/** Uses `following/list`, new in 2026.7.0. */
const NEW_ONLY = `
import { createClient, followingList } from './client/index.js';
export const list = () => followingList(createClient({ origin: 'https://misskey.example' }), {});
`;

/** Chat came with 2025.x: its channels type-check only against a server that has them. */
const CHAT = `
import { createStream } from './client/index.js';
const stream = createStream({ origin: 'https://misskey.example', token: 'TOKEN' });
export const chat = stream.channel('chatUser', { otherId: 'u' });
`;

/** Channels every version has. */
const TIMELINE = `
import { createStream, channelMeta, type ChannelName } from './client/index.js';
const stream = createStream({ origin: 'https://misskey.example', token: 'TOKEN' });
stream.channel('homeTimeline').on('note', (note) => note.id);
export const admin: ChannelName = 'admin';
export const permission: 'read:admin:stream' = channelMeta.admin.permission;
`;

/**
 * The consumer files checked together against one package, with TypeScript 5.9 (nodenext): one program
 * per version, not one per claim. Its diagnostics, by file: `byFile.get('chat.ts')`; files without
 * errors are absent.
 */
async function consumers(pkg: TempPackage): Promise<Map<string, string[]>> {
  const { output } = await compile(pkg.dir, { compiler: 'tsc5', resolution: 'nodenext', include: ['shared.ts', 'chat.ts', 'timeline.ts'] });
  const byFile = new Map<string, string[]>();
  for (const line of output.split('\n').filter((l) => l.trim() !== '')) {
    // A diagnostic starts with its file; a continuation line (indented) belongs to the one before.
    // tsc names files relative to its working directory (this process's): the key is relative to the package's folder.
    const at = /^(\S+?)\(\d+,\d+\): /.exec(line)?.[1];
    const file = at === undefined ? ([...byFile.keys()].at(-1) ?? '(no file)') : relative(pkg.dir, resolve(at));
    byFile.set(file, [...(byFile.get(file) ?? []), line]);
  }
  return byFile;
}

describe.skipIf(!ready)('one consumer, two server versions', { timeout: 300_000 }, () => {
  let older: TempPackage;
  let newer: TempPackage;
  let checked: { older: Promise<Map<string, string[]>>; newer: Promise<Map<string, string[]>> };
  beforeAll(async () => {
    [older, newer] = await Promise.all([generateTemp(old?.path), generateTemp(current?.path)]);
    for (const pkg of [older, newer]) {
      writeFileSync(join(pkg.dir, 'shared.ts'), SHARED);
      writeFileSync(join(pkg.dir, 'new-only.ts'), NEW_ONLY);
      writeFileSync(join(pkg.dir, 'chat.ts'), CHAT);
      writeFileSync(join(pkg.dir, 'timeline.ts'), TIMELINE);
    }
    checked = { older: consumers(older), newer: consumers(newer) };
    // A rejection is the tests' to report, not an unhandled one.
    checked.older.catch(() => {});
    checked.newer.catch(() => {});
  }, 300_000);
  afterAll(() => {
    older?.cleanup();
    newer?.cleanup();
  });

  it.each([
    ['13.14.2', () => checked.older],
    ['2026.7.0', () => checked.newer],
  ] as const)('the shared code compiles strictly against %s', async (_version, diagnostics) => {
    const byFile = await diagnostics();
    // Only chat.ts may fail (on 13.14.2, below): the package itself and shared.ts have no error.
    expect([...byFile.keys()].filter((file) => file !== 'chat.ts')).toEqual([]);
  });

  it('code using an endpoint added in between compiles on 2026.7.0 only, as the diff says', async () => {
    const onNew = await compile(newer.dir, { compiler: 'tsc7', resolution: 'bundler', include: ['new-only.ts'] });
    expect(onNew.output).toBe('');
    const onOld = await compile(older.dir, { compiler: 'tsc7', resolution: 'bundler', include: ['new-only.ts'] });
    expect(onOld.ok).toBe(false);
    expect(onOld.output).toMatch(/followingList/);
    const diff = diffModels(older.model, newer.model);
    expect(diff.changes.find((c) => c.endpoint === 'following/list')).toMatchObject({ kind: 'endpoint-added', severity: 'compatible' });
  });

  it('13.14.2 has no chat (no chat entities in its spec): no chat channels, no read:chat; 2026.7.0 has both', () => {
    const channels = (pkg: TempPackage) => {
      const file = pkg.files.get('permissions.ts') ?? '';
      return [...file.slice(file.indexOf('export const channelMeta')).matchAll(/^ {2}'?(\w+)'?: \{/gm)].map((m) => m[1]);
    };
    expect(older.model.permissions).not.toContain('read:chat');
    expect(older.files.get('permissions.ts')).not.toContain('"read:chat"');
    expect(channels(older)).not.toContain('chatUser');
    expect(channels(older)).not.toContain('chatRoom');
    expect(channels(older)).not.toContain('reversi');
    expect(older.files.get('channels.ts')).toMatch(/^type AbsentChannels = "chatRoom" \| "chatUser" \| "reversi" \| "reversiGame";$/m);

    expect(newer.model.permissions).toContain('read:chat');
    expect(channels(newer)).toEqual(expect.arrayContaining(['chatUser', 'chatRoom', 'reversi', 'reversiGame']));
    expect(newer.files.get('channels.ts')).toMatch(/^type AbsentChannels = never;$/m);
    // A streaming-only permission: no endpoint of either version names it, the admin channel needs it.
    for (const pkg of [older, newer]) {
      expect(pkg.model.endpoints.some((e) => e.permission === 'read:admin:stream')).toBe(false);
      expect(pkg.model.permissions).toContain('read:admin:stream');
      expect(channels(pkg)).toEqual(expect.arrayContaining(['main', 'homeTimeline', 'drive', 'admin', 'serverStats']));
    }
  });

  it('subscribing to a chat channel compiles on 2026.7.0 only; the channels both have compile on both', async () => {
    const [onOld, onNew] = await Promise.all([checked.older, checked.newer]);
    expect([...onNew.keys()]).toEqual([]);
    expect([...onOld.keys()]).toEqual(['chat.ts']);
    expect(onOld.get('chat.ts')?.join('\n')).toMatch(/chat\.ts\(4,\d+\): error TS2345: .*"chatUser"/);
  });
});
