/**
 * generator/emit/permissions-file.ts: permissions as data and as a union, and the access rules of
 * endpoints and streaming channels. Channels need permissions no endpoint description names
 * (`read:admin:stream`, `read:chat`): the generated data must still list them, for MiAuth requests
 * and for `channelMeta`.
 */
import { describe, expect, it } from 'vitest';
import { emitPermissionsFile } from '../../../generator/emit/permissions-file.js';
import { endpoint, model } from '../../helpers/model.js';
import { generated } from '../../helpers/package-cache.js';

describe('emitPermissionsFile', () => {
  it('lists the permissions, and each endpoint’s access rules keyed by its name', () => {
    const text = emitPermissionsFile(model({ permissions: ['read:account', 'write:notes'], endpoints: [endpoint('notes/create', { credential: true, permission: 'write:notes' }), endpoint('__proto__', { internal: true })] }));
    expect(text).toContain('export const permissions = ["read:account", "write:notes"] as const;');
    expect(text).toContain('  "notes/create": {\n    credential: true,\n    permission: "write:notes",\n    internal: false,\n  },');
    // A computed key: `"__proto__": x` in an object literal would set the prototype instead.
    expect(text).toContain('  ["__proto__"]: { credential: false, permission: null, internal: true },');
  });

  it('prints the channels of the model with their access rules, shared flag and timeline (the runtime reads the last two)', () => {
    const channels = [
      { name: 'homeTimeline', credential: true, permission: 'read:account', shared: false, timeline: { endpoint: 'notes/timeline', params: ['withRenotes', 'withFiles'] } },
      { name: 'main', credential: true, permission: 'read:account', shared: true, timeline: null },
      { name: 'hashtag', credential: false, permission: null, shared: false, timeline: { endpoint: 'notes/search-by-tag', params: ['q'], rename: { q: 'query' } } },
    ];
    const text = emitPermissionsFile({ ...model(), channels });
    expect(text).toContain('  homeTimeline: {\n    credential: true,\n    permission: "read:account",\n    shared: false,\n    timeline: {\n      endpoint: "notes/timeline",\n      params: ["withRenotes", "withFiles"],\n    },\n  },');
    expect(text).toContain('  main: {\n    credential: true,\n    permission: "read:account",\n    shared: true,\n    timeline: null,\n  },');
    expect(text).toContain('  hashtag: {\n    credential: false,\n    permission: null,\n    shared: false,\n    timeline: {\n      endpoint: "notes/search-by-tag",\n      params: ["q"],\n      rename: { q: "query" },\n    },\n  },');
    expect(text).toContain('    readonly timeline: {\n      readonly endpoint: string;\n      readonly params: readonly string[];\n      readonly rename?: { readonly [param: string]: string };\n    } | null;');
    // The stream template reads channelMeta, so a model without channels still gets an empty one.
    expect(emitPermissionsFile(model())).toContain('export const channelMeta = {} as const');
  });
});

describe('generated permission data', () => {
  it('includes the channel permissions read:admin:stream and read:chat (embedded default spec)', async () => {
    const { model, files } = await generated(undefined);
    expect(model.permissions).toEqual(expect.arrayContaining(['read:admin:stream', 'read:chat']));
    const file = (files.get('permissions.ts') ?? '').replace(/\s+/g, ' ');
    const list = /export const permissions = \[([^\]]*)\] as const/.exec(file)?.[1] ?? '';
    expect(list).toContain('"read:admin:stream",');
    expect(list).toContain('"read:chat",');
    // The channels that need them carry them in channelMeta too.
    const meta = /export const channelMeta = \{(.*?)\} as const/.exec(file)?.[1] ?? '';
    const row = (name: string) => new RegExp(`"?${name}"?: \\{ credential: true, permission: "([^"]+)"`).exec(meta)?.[1];
    expect({ admin: row('admin'), chatUser: row('chatUser'), chatRoom: row('chatRoom') }).toEqual({
      admin: 'read:admin:stream',
      chatUser: 'read:chat',
      chatRoom: 'read:chat',
    });
  });
});
