/** The mock's state, seen over HTTP and streaming as a bot sees it: notes, timelines, reactions, deletion, follows, uploads. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../../generator/mock/index.js';
import { callApi, errorCode, openStream, type StreamClient } from '../../helpers/mock-client.js';

let mock: Mock;
let streams: StreamClient[] = [];
beforeEach(async () => {
  mock = await startMock({ seed: 'state', users: ['alice', 'bob', 'carol'] });
});
afterEach(async () => {
  streams.forEach((s) => s.close());
  streams = [];
  await mock.close();
});

const as = (user: string) => mock.tokens[user]!;
const post = async (user: string, text: string) => ((await callApi(mock.origin, 'notes/create', { i: as(user), text })).json as { createdNote: { id: string } }).createdNote;
const ids = async (endpoint: string, user: string, params: object = {}) => ((await callApi(mock.origin, endpoint, { i: as(user), ...params })).json as { id: string }[]).map((n) => n.id);
async function stream(user: string): Promise<StreamClient> {
  const s = await openStream(mock.origin, as(user));
  streams.push(s);
  return s;
}

describe('notes', () => {
  it('notes/create stores the note: notes/show returns it, with its text and author', async () => {
    const note = await post('alice', 'hello');
    const shown = (await callApi(mock.origin, 'notes/show', { noteId: note.id })).json as { id: string; text: string; user: { username: string } };
    expect([shown.id, shown.text, shown.user.username]).toEqual([note.id, 'hello', 'alice']);
  });

  it('a deleted note answers NO_SUCH_NOTE afterwards', async () => {
    const note = await post('alice', 'soon gone');
    expect((await callApi(mock.origin, 'notes/delete', { i: as('alice'), noteId: note.id })).status).toBe(204);
    const after = await callApi(mock.origin, 'notes/show', { noteId: note.id });
    expect([after.status, errorCode(after)]).toEqual([400, 'NO_SUCH_NOTE']);
  });

  it("another user's note is not theirs to delete: ACCESS_DENIED as notes/delete lists it, and the note stays", async () => {
    const note = await post('alice', 'mine');
    const denied = await callApi(mock.origin, 'notes/delete', { i: as('bob'), noteId: note.id });
    expect([denied.status, errorCode(denied)]).toEqual([400, 'ACCESS_DENIED']);
    expect((denied.json as { error: { id: string } }).error.id).toBe('fe8d7103-0ea8-4ec3-814d-f8b401dc69e9');
    expect((await callApi(mock.origin, 'notes/show', { noteId: note.id })).status).toBe(200);
  });

  it('timelines list newest first and page with untilId and sinceId', async () => {
    const posted: string[] = [];
    for (let i = 0; i < 7; i++) posted.push((await post('alice', `n${i}`)).id);
    const newest = [...posted].reverse();
    expect(await ids('notes/timeline', 'alice', { limit: 3 })).toEqual(newest.slice(0, 3));
    expect(await ids('notes/timeline', 'alice', { limit: 3, untilId: newest[2] })).toEqual(newest.slice(3, 6));
    // With sinceId only: the `limit` oldest after it, newest first (as Misskey answers).
    expect(await ids('notes/timeline', 'alice', { limit: 2, sinceId: posted[1] })).toEqual([posted[3], posted[2]]);
    expect(await ids('notes/local-timeline', 'bob', { limit: 100 })).toEqual(newest);
  });

  it('a follow makes the followee\'s notes reach the follower\'s home timeline, over HTTP and streaming', async () => {
    const home = await stream('bob');
    home.send('connect', { channel: 'homeTimeline', id: 'h1', pong: true });
    await home.next((m) => m.type === 'connected');
    const before = await post('alice', 'not followed yet');
    expect(await ids('notes/timeline', 'bob')).not.toContain(before.id);
    expect((await callApi(mock.origin, 'following/create', { i: as('bob'), userId: mock.userIds['alice'] })).status).toBe(200);
    const after = await post('alice', 'followed now');
    // Read over HTTP, the timeline is computed from the follows now: earlier notes are in it too.
    expect(await ids('notes/timeline', 'bob')).toEqual([after.id, before.id]);
    const event = await home.next((m) => m.type === 'channel');
    expect(event.body).toMatchObject({ id: 'h1', type: 'note', body: { id: after.id, text: 'followed now' } });
    expect(home.messages.filter((m: any) => m.type === 'channel')).toHaveLength(1);
  });

  it('a reaction sends noteUpdated to sockets that captured the note, and only to them', async () => {
    const note = await post('alice', 'react to me');
    const capturing = await stream('alice');
    const other = await stream('carol');
    capturing.send('s', { id: note.id });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await callApi(mock.origin, 'notes/reactions/create', { i: as('bob'), noteId: note.id, reaction: '👍' })).status).toBe(204);
    const updated = await capturing.next((m) => m.type === 'noteUpdated');
    expect(updated.body).toMatchObject({ id: note.id, type: 'reacted', body: { reaction: '👍', userId: mock.userIds['bob'] } });
    expect(((await callApi(mock.origin, 'notes/show', { noteId: note.id })).json as { reactions: object }).reactions).toEqual({ '👍': 1 });
    expect(other.messages).toEqual([]);
  });
});

describe('uploads', () => {
  it('drive/files/create stores the file (drive/files/show finds it) and the same bytes again give the same file', async () => {
    const upload = async () => {
      const form = new FormData();
      form.append('i', as('alice'));
      form.append('isSensitive', 'false');
      form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'a.png');
      const res = await fetch(`${mock.origin}/api/drive/files/create`, { method: 'POST', body: form });
      return { status: res.status, file: (await res.json()) as { id: string; name: string; size: number } };
    };
    const first = await upload();
    expect([first.status, first.file.name, first.file.size]).toEqual([200, 'a.png', 3]);
    expect((await upload()).file.id).toBe(first.file.id);
    const shown = await callApi(mock.origin, 'drive/files/show', { i: as('alice'), fileId: first.file.id });
    expect((shown.json as { id: string }).id).toBe(first.file.id);
  });

  it('a multipart boolean that is not one gets INVALID_PARAM', async () => {
    const form = new FormData();
    form.append('i', as('alice'));
    form.append('isSensitive', 'maybe');
    form.append('file', new Blob([new Uint8Array([9])]), 'b.bin');
    const res = await fetch(`${mock.origin}/api/drive/files/create`, { method: 'POST', body: form });
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([400, 'INVALID_PARAM']);
  });
});

describe('streaming channels', () => {
  it('multiplexes by id: the same channel twice gets each note twice, tagged with each id', async () => {
    const s = await stream('alice');
    s.send('connect', { channel: 'localTimeline', id: 'a', pong: true });
    s.send('connect', { channel: 'localTimeline', id: 'b', pong: true });
    await s.next((m) => m.type === 'connected' && m.body.id === 'b');
    const note = mock.post({ text: 'twice' }, 'bob');
    await s.next((m) => m.type === 'channel' && m.body.id === 'b');
    await s.next((m) => m.type === 'channel' && m.body.id === 'a');
    expect(s.messages.filter((m: any) => m.type === 'channel').map((m: any) => [m.body.id, m.body.body.id]).sort()).toEqual([['a', note['id']], ['b', note['id']]]);
  });

  it('answers an unknown channel, or one the token may not open, with silence; a shared channel exists once per socket', async () => {
    const s = await openStream(mock.origin, mock.appToken('alice', ['read:account']));
    streams.push(s);
    s.send('connect', { channel: 'noSuchChannel', id: 'x', pong: true });
    s.send('connect', { channel: 'admin', id: 'y', pong: true });
    s.send('connect', { channel: 'main', id: 'm1', pong: true });
    s.send('connect', { channel: 'main', id: 'm2', pong: true });
    await s.next((m) => m.type === 'connected' && m.body.id === 'm1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.messages).toEqual([{ type: 'connected', body: { id: 'm1' } }]);
  });

  it('refuses a bad token before the upgrade with 401', async () => {
    await expect(openStream(mock.origin, 'bad-token')).rejects.toThrow('HTTP 401');
  });
});
