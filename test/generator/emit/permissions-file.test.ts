/**
 * Channels need permissions no endpoint description names (`read:admin:stream`, `read:chat`): the
 * generated permission data must still list them, for MiAuth requests and for `channelMeta`.
 */
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../../generator/generate.js';
import { loadSpec } from '../../../generator/load/index.js';

describe('generated permission data', () => {
  it('includes the channel permissions read:admin:stream and read:chat (embedded default spec)', async () => {
    const { model, files } = await buildPackage(await loadSpec({}));
    expect(model.permissions).toEqual(expect.arrayContaining(['read:admin:stream', 'read:chat']));
    const file = (files.get('permissions.ts') ?? '').replace(/\s+/g, ' ');
    const list = /export const permissions = \[([^\]]*)\] as const/.exec(file)?.[1] ?? '';
    expect(list).toContain("'read:admin:stream',");
    expect(list).toContain("'read:chat',");
    // The channels that need them carry them in channelMeta too.
    const meta = /export const channelMeta = \{(.*?)\} as const/.exec(file)?.[1] ?? '';
    const row = (name: string) => new RegExp(`'?${name}'?: \\{ credential: true, permission: '([^']+)'`).exec(meta)?.[1];
    expect({ admin: row('admin'), chatUser: row('chatUser'), chatRoom: row('chatRoom') }).toEqual({
      admin: 'read:admin:stream',
      chatUser: 'read:chat',
      chatRoom: 'read:chat',
    });
  });
});
