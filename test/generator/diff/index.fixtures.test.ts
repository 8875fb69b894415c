/**
 * The diff on small fixture specs (test/fixtures/specs/diff), through the whole pipeline (load,
 * normalize, diff, render): a self-reference as a live server's /api.json flattens it, and param
 * and result constraints tightened and loosened as a fork does. Each change says how it affects a
 * caller and which way its values moved.
 */
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelFrom, runDiff } from '../../../generator/commands/diff.js';
import { diffModels, renderSummary, type ApiDiff } from '../../../generator/diff/index.js';
import { tempDir } from '../../helpers/generate.js';
import { REFERENCE_SPEC, ROOT } from '../../helpers/specs.js';

const FIXTURES = join(ROOT, 'test/fixtures/specs/diff');
const fixture = (name: string) => join(FIXTURES, name);
const dir = tempDir('mkcg-diff-fixtures-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function diff(old: string, next: string, flags: { json?: boolean; failOnBreaking?: boolean; breakingOnly?: boolean } = {}): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runDiff({ old, new: next, ...flags }, { stdout: (t) => out.push(t), stderr: () => {} });
  return { code, out: out.join('') };
}

/** A live server's /api.json: every reference of a schema to itself written as `{"type": "object"}`. */
function flattenSelfReferences(document: { components: { schemas: Record<string, unknown> } }): void {
  const flatten = (self: string, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((v) => flatten(self, v));
    if (typeof value !== 'object' || value === null) return value;
    if ((value as { $ref?: unknown }).$ref === `#/components/schemas/${self}`) return { type: 'object' };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flatten(self, v)]));
  };
  for (const [name, schema] of Object.entries(document.components.schemas)) document.components.schemas[name] = flatten(name, schema);
}

describe('a self-reference flattened by a live server', () => {
  it('the fixture pair differs only there (read off the documents)', () => {
    const embedded = JSON.parse(readFileSync(fixture('self-reference.json'), 'utf8')) as { components: { schemas: Record<string, unknown> } };
    const live = JSON.parse(readFileSync(fixture('self-reference-flattened.json'), 'utf8')) as unknown;
    flattenSelfReferences(embedded);
    expect(embedded).toEqual(live);
  });

  it('live → embedded: an untyped result object that became the named schema is a refinement, not a breaking change', async () => {
    const { code, out } = await diff(fixture('self-reference-flattened.json'), fixture('self-reference.json'), { failOnBreaking: true });
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'misskey 2026.7.0 → misskey 2026.7.0',
        'endpoints: 0 added, 0 removed, 0 changed; schemas: 0 added, 0 removed, 2 changed; permissions: 0 added, 0 removed',
        '0 breaking changes, 2 refinements, 0 compatible.',
        '',
        'Schemas changed (2)',
        '  DriveFolder',
        '    ~ refinement  property `parent` type changed: object | null → DriveFolder | null (tightened)',
        '  PageBlock',
        '    ~ refinement  property `<type=section>.children[]` type changed: object → PageBlock (tightened)',
        '',
      ].join('\n'),
    );
  });

  it('embedded → live: the named result type became an untyped object, which breaks code that reads its fields', async () => {
    const { code, out } = await diff(fixture('self-reference.json'), fixture('self-reference-flattened.json'), { failOnBreaking: true, json: true });
    expect(code).toBe(2);
    const result = JSON.parse(out) as ApiDiff;
    expect(result.summary).toMatchObject({ breaking: 2, refinement: 0, compatible: 0 });
    expect(result.changes).toContainEqual(
      expect.objectContaining({ schema: 'PageBlock', path: '<type=section>.children[]', kind: 'type-changed', severity: 'breaking', effect: 'loosened' }),
    );
  });

  it('the reference spec against its live form: what `generate` prints when regenerating between them', async () => {
    const live = JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    flattenSelfReferences(live);
    const file = join(dir, 'live-api.json');
    writeFileSync(file, JSON.stringify(live));
    const [server, embedded] = [(await loadModelFrom(file)).model, (await loadModelFrom(REFERENCE_SPEC)).model];
    const summary = renderSummary(diffModels(server, embedded));
    expect(summary).toContain('  0 breaking changes, 4 refinements, 0 compatible.\n');
    expect(summary).not.toContain('! ');
    const changes = diffModels(server, embedded).changes.map((c) => `${c.severity} ${c.schema}: ${c.message}`);
    expect(changes).toEqual([
      'refinement DriveFolder: property `parent` type changed: object | null → DriveFolder | null',
      'refinement Note: property `renote` type changed: object | null → Note | null',
      'refinement Note: property `reply` type changed: object | null → Note | null',
      'refinement PageBlock: property `<type=section>.children[]` type changed: object → PageBlock',
    ]);
  });
});

describe('constraints of params and results', () => {
  const [base, fork] = [fixture('constraints-base.json'), fixture('constraints-fork.json')];

  it('every validating keyword is compared, and each change says its effect on callers and which way values moved', async () => {
    const { code, out } = await diff(base, fork);
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'misskey 2026.7.0 → misskey 2026.7.0-fork.1',
        'endpoints: 0 added, 0 removed, 4 changed; schemas: 0 added, 0 removed, 0 changed; permissions: 0 added, 0 removed',
        '8 breaking changes, 1 refinement, 5 compatible.',
        '',
        'Endpoints changed (4)',
        '  notes/list',
        '    ! breaking    param `fileIds` uniqueItems added (tightened)',
        '    ! breaking    param `limit` maximum changed: 100 → 50 (tightened)',
        '    ! breaking    param `since` format added: "date-time" (tightened)',
        '    · compatible  param `offset` minimum 0 removed (loosened)',
        '    · compatible  param `visibility` values added: "followers" (loosened)',
        '  notes/react',
        '    ! breaking    param `reaction` values removed: "laugh" (tightened)',
        '    · compatible  param `weight` multipleOf changed: 0.5 → 0.25 (loosened)',
        '  stats',
        '    ! breaking    result field `label` maxLength changed: 32 → 64 (loosened)',
        '    ~ refinement  result field `count` maximum changed: 1000 → 100 (tightened)',
        '  users/create',
        '    ! breaking    param `name` minLength changed: 1 → 3 (tightened)',
        '    ! breaking    param `name` maxLength changed: 100 → 50 (tightened)',
        '    ! breaking    param `username` pattern added: "^[a-z0-9_]+$" (tightened)',
        '    · compatible  param `description` maxLength changed: 500 → 1000 (loosened)',
        '    · compatible  param `lang` minLength 2 removed (loosened)',
        '',
      ].join('\n'),
    );
  });

  it('an endpoint whose only change is minLength and maxLength of a param counts as changed (as many as the raw documents differ in)', async () => {
    type Doc = { paths: Record<string, unknown> };
    const [a, b] = [base, fork].map((f) => JSON.parse(readFileSync(f, 'utf8')) as Doc) as [Doc, Doc];
    const differing = Object.keys(a.paths).filter((p) => JSON.stringify(a.paths[p]) !== JSON.stringify(b.paths[p]));
    expect(differing).toHaveLength(4);
    const result = JSON.parse((await diff(base, fork, { json: true })).out) as ApiDiff;
    expect(result.summary.endpointsChanged).toBe(differing.length);
    expect(result.changes.filter((c) => c.endpoint === 'users/create' && c.path === 'name')).toEqual([
      expect.objectContaining({ kind: 'constraint-changed', scope: 'params', severity: 'breaking', effect: 'tightened', message: 'param `name` minLength changed: 1 → 3' }),
      expect.objectContaining({ kind: 'constraint-changed', scope: 'params', severity: 'breaking', effect: 'tightened', message: 'param `name` maxLength changed: 100 → 50' }),
    ]);
  });

  it('--fail-on-breaking counts only breaking changes: loosened params and tightened results alone exit 0', async () => {
    expect((await diff(base, fork, { failOnBreaking: true })).code).toBe(2);
    // The reverse direction of the fork's loosenings, on their own: a fork that only loosens params and tightens results.
    const doc = JSON.parse(readFileSync(base, 'utf8')) as { paths: Record<string, any> };
    const users = doc.paths['/users/create'].post.requestBody.content['application/json'].schema.properties;
    users.description.maxLength = 1000;
    delete users.lang.minLength;
    doc.paths['/stats'].post.responses['200'].content['application/json'].schema.properties.count.maximum = 100;
    const gentle = join(dir, 'gentle.json');
    writeFileSync(gentle, JSON.stringify(doc));
    const { code, out } = await diff(base, gentle, { failOnBreaking: true });
    expect(out).toContain('0 breaking changes, 1 refinement, 2 compatible.');
    expect(code).toBe(0);
    const breakingOnly = await diff(base, fork, { breakingOnly: true });
    expect(breakingOnly.out).not.toMatch(/refinement {2}|compatible {2}/);
    expect(breakingOnly.out).toContain('8 breaking changes, 1 refinement, 5 compatible.');
  });
});
