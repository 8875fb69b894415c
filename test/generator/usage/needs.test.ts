/** What the uses need of a token, from the package's model: the permission set, credential, internal endpoints, the approval page's drops. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPROVAL_PAGE_DROPS, appNeeds, type Use } from '../../../generator/usage/index.js';
import { endpoint, model } from '../../helpers/model.js';
import { analyzed, CLIENT_APP } from '../../helpers/usage.js';

const at = (line: number) => ({ file: 'app.ts', line });
const api = {
  ...model({
    endpoints: [
      endpoint('i', { credential: true, permission: 'read:account' }),
      endpoint('notes/create', { credential: true, permission: 'write:notes' }),
      endpoint('meta'),
      endpoint('admin/system-webhook/list', { credential: true, permission: 'write:admin:system-webhook', internal: true }),
    ],
  }),
  channels: [
    { name: 'admin', credential: true, permission: 'read:admin:stream', shared: true, timeline: null },
    { name: 'homeTimeline', credential: true, permission: 'read:account', shared: false, timeline: { endpoint: 'notes/timeline', params: [] } },
  ],
};

describe('appNeeds', () => {
  it('is the smallest sorted set covering the uses, with the credential uses and internal endpoints at their places', () => {
    const uses: Use[] = [
      { kind: 'request', name: 'notes/create', at: at(1) },
      { kind: 'function', name: 'i', at: at(2) },
      { kind: 'request', name: 'i', at: at(3) },
      { kind: 'request', name: 'meta', at: at(4) },
      { kind: 'request', name: 'admin/system-webhook/list', at: at(5) },
    ];
    const needs = appNeeds(uses, api);
    expect(needs.permissions).toEqual(['read:account', 'write:admin:system-webhook', 'write:notes']);
    expect(needs.credential).toEqual([at(1), at(2), at(3), at(5)]);
    expect(needs.internal).toEqual([{ name: 'admin/system-webhook/list', at: at(5) }]);
    expect(needs.droppedByApproval).toEqual(['write:admin:system-webhook']);
  });

  it('takes channel permissions from channelMeta, and names what the package does not know instead of guessing', () => {
    const needs = appNeeds([{ kind: 'channel', name: 'admin', at: at(1) }, { kind: 'unlisted', name: 'server/private-stats', at: at(2) }, { kind: 'gap-fill', name: 'homeTimeline', at: at(3) }], api);
    expect(needs.permissions).toEqual(['read:admin:stream']);
    expect(needs.unknown).toEqual([
      { kind: 'unlisted', name: 'server/private-stats', at: at(2) },
      { kind: 'gap-fill', name: 'homeTimeline', at: at(3) },
    ]);
    expect(APPROVAL_PAGE_DROPS).toContain('read:admin:stream');
  });

  it('compares with what MiAuth calls ask for', () => {
    const needs = appNeeds([{ kind: 'miauth', name: 'startMiAuth', at: at(1), permissions: ['read:account', 'write:drive'] }, { kind: 'request', name: 'notes/create', at: at(2) }, { kind: 'request', name: 'i', at: at(3) }], api);
    expect(needs.neededButNotAsked).toEqual(['write:notes']);
    expect(needs.askedButUnused).toEqual(['write:drive']);
  });
});

describe('the client fixture app', () => {
  it('needs exactly the permissions of its calls, and names its internal endpoint and the dropped permissions', async () => {
    const { needs } = await analyzed(join(CLIENT_APP, 'tsconfig.json'));
    expect(needs.permissions).toEqual([
      'read:account', 'read:admin:stream', 'read:channels', 'read:clip-favorite', 'read:drive', 'read:following', 'write:account', 'write:admin:system-webhook',
      'write:channels', 'write:clip-favorite', 'write:drive', 'write:favorites', 'write:following', 'write:notes', 'write:page-likes', 'write:pages', 'write:reactions',
    ]);
    expect(needs.internal).toEqual([{ name: 'admin/system-webhook/list', at: { file: 'src/internal.ts', line: 4 } }]);
    expect(needs.droppedByApproval).toEqual(['read:admin:stream', 'write:admin:system-webhook']);
    expect(needs.unknown.map((u) => u.name)).toEqual(['server/private-stats']);
  }, 120_000);
});
