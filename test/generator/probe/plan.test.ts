/**
 * What `probe` may call. Judged against the raw spec documents, read here without the normalizer,
 * so a normalizer mistake about credentials or permissions cannot make an unsafe call look safe.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../../generator/load/index.js';
import type { ApiModel } from '../../../generator/model/types.js';
import { normalize } from '../../../generator/normalize/index.js';
import { planProbe, writeWord } from '../../../generator/probe/plan.js';
import { REFERENCE_SPEC, realSpecs } from '../../helpers/specs.js';

interface RawFacts {
  credential: boolean;
  permission: string | null;
  internal: boolean;
  returnsNothing: boolean;
}

function rawFacts(path: string): Map<string, RawFacts> {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as {
    paths: Record<string, { post: { description?: string; responses?: Record<string, unknown> } }>;
  };
  const facts = new Map<string, RawFacts>();
  for (const [p, item] of Object.entries(doc.paths)) {
    const d = item.post.description ?? '';
    facts.set(p.slice(1), {
      credential: d.includes('**Credential required**: *Yes*'),
      permission: /\*\*Permission\*\*: \*([^*]+)\*/.exec(d)?.[1] ?? null,
      internal: d.includes('**Internal Endpoint**'),
      returnsNothing: !('200' in (item.post.responses ?? {})),
    });
  }
  return facts;
}

async function model(path: string): Promise<ApiModel> {
  const loaded = await loadSpec({ spec: path });
  return normalize(loaded.document, { specSha256: loaded.sha256 });
}

// An independent, shorter list than the planner's: whatever else it holds, these must be in it.
const ACTIONS = ['create', 'delete', 'update', 'remove', 'reset', 'add', 'set', 'read', 'mark', 'mute', 'vote', 'react', 'follow', 'import', 'export', 'flush', 'clear'];

const specs = [{ version: '2026.7.0 (reference)', path: REFERENCE_SPEC }, ...realSpecs()];

describe.each(specs)('probe plan for $version', ({ path }) => {
  it.each([false, true])('with token=%s, calls only endpoints that cannot change state', async (token) => {
    const facts = rawFacts(path);
    const plan = planProbe(await model(path), { token });
    expect(plan.calls.length).toBeGreaterThan(20);
    for (const call of plan.calls) {
      const f = facts.get(call.endpoint)!;
      expect(f.internal, call.endpoint).toBe(false);
      expect(f.returnsNothing, call.endpoint).toBe(false);
      expect(f.permission === null ? !f.credential : f.permission.startsWith('read:'), call.endpoint).toBe(true);
      expect(call.endpoint.split(/[/_-]/).filter((w) => ACTIONS.includes(w)), call.endpoint).toEqual([]);
      // The token goes only where a read: permission is named.
      expect(call.authenticated, call.endpoint).toBe(token && f.permission !== null);
      if (!token) expect(f.credential, call.endpoint).toBe(false);
    }
    // Every endpoint is either called or skipped with a reason.
    expect(plan.calls.length + plan.skipped.length).toBe(facts.size);
  });
});

// Endpoints that write on a real server although their permission reads (from Misskey's source,
// listed here independently of the planner): `i` records the login date, `notes/mentions` marks
// mentions read, the notification lists mark notifications read unless sent markAsRead: false.
const WRITES_ANYWAY = ['i', 'notes/mentions'];
const SAFE_ONLY_WITH_MARK_AS_READ_FALSE = ['i/notifications', 'i/notifications-grouped'];

describe.each(specs)('probe plan for $version: read endpoints that write anyway', ({ path }) => {
  it.each([false, true])('with token=%s, never calls them, and says why', async (token) => {
    const plan = planProbe(await model(path), { token });
    const names = new Set((await model(path)).endpoints.map((e) => e.name));
    for (const name of WRITES_ANYWAY.filter((n) => names.has(n))) {
      expect(plan.calls.map((c) => c.endpoint)).not.toContain(name);
      expect(plan.skipped.find((s) => s.endpoint === name), name).toMatchObject({ reason: 'side-effect', detail: expect.stringMatching(/login date|as read/) });
    }
    for (const call of plan.calls.filter((c) => SAFE_ONLY_WITH_MARK_AS_READ_FALSE.includes(c.endpoint))) {
      expect(call.params['markAsRead'], call.endpoint).toBe(false);
    }
  });
});

describe('probe plan details (2026.7.0)', () => {
  it('skips an endpoint that marks things read when the spec offers no parameter to stop it', async () => {
    const loaded = await loadSpec({ spec: REFERENCE_SPEC });
    const document = structuredClone(loaded.document) as { paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }> };
    delete document.paths['/i/notifications']!.post.requestBody.content['application/json']!.schema.properties['markAsRead'];
    const plan = planProbe(normalize(document, { specSha256: loaded.sha256 }), { token: true });
    expect(plan.calls.map((c) => c.endpoint)).not.toContain('i/notifications');
    expect(plan.skipped.find((s) => s.endpoint === 'i/notifications')).toEqual({
      endpoint: 'i/notifications',
      reason: 'side-effect',
      detail: "marks every notification read, and this server's spec has no markAsRead to stop it",
    });
    expect(plan.calls.find((c) => c.endpoint === 'i/notifications-grouped')?.params).toEqual({ markAsRead: false });
  });

  it('skips the dangerous ones for the right reason, and says why', async () => {
    const plan = planProbe(await model(REFERENCE_SPEC), { token: true });
    const skip = new Map(plan.skipped.map((s) => [s.endpoint, s]));
    expect(skip.get('reset-db')).toMatchObject({ reason: 'write-name', detail: expect.stringContaining('"reset"') });
    expect(skip.get('notes/create')?.reason).toBe('write-name');
    expect(skip.get('notifications/mark-all-as-read')?.reason).toBe('write-name');
    expect(skip.get('mute/list')?.reason).toBe('write-name'); // conservative: "mute" is an action word
    expect(skip.get('miauth/gen-token')?.reason).toBe('internal');
    expect(skip.get('notes/show')).toMatchObject({ reason: 'required-params', detail: 'needs noteId' });
    expect(skip.get('users/show')?.reason).toBe('required-params');
  });

  it('gives obvious parameters, and markAsRead: false where an endpoint would otherwise mark things read', async () => {
    const calls = new Map(planProbe(await model(REFERENCE_SPEC), { token: true }).calls.map((c) => [c.endpoint, c]));
    expect(calls.get('i/notifications')?.params).toEqual({ markAsRead: false });
    expect(calls.get('i/notifications-grouped')?.params).toEqual({ markAsRead: false });
    expect(calls.get('charts/notes')?.params).toEqual({ span: 'day' });
    expect(calls.get('hashtags/list')?.params).toEqual({ sort: '+mentionedUsers' });
    expect(calls.get('meta')).toEqual({ endpoint: 'meta', params: {}, authenticated: false });
    expect(calls.get('i/favorites')).toEqual({ endpoint: 'i/favorites', params: {}, authenticated: true });
  });

  it('without a token, leaves every credential endpoint out as needs-token', async () => {
    const plan = planProbe(await model(REFERENCE_SPEC), { token: false });
    expect(plan.calls.some((c) => c.endpoint === 'i/favorites')).toBe(false);
    expect(plan.skipped.find((s) => s.endpoint === 'i/favorites')).toMatchObject({ reason: 'needs-token', detail: expect.stringContaining('read:favorites') });
  });

  it('matches action words as whole words only', () => {
    expect(writeWord('following/list')).toBeUndefined();
    expect(writeWord('blocking/list')).toBeUndefined();
    expect(writeWord('users/reactions')).toBeUndefined();
    expect(writeWord('following/create')).toBe('create');
    expect(writeWord('i/read-announcement')).toBe('read');
    expect(writeWord('admin/unset-user-avatar')).toBe('unset');
    expect(writeWord('Some_Fork/DELETE_all')).toBe('delete');
  });
});
