/**
 * The compatibility matrix: which changes of generator/diff touch a use. Hand-built models for each
 * rule; the real specs for the "missing" cells (checked against the raw documents' paths) and for a
 * param made required between two real versions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFrom } from '../../../generator/commands/diff.js';
import { compatibility, type Target } from '../../../generator/usage/compat.js';
import type { AppAnalysis, Use } from '../../../generator/usage/index.js';
import type { ApiModel } from '../../../generator/model/types.js';
import { endpoint, model, withParams, withResult } from '../../helpers/model.js';
import { hasSpecs, realSpec, realSpecs, specsAvailable } from '../../helpers/specs.js';
import { analyzed, CLIENT_APP } from '../../helpers/usage.js';

const at = { file: 'app.ts', line: 1 };
const target = (m: ApiModel): Target => ({ label: `misskey ${m.source.version}`, location: 'test', model: m });
const verdict = (use: Use, before: ApiModel, after: ApiModel) => compatibility([use], before, [target(after)]).rows[0]!.cells[0]!;

const params = (required: string[]) => ({ type: 'object', properties: { text: { type: 'string' }, cw: { type: 'string' } }, required });

describe('which changes touch a use', () => {
  const before = model({ version: '1', endpoints: [withParams('notes/create', params([])), withResult('i', { type: 'object', properties: { name: { type: 'string' }, avatarUrl: { type: 'string' } }, required: ['name', 'avatarUrl'] })] });

  it('a param made required breaks a call that leaves it out, not one that passes it', () => {
    const after = model({ version: '2', endpoints: [withParams('notes/create', params(['cw'])), ...before.endpoints.slice(0, 1)] });
    expect(verdict({ kind: 'function', name: 'notes/create', at, params: ['text'] }, before, after)).toEqual({ verdict: 'breaks', reasons: ['notes/create: param `cw` is now required'] });
    expect(verdict({ kind: 'function', name: 'notes/create', at, params: ['cw', 'text'] }, before, after).verdict).toBe('fine');
  });

  it('a param made non-nullable breaks only a call that may pass null there', () => {
    const nullable = model({ version: '1', endpoints: [withParams('notes/create', { type: 'object', properties: { text: { type: ['string', 'null'] } } })] });
    const strict = model({ version: '2', endpoints: [withParams('notes/create', { type: 'object', properties: { text: { type: 'string' } } })] });
    expect(verdict({ kind: 'function', name: 'notes/create', at, params: ['text'], nullable: [] }, nullable, strict).verdict).toBe('fine');
    expect(verdict({ kind: 'function', name: 'notes/create', at, params: ['text'], nullable: ['text'] }, nullable, strict).verdict).toBe('breaks');
    expect(verdict({ kind: 'function', name: 'notes/create', at, params: ['text'] }, nullable, strict).verdict).toBe('breaks');
  });

  it('fillGaps re-sends only the channel params the app gave the channel (all of them when unknown)', () => {
    const channel = { name: 'hashtag', credential: false, permission: null, shared: false, timeline: { endpoint: 'notes/search-by-tag', params: ['q'], rename: { q: 'query' } } };
    const older = { ...model({ version: '1', endpoints: [withParams('notes/search-by-tag', { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'number' } } })] }), channels: [channel] };
    const newer = { ...model({ version: '2', endpoints: [withParams('notes/search-by-tag', { type: 'object', properties: { limit: { type: 'number' } } })] }), channels: [channel] };
    expect(verdict({ kind: 'gap-fill', name: 'hashtag', at, params: [] }, older, newer).verdict).toBe('fine');
    expect(verdict({ kind: 'gap-fill', name: 'hashtag', at, params: ['q'] }, older, newer)).toEqual({ verdict: 'breaks', reasons: ['notes/search-by-tag: param `query` removed'] });
    expect(verdict({ kind: 'gap-fill', name: 'hashtag', at }, older, newer).verdict).toBe('breaks');
  });

  it('a param removed breaks only the calls that pass it; unknown params count as passing every one', () => {
    const after = model({ version: '2', endpoints: [withParams('notes/create', { type: 'object', properties: { text: { type: 'string' } } }), before.endpoints[0]!] });
    expect(verdict({ kind: 'request', name: 'notes/create', at, params: ['text'] }, before, after).verdict).toBe('fine');
    expect(verdict({ kind: 'request', name: 'notes/create', at, params: ['cw'] }, before, after).verdict).toBe('breaks');
    expect(verdict({ kind: 'request', name: 'notes/create', at }, before, after).verdict).toBe('breaks');
  });

  it('a result field made optional breaks the calls that read it, or whose reads are unknown', () => {
    const after = model({ version: '2', endpoints: [before.endpoints[1]!, withResult('i', { type: 'object', properties: { name: { type: 'string' }, avatarUrl: { type: 'string' } }, required: ['name'] })] });
    expect(verdict({ kind: 'request', name: 'i', at, reads: ['name'] }, before, after).verdict).toBe('fine');
    expect(verdict({ kind: 'request', name: 'i', at, reads: ['avatarUrl'] }, before, after).verdict).toBe('breaks');
    expect(verdict({ kind: 'request', name: 'i', at }, before, after).verdict).toBe('breaks');
  });

  it('a new permission, a removed endpoint, a renamed function', () => {
    const after = model({ version: '2', endpoints: [withParams('notes/create', params([]), { permission: 'write:notes', identifier: 'notesPost' })] });
    expect(verdict({ kind: 'request', name: 'notes/create', at, params: [] }, before, after)).toEqual({ verdict: 'needs-permission', reasons: ['notes/create: now requires permission write:notes'] });
    expect(verdict({ kind: 'function', name: 'notes/create', at, params: [] }, before, after).verdict).toBe('breaks');
    expect(verdict({ kind: 'request', name: 'i', at }, before, after).verdict).toBe('missing');
  });

  it('a channel the target lacks is missing; MiAuth and note capture are not judged', () => {
    const withChannel = { ...before, channels: [{ name: 'main', credential: true, permission: null, shared: true, timeline: null }] };
    expect(verdict({ kind: 'channel', name: 'main', at }, withChannel, before).verdict).toBe('missing');
    expect(verdict({ kind: 'channel', name: 'main', at }, withChannel, withChannel).verdict).toBe('fine');
    expect(compatibility([{ kind: 'miauth', name: 'startMiAuth', at }, { kind: 'note-capture', name: 'subNote', at }], before, [target(before)]).rows).toEqual([]);
  });

  it('counts the cells that are not fine', () => {
    const after = model({ version: '2', endpoints: [] });
    expect(compatibility([{ kind: 'request', name: 'i', at }, { kind: 'request', name: 'notes/create', at }], before, [target(before), target(after)]).incompatible).toBe(2);
  });
});

describe.runIf(specsAvailable())('against the real specs', () => {
  let app: AppAnalysis;
  let targets: Target[];
  beforeAll(async () => {
    app = await analyzed(join(CLIENT_APP, 'tsconfig.json'));
    targets = await Promise.all(realSpecs().map(async (s) => ({ label: s.version, location: s.path, model: (await loadModelFrom(s.path)).model })));
  }, 180_000);

  it('marks as missing exactly the endpoint uses whose path is not in the raw document', () => {
    const matrix = compatibility(app.usage.uses, app.model, targets);
    const endpointUses = matrix.rows.filter((r) => r.use.kind !== 'channel' && r.use.kind !== 'gap-fill');
    expect(endpointUses.length).toBeGreaterThan(55);
    realSpecs().forEach((spec, i) => {
      const paths = new Set(Object.keys((JSON.parse(readFileSync(spec.path, 'utf8')) as { paths: object }).paths));
      const independent = endpointUses.filter((r) => !paths.has(`/${r.use.name}`)).map((r) => r.use.name);
      const missing = endpointUses.filter((r) => r.cells[i]!.verdict === 'missing').map((r) => r.use.name);
      expect(missing, spec.version).toEqual(independent);
    });
    // The oldest server lacks some of what the app uses: the check is not vacuous.
    expect(endpointUses.filter((r) => r.cells[0]!.verdict === 'missing').length).toBeGreaterThan(0);
  });

  it('marks as broken every call that leaves out a param the raw document requires (a param made required, on the real pairs)', () => {
    const matrix = compatibility(app.usage.uses, app.model, targets);
    let found = 0;
    realSpecs().forEach((spec, i) => {
      const paths = (JSON.parse(readFileSync(spec.path, 'utf8')) as { paths: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: { required?: string[] } }> } } }> }).paths;
      for (const { use, cells } of matrix.rows) {
        const operation = use.kind === 'channel' || use.kind === 'gap-fill' ? undefined : paths[`/${use.name}`]?.post;
        if (!operation || use.params === undefined) continue;
        const left = (operation.requestBody?.content?.['application/json']?.schema?.required ?? []).filter((p) => !use.params!.includes(p));
        if (left.length === 0) continue;
        found++;
        expect(cells[i]!.verdict, `${use.name} on ${spec.version}`).toBe('breaks');
        for (const param of left) expect(cells[i]!.reasons.join('\n'), `${use.name} on ${spec.version}`).toMatch(new RegExp(`param \`${param}\`.*required`));
      }
    });
    // antennas/create and antennas/update require `notify` on 13.14.2, which the app's (2026.7.0) params do not have.
    expect(found).toBeGreaterThanOrEqual(2);
  });

  it.runIf(hasSpecs('a param made required between real versions', '2024.11.0', '2025.11.1'))('finds the params admin/queue/clear made required in 2025.11.1, for a call that does not pass them', async () => {
    const [older, newer] = await Promise.all(['2024.11.0', '2025.11.1'].map(async (v) => (await loadModelFrom(realSpec(v)!.path)).model));
    const use: Use = { kind: 'function', name: 'admin/queue/clear', at, params: [] };
    const cell = verdict(use, older!, newer!);
    expect(cell.verdict).toBe('breaks');
    expect(cell.reasons.join('\n')).toMatch(/param `queue` added \(required\)/);
    expect(verdict({ ...use, params: ['queue', 'state'] }, older!, newer!).verdict).toBe('fine');
  });
});
