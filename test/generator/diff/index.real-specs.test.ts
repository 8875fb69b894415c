/**
 * The diff over consecutive real server versions (13.14.2 → 2024.11.0 → 2025.11.1 → 2026.7.0):
 * added/removed endpoint counts agree with a plain set difference of the raw documents' `paths`,
 * and concrete changes read off the raw documents (here, by hand, without our code) are found
 * and classified as a client would feel them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFrom, runDiff } from '../../../generator/commands/diff.js';
import { IMPACT, diffModels, type ApiDiff, type Change } from '../../../generator/diff/index.js';
import type { ApiModel } from '../../../generator/model/types.js';
import { hasSpecs, realSpecs, specsAvailable } from '../../helpers/specs.js';

const available = specsAvailable();
const specs = available ? realSpecs() : [];
const pairs = specs.slice(1).map((next, i) => [specs[i], next] as const);

type Raw = { paths: Record<string, { post: Record<string, any> }>; components: { schemas: Record<string, any> } };
const raw = new Map<string, Raw>();
const models = new Map<string, ApiModel>();
const diffs = new Map<string, ApiDiff>();

beforeAll(async () => {
  for (const s of specs) {
    raw.set(s.version, JSON.parse(readFileSync(s.path, 'utf8')) as Raw);
    models.set(s.version, (await loadModelFrom(s.path)).model);
  }
  for (const [a, b] of pairs) if (a && b) diffs.set(`${a.version}>${b.version}`, diffModels(models.get(a.version) as ApiModel, models.get(b.version) as ApiModel));
});

function diffOf(from: string, to: string): ApiDiff {
  const d = diffs.get(`${from}>${to}`);
  if (!d) throw new Error(`no diff ${from} → ${to} (is the spec folder complete?)`);
  return d;
}

function doc(version: string): Raw {
  const d = raw.get(version);
  if (!d) throw new Error(`no spec ${version}`);
  return d;
}

function find(diff: ApiDiff, where: { endpoint?: string; schema?: string }, message: string): Change | undefined {
  return diff.changes.find((c) => c.endpoint === where.endpoint && c.schema === where.schema && c.message === message);
}

/** True (skip) when a test's versions are not all in the folder; says which file is missing. */
const needs = (...versions: string[]) => !available || !hasSpecs(`diff tests of ${versions.join(' → ')}`, ...versions);

/** Permissions named in the raw document's descriptions, read without the normalizer. */
function namedPermissions(d: Raw): Set<string> {
  const named = new Set<string>();
  for (const item of Object.values(d.paths)) {
    const p = /\*\*Permission\*\*: \*([^*]+)\*/.exec(String(item.post['description'] ?? ''))?.[1];
    if (p !== undefined) named.add(p);
  }
  return named;
}

describe.skipIf(!available)('diff of consecutive real specs', () => {
  it.each(pairs.map(([a, b]) => [a?.version, b?.version]))('%s → %s: added and removed endpoints match a set difference of the raw paths', (from, to) => {
    const oldPaths = new Set(Object.keys(doc(from as string).paths));
    const newPaths = new Set(Object.keys(doc(to as string).paths));
    const added = [...newPaths].filter((p) => !oldPaths.has(p)).map((p) => p.slice(1)).sort();
    const removed = [...oldPaths].filter((p) => !newPaths.has(p)).map((p) => p.slice(1)).sort();
    const diff = diffOf(from as string, to as string);
    expect(diff.summary.endpointsAdded).toBe(added.length);
    expect(diff.summary.endpointsRemoved).toBe(removed.length);
    expect(diff.changes.filter((c) => c.kind === 'endpoint-added').map((c) => c.endpoint)).toEqual(added);
    expect(diff.changes.filter((c) => c.kind === 'endpoint-removed').map((c) => c.endpoint)).toEqual(removed);
    expect(diff.changes.filter((c) => c.kind === 'endpoint-removed').every((c) => c.severity === 'breaking')).toBe(true);
    expect(diff.summary.breaking + diff.summary.refinement + diff.summary.compatible).toBe(diff.changes.length);
  });

  it.each(pairs.map(([a, b]) => [a?.version, b?.version]))('%s → %s: every param and result change is judged by the one rule (tightened params break, loosened results break)', (from, to) => {
    const diff = diffOf(from as string, to as string);
    const judged = diff.changes.filter((c) => c.scope === 'params' || c.scope === 'result');
    expect(judged.length).toBeGreaterThan(0);
    for (const c of judged) expect(c.severity, `${c.endpoint}: ${c.message}`).toBe(IMPACT[c.effect][c.scope === 'params' ? 'input' : 'output']);
  });

  // Read off the raw documents without our code: the validating keywords beside each other at the
  // same place of a request body, a 200 result or a component schema (through properties and items,
  // not through references). Every difference found so must be in the diff, with its direction.
  it.each(pairs.map(([a, b]) => [a?.version, b?.version]))('%s → %s: every difference in a validating keyword of the raw documents is reported', (from, to) => {
    const expected = rawKeywordDifferences(doc(from as string), doc(to as string));
    const diff = diffOf(from as string, to as string);
    const reported = diff.changes.filter((c) => c.kind === 'constraint-changed');
    for (const d of expected) {
      const found = reported.find((c) => (c.endpoint ?? c.schema) === d.owner && c.scope === d.scope && c.path === d.path && c.message.includes(` ${d.keyword} `));
      expect(found, `${d.owner} ${d.scope} \`${d.path}\` ${d.keyword}: ${d.before} → ${d.after}`).toBeDefined();
    }
    // The diff finds no fewer than the raw walk (it also follows references that moved).
    expect(reported.length).toBeGreaterThanOrEqual(expected.length);
  });

  // Streaming-only permissions (`read:admin:stream`, of the admin channel every version has) are in
  // every package, so they cancel out; a feature's channel permission (`read:chat`) comes with the
  // feature's endpoints, which name it too. So the diff is exactly the set difference of the raw documents.
  it.each(pairs.map(([a, b]) => [a?.version, b?.version]))('%s → %s: permissions added and removed match a set difference of the raw descriptions', (from, to) => {
    const [before, after] = [namedPermissions(doc(from as string)), namedPermissions(doc(to as string))];
    const added = [...after].filter((p) => !before.has(p)).sort();
    const removed = [...before].filter((p) => !after.has(p)).sort();
    const diff = diffOf(from as string, to as string);
    const named = (kind: Change['kind']) => diff.changes.filter((c) => c.kind === kind).map((c) => /^permission (\S+) (?:added|removed)$/.exec(c.message)?.[1]).sort();
    expect(named('permission-name-added')).toEqual(added);
    expect(named('permission-name-removed')).toEqual(removed);
    expect(diff.summary.permissionsAdded).toBe(added.length);
    expect(diff.summary.permissionsRemoved).toBe(removed.length);
    for (const version of [from, to] as string[]) expect(models.get(version)?.permissions).toContain('read:admin:stream');
  });

  it.skipIf(needs('2024.11.0', '2025.11.1'))('2024.11.0 → 2025.11.1: chat brings both of its permissions', () => {
    const diff = diffOf('2024.11.0', '2025.11.1');
    for (const p of ['read:chat', 'write:chat']) expect(find(diff, {}, `permission ${p} added`)?.severity).toBe('compatible');
  });

  it.each(specs.map((s) => [s.version]))('%s against itself: no changes', (version) => {
    const m = models.get(version as string) as ApiModel;
    expect(diffModels(m, m).changes).toEqual([]);
  });

  it.skipIf(needs('2025.11.1', '2026.7.0'))('2025.11.1 → 2026.7.0: new admin endpoints, a new permission, a new schema (compatible)', () => {
    const diff = diffOf('2025.11.1', '2026.7.0');
    const [before, after] = [doc('2025.11.1'), doc('2026.7.0')];
    for (const name of ['admin/unset-mfa', 'following/list']) {
      expect(before.paths[`/${name}`]).toBeUndefined();
      expect(after.paths[`/${name}`]).toBeDefined();
    }
    expect(after.paths['/admin/unset-mfa']?.post['description']).toContain('**Permission**: *write:admin:unset-mfa*');
    expect(find(diff, { endpoint: 'admin/unset-mfa' }, 'added (credential required, permission write:admin:unset-mfa)')?.severity).toBe('compatible');
    expect(find(diff, { endpoint: 'following/list' }, 'added (credential required, permission read:following)')?.severity).toBe('compatible');
    expect(find(diff, {}, 'permission write:admin:unset-mfa added')?.severity).toBe('compatible');

    expect(before.components.schemas['MetaClientOptions']).toBeUndefined();
    expect(after.components.schemas['MetaClientOptions']).toBeDefined();
    expect(find(diff, { schema: 'MetaClientOptions' }, 'added')?.severity).toBe('compatible');

    const body = (d: Raw) => d.paths['/admin/avatar-decorations/create']?.post['requestBody'].content['application/json'].schema;
    expect(body(before).properties.category).toBeUndefined();
    expect(body(after).properties.category).toBeDefined();
    expect(body(after).required).not.toContain('category');
    expect(find(diff, { endpoint: 'admin/avatar-decorations/create' }, 'param `category` added (optional)')?.severity).toBe('compatible');
  });

  it.skipIf(needs('2024.11.0', '2025.11.1'))('2024.11.0 → 2025.11.1: params whose only change is a length or a pattern are changed endpoints, judged by direction', () => {
    const [before, after] = [doc('2024.11.0'), doc('2025.11.1')];
    const param = (d: Raw, endpoint: string, name: string) => d.paths[`/${endpoint}`]?.post['requestBody'].content['application/json'].schema.properties[name];
    // Read by hand off the documents: a dropped minLength (more values accepted) and a new pattern (fewer).
    expect(param(before, 'channels/create', 'description')).toMatchObject({ minLength: 1, maxLength: 2048 });
    expect(param(after, 'channels/create', 'description').minLength).toBeUndefined();
    expect(param(before, 'pages/create', 'name').pattern).toBeUndefined();
    expect(param(after, 'pages/create', 'name').pattern).toBeDefined();
    const diff = diffOf('2024.11.0', '2025.11.1');
    expect(find(diff, { endpoint: 'channels/create' }, 'param `description` minLength 1 removed')).toMatchObject({ severity: 'compatible', effect: 'loosened', kind: 'constraint-changed' });
    const pattern = diff.changes.find((c) => c.endpoint === 'pages/create' && c.path === 'name' && c.kind === 'constraint-changed');
    expect(pattern).toMatchObject({ severity: 'breaking', effect: 'tightened' });
    expect(pattern?.message).toMatch(/^param `name` pattern added: "\^/);
    for (const name of ['channels/create', 'channels/update', 'clips/create', 'clips/update', 'pages/create', 'pages/update']) {
      expect(diff.changes.some((c) => c.endpoint === name)).toBe(true);
    }
  });

  it.skipIf(needs('2025.11.1', '2026.7.0'))('2025.11.1 → 2026.7.0: an untyped result object that became a named schema is a refinement', () => {
    const meta = (d: Raw) => d.components.schemas['MetaLite'].properties.clientOptions;
    expect(meta(doc('2025.11.1'))).toMatchObject({ type: 'object' });
    expect(meta(doc('2025.11.1')).properties).toBeUndefined();
    expect(meta(doc('2026.7.0'))).toEqual({ $ref: '#/components/schemas/MetaClientOptions' });
    const diff = diffOf('2025.11.1', '2026.7.0');
    expect(find(diff, { schema: 'MetaLite' }, 'property `clientOptions` type changed: object → MetaClientOptions')).toMatchObject({ severity: 'refinement', effect: 'tightened' });
  });

  it.skipIf(needs('2025.11.1', '2026.7.0'))('2025.11.1 → 2026.7.0: i/2fa/register-key lost its result fields (breaking)', () => {
    const result = (d: Raw) => d.paths['/i/2fa/register-key']?.post['responses']['200'].content['application/json'].schema;
    expect(Object.keys(result(doc('2025.11.1')).properties)).toContain('rp');
    expect(result(doc('2026.7.0')).properties).toBeUndefined();
    const diff = diffOf('2025.11.1', '2026.7.0');
    expect(find(diff, { endpoint: 'i/2fa/register-key' }, 'result field `rp` removed')?.severity).toBe('breaking');
    expect(diff.summary.breaking).toBeGreaterThan(0);
  });

  it.skipIf(needs('2024.11.0', '2025.11.1'))('2024.11.0 → 2025.11.1: removed endpoints, a params body that became required, a removed error code (breaking)', () => {
    const diff = diffOf('2024.11.0', '2025.11.1');
    const [before, after] = [doc('2024.11.0'), doc('2025.11.1')];
    for (const name of ['admin/queue/promote', 'i/read-all-unread-notes']) {
      expect(before.paths[`/${name}`]).toBeDefined();
      expect(after.paths[`/${name}`]).toBeUndefined();
      expect(find(diff, { endpoint: name }, 'removed')?.severity).toBe('breaking');
    }
    expect(before.paths['/admin/queue/clear']?.post['requestBody']).toBeUndefined();
    expect(after.paths['/admin/queue/clear']?.post['requestBody'].content['application/json'].schema.required).toEqual(['queue', 'state']);
    expect(find(diff, { endpoint: 'admin/queue/clear' }, 'param `queue` added (required)')?.severity).toBe('breaking');

    const codes = (d: Raw) => Object.keys(d.paths['/notes/show']?.post['responses']['400'].content['application/json'].examples);
    expect(codes(before)).toContain('SIGNIN_REQUIRED');
    expect(codes(after)).not.toContain('SIGNIN_REQUIRED');
    expect(find(diff, { endpoint: 'notes/show' }, 'error SIGNIN_REQUIRED removed')?.severity).toBe('breaking');
  });

  it.skipIf(needs('2024.11.0', '2025.11.1'))('2024.11.0 → 2025.11.1: new kinds of Notification (breaking for a reader), reported once on the schema', () => {
    const tags = (d: Raw) => (d.components.schemas['Notification'].oneOf as { properties: { type: { enum: string[] } } }[]).map((m) => m.properties.type.enum[0]);
    const added = tags(doc('2025.11.1')).filter((t) => !tags(doc('2024.11.0')).includes(t));
    expect(added).toContain('createToken');
    const diff = diffOf('2024.11.0', '2025.11.1');
    const change = find(diff, { schema: 'Notification' }, `schema alternatives added: ${added.map((t) => `type=${t}`).join(', ')}`);
    expect(change?.severity).toBe('breaking');
    // i/notifications returns Notification[]: the schema change is not repeated there.
    expect(diff.changes.filter((c) => c.endpoint === 'i/notifications' && c.message.includes('alternatives'))).toEqual([]);
  });

  it.skipIf(needs('13.14.2', '2024.11.0'))('13.14.2 → 2024.11.0: a removed endpoint, a new permission requirement, a removed param (breaking)', () => {
    const diff = diffOf('13.14.2', '2024.11.0');
    const [before, after] = [doc('13.14.2'), doc('2024.11.0')];
    expect(before.paths['/i/get-word-muted-notes-count']).toBeDefined();
    expect(after.paths['/i/get-word-muted-notes-count']).toBeUndefined();
    expect(find(diff, { endpoint: 'i/get-word-muted-notes-count' }, 'removed')?.severity).toBe('breaking');

    expect(before.paths['/admin/ad/create']?.post['description']).not.toContain('**Permission**');
    expect(after.paths['/admin/ad/create']?.post['description']).toContain('**Permission**: *write:admin:ad*');
    expect(find(diff, { endpoint: 'admin/ad/create' }, 'now requires permission write:admin:ad')?.severity).toBe('breaking');

    const props = (d: Raw) => Object.keys(d.paths['/antennas/create']?.post['requestBody'].content['application/json'].schema.properties);
    expect(props(before)).toContain('notify');
    expect(props(after)).not.toContain('notify');
    expect(find(diff, { endpoint: 'antennas/create' }, 'param `notify` removed')?.severity).toBe('breaking');
  });

  it.skipIf(needs('13.14.2', '2024.11.0'))('13.14.2 → 2024.11.0: a nullable reference written the 3.0 way and the 3.1 way is no change', () => {
    const reply = (d: Raw) => d.components.schemas['Note'].properties.reply;
    expect(reply(doc('13.14.2'))).toMatchObject({ nullable: true, $ref: '#/components/schemas/Note' });
    expect(reply(doc('2024.11.0'))).toMatchObject({ type: ['object', 'null'], allOf: [{ $ref: '#/components/schemas/Note' }] });
    const diff = diffOf('13.14.2', '2024.11.0');
    expect(diff.changes.filter((c) => c.schema === 'Note' && c.path === 'reply')).toEqual([]);
  });

  it.skipIf(needs('2024.11.0', '2025.11.1'))('--fail-on-breaking: exit 2 on breaking changes; 0 without the flag, and 0 when nothing changed', async () => {
    const [a, b] = [specs.find((s) => s.version === '2024.11.0')?.path as string, specs.find((s) => s.version === '2025.11.1')?.path as string];
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => {} };
    expect(await runDiff({ old: a, new: b, failOnBreaking: true }, io)).toBe(2);
    expect(await runDiff({ old: a, new: b }, io)).toBe(0);
    expect(await runDiff({ old: b, new: b, failOnBreaking: true }, io)).toBe(0);
    expect(await runDiff({ old: a, new: b, json: true }, io)).toBe(0);
    const json = JSON.parse(out.at(-1) as string) as ApiDiff & { sources: { old: { kind: string } } };
    expect(json.sources.old.kind).toBe('spec');
    expect(json.summary).toEqual(diffOf('2024.11.0', '2025.11.1').summary);
  });
});

interface KeywordDifference {
  owner: string;
  scope: 'params' | 'result' | 'schema';
  path: string;
  keyword: string;
  before: string;
  after: string;
}

/** Keywords that validate without changing a type, as JSON Schema names them (`id` and `misskey:id` are one format). */
const VALIDATING = ['minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'prefixItems', 'unevaluatedItems', 'contains', 'not'];

function rawKeywordDifferences(a: Raw, b: Raw): KeywordDifference[] {
  const out: KeywordDifference[] = [];
  const sameFormat = (x: unknown, y: unknown) => [x, y].every((f) => f === 'id' || f === 'misskey:id');
  const walk = (owner: string, scope: KeywordDifference['scope'], path: string, x: any, y: any): void => {
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return;
    for (const keyword of VALIDATING) {
      const [before, after] = [JSON.stringify(x[keyword]), JSON.stringify(y[keyword])];
      if (before !== after && !(keyword === 'format' && sameFormat(x[keyword], y[keyword]))) out.push({ owner, scope, path, keyword, before: before ?? '-', after: after ?? '-' });
    }
    for (const name of Object.keys(x.properties ?? {})) if (Object.hasOwn(y.properties ?? {}, name)) walk(owner, scope, path === '' ? name : `${path}.${name}`, x.properties[name], y.properties[name]);
    if (x.items !== undefined && y.items !== undefined) walk(owner, scope, `${path}[]`, x.items, y.items);
  };
  const body = (op: any) => op?.requestBody?.content?.['application/json']?.schema ?? op?.requestBody?.content?.['multipart/form-data']?.schema;
  const result = (op: any) => op?.responses?.['200']?.content?.['application/json']?.schema;
  for (const path of Object.keys(a.paths)) {
    const [x, y] = [a.paths[path]?.post, b.paths[path]?.post];
    if (y === undefined) continue;
    walk(path.slice(1), 'params', '', body(x), body(y));
    walk(path.slice(1), 'result', '', result(x), result(y));
  }
  for (const name of Object.keys(a.components.schemas)) walk(name, 'schema', '', a.components.schemas[name], b.components.schemas[name]);
  return out;
}
