/** generator/normalize/channels.ts: the one list of streaming channels, and which of them a server has. */
import { describe, expect, it } from 'vitest';
import { CHANNELS, serverChannels } from '../../../generator/normalize/channels.js';
import { normalize } from '../../../generator/normalize/index.js';

const all = CHANNELS.map((c) => c.name);
const withNeeds = CHANNELS.filter((c) => c.needs.length > 0).map((c) => c.name);

describe('the channel list', () => {
  it('is sorted by name, each name once', () => {
    expect(all).toEqual([...new Set(all)].sort());
  });

  it('says which channels the server keeps once per connection, and which carry a timeline an endpoint reads too', () => {
    expect(CHANNELS.filter((c) => c.shared).map((c) => c.name)).toEqual(['admin', 'drive', 'main', 'queueStats', 'reversi', 'serverStats']);
    expect(CHANNELS.find((c) => c.name === 'homeTimeline')?.timeline).toEqual({ endpoint: 'notes/timeline', params: ['withRenotes', 'withFiles'] });
    expect(CHANNELS.find((c) => c.name === 'userList')?.timeline).toEqual({ endpoint: 'notes/user-list-timeline', params: ['listId', 'withRenotes', 'withFiles'] });
    expect(CHANNELS.filter((c) => c.timeline !== null).map((c) => c.name)).toEqual([
      'antenna', 'channel', 'globalTimeline', 'hashtag', 'homeTimeline', 'hybridTimeline', 'localTimeline', 'roleTimeline', 'userList',
    ]);
    // Access rules: a credential with no permission would be a full-access-only channel; none is.
    for (const c of CHANNELS) expect(c.credential || c.permission === null, c.name).toBe(true);
  });
});

describe('serverChannels', () => {
  it('keeps every channel without needs, and one with needs only when the spec has all its entities', () => {
    const bare = serverChannels([]);
    expect(bare.absent).toEqual(withNeeds);
    expect(bare.present.map((c) => c.name)).toEqual(all.filter((c) => !withNeeds.includes(c)));
    expect(bare.present.map((c) => c.name)).toEqual(expect.arrayContaining(['main', 'homeTimeline', 'drive', 'admin']));
    // chatRoom needs the room entity as well as the message one.
    const halfChat = serverChannels(['ChatMessageLite']);
    expect(halfChat.present.some((c) => c.name === 'chatUser')).toBe(true);
    expect(halfChat.absent).toContain('chatRoom');
    const everything = serverChannels(CHANNELS.flatMap((c) => c.needs));
    expect(everything.absent).toEqual([]);
    expect(everything.present.map((c) => c.name)).toEqual(all);
  });

  it('hands out channels the model owns: no `needs`, and nothing shared with the list', () => {
    const { present } = serverChannels([]);
    const home = present.find((c) => c.name === 'homeTimeline');
    expect(home).not.toHaveProperty('needs');
    home?.timeline?.params.push('changed');
    expect(CHANNELS.find((c) => c.name === 'homeTimeline')?.timeline?.params).toEqual(['withRenotes', 'withFiles']);
  });
});

describe('channels in the model', () => {
  const doc = (schemas: unknown) => ({ openapi: '3.1.0', info: { title: 'Misskey API', version: '1' }, paths: { '/x': { post: { responses: { '204': {} } } } }, components: { schemas } });

  it('records the channels a spec shows and the ones it does not', () => {
    const model = normalize(doc({ ReversiGameDetailed: {} }), { specSha256: '' });
    expect(model.absentChannels).toEqual(['chatRoom', 'chatUser']);
    expect(model.channels.map((c) => c.name)).toContain('reversiGame');
  });

  it('lists the streaming-only permission of a channel every server has, and leaves out an absent channel’s', () => {
    const permissions = normalize(doc({}), { specSha256: '' }).permissions;
    expect(permissions).toContain('read:admin:stream');
    expect(permissions).not.toContain('read:chat');
    expect(normalize(doc({ ChatMessageLite: {}, ChatRoom: {} }), { specSha256: '' }).permissions).toContain('read:chat');
    // A document with no usable components has no entities, so no feature channels; never a throw.
    expect(normalize(doc('nonsense'), { specSha256: '' }).permissions).not.toContain('read:chat');
  });
});
