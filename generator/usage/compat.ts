/**
 * The app's uses against another server's API: for each use and target, whether the endpoint or
 * channel is missing there, changed in a way that breaks this use, needs a permission (or credential)
 * the app's token may not hold, or is fine. The changes come from generator/diff (the package's model
 * as the old side, the target as the new one); this file only decides which of them touch a use: a
 * param change when the app passes that param (or a param made required that it does not pass), a
 * result change when the app reads that field (or when the checker cannot see what it reads).
 */
import { diffModels, type Change } from '../diff/index.js';
import type { ApiModel } from '../model/types.js';
import type { Use } from './types.js';

export type Verdict = 'missing' | 'breaks' | 'needs-permission' | 'fine';

export interface Cell {
  verdict: Verdict;
  /** The changes behind the verdict, one line each ('param `x` is now required'). */
  reasons: string[];
}

export interface Target {
  /** `misskey 2025.11.1`. */
  label: string;
  location: string;
  model: ApiModel;
}

export interface Matrix {
  targets: { label: string; location: string }[];
  /** One row per use the package knows, in the uses' order; cells in the targets' order. */
  rows: { use: Use; cells: Cell[] }[];
  incompatible: number;
}

/** Worst first: a row's verdict on a target is the worst of its reasons. */
const RANK: Readonly<Record<Verdict, number>> = { missing: 3, breaks: 2, 'needs-permission': 1, fine: 0 };

/** Uses of these kinds reach an endpoint; their name is the endpoint's (gap-fill: the channel's timeline endpoint). */
const ENDPOINT_KINDS = new Set<Use['kind']>(['function', 'request', 'paginate', 'gap-fill']);

/** Endpoint changes that touch every caller, and what they mean for one. */
const ACCESS: Partial<Record<Change['kind'], Verdict>> = {
  'credential-changed': 'needs-permission',
  'permission-changed': 'needs-permission',
  'internal-changed': 'breaks',
  'body-kind-changed': 'breaks',
  'result-kind-changed': 'breaks',
};

export function compatibility(uses: readonly Use[], app: ApiModel, targets: readonly Target[]): Matrix {
  const judged = uses.filter((u) => u.kind !== 'miauth' && u.kind !== 'note-capture' && u.kind !== 'unlisted');
  const diffs = targets.map((t) => byEndpoint(diffModels(app, t.model).changes));
  const rows = judged.map((use) => ({ use, cells: targets.map((t, i) => cellOf(use, app, t.model, diffs[i]!)) }));
  return {
    targets: targets.map((t) => ({ label: t.label, location: t.location })),
    rows,
    incompatible: rows.reduce((n, r) => n + r.cells.filter((c) => c.verdict !== 'fine').length, 0),
  };
}

function cellOf(given: Use, app: ApiModel, target: ApiModel, changes: ReadonlyMap<string, Change[]>): Cell {
  let use = given;
  if (use.kind === 'channel') return channelCell(use.name, app, target);
  const endpoint = use.kind === 'gap-fill' ? app.channels.find((c) => c.name === use.name)?.timeline?.endpoint : use.name;
  if (endpoint === undefined || !ENDPOINT_KINDS.has(use.kind)) return { verdict: 'fine', reasons: [] };
  if (use.kind === 'gap-fill') {
    const channel = channelCell(use.name, app, target);
    if (channel.verdict !== 'fine') return channel;
    use = { ...use, params: gapFillParams(app, use.name, use.params) };
  }
  if (!target.endpoints.some((e) => e.name === endpoint)) return { verdict: 'missing', reasons: [`${endpoint} is not on this server`] };
  let verdict: Verdict = 'fine';
  const reasons: string[] = [];
  for (const change of changes.get(endpoint) ?? []) {
    const found = touches(change, use);
    if (found === undefined) continue;
    reasons.push(`${endpoint}: ${change.message}`);
    if (RANK[found] > RANK[verdict]) verdict = found;
  }
  return { verdict, reasons };
}

/** What one breaking change of the endpoint means for this use, or undefined when it does not touch it. */
function touches(change: Change, use: Use): Verdict | undefined {
  if (change.severity !== 'breaking') return undefined;
  const access = ACCESS[change.kind];
  if (access !== undefined) return access;
  // A renamed function breaks only the code that calls it by that name.
  if (change.kind === 'identifier-changed') return use.kind === 'function' && change.message.startsWith('function') ? 'breaks' : undefined;
  if (change.scope === 'params') {
    const top = topOf(change.path ?? '');
    // Unknown params (not visible to the checker): every params change may touch the call.
    if (top === '' || use.params === undefined) return 'breaks';
    const passed = use.params.includes(top);
    const demanded = change.kind === 'property-required' || (change.kind === 'property-added' && change.effect === 'tightened');
    // A param made required breaks a call that leaves it out; inside a param (`poll.expiresAt`), only a call that passes the param.
    if (demanded && change.path === top) return passed ? undefined : 'breaks';
    // Null refused where the call never passes null: nothing it sends is refused.
    if (change.kind === 'nullable-changed' && change.effect === 'tightened' && change.path === top && use.nullable !== undefined) return use.nullable.includes(top) ? 'breaks' : undefined;
    return passed ? 'breaks' : undefined;
  }
  if (change.scope === 'result') {
    const top = topOf(change.path ?? '');
    if (top === '' || use.reads === undefined) return 'breaks';
    return use.reads.includes(top) ? 'breaks' : undefined;
  }
  // Removed error codes: the app's `isEndpointError` checks are not followed (yet); the diff lists them.
  return undefined;
}

function channelCell(name: string, app: ApiModel, target: ApiModel): Cell {
  const before = app.channels.find((c) => c.name === name);
  const after = target.channels.find((c) => c.name === name);
  if (!after) return { verdict: 'missing', reasons: [`channel ${name} is not on this server`] };
  const reasons: string[] = [];
  if (before && after.permission !== before.permission && after.permission !== null) reasons.push(`channel ${name}: now requires permission ${after.permission}`);
  if (before && after.credential && !before.credential) reasons.push(`channel ${name}: now requires a credential`);
  return { verdict: reasons.length > 0 ? 'needs-permission' : 'fine', reasons };
}

/**
 * What fillGaps sends to a channel's timeline endpoint (runtime/stream/gap.ts): a page size, where to
 * start, and the channel params the endpoint shares, under the endpoint's own names.
 */
const GAP_FILL_PARAMS = ['limit', 'sinceId', 'sinceDate'];

/** `passed`: the params the app gives the channel (undefined when unknown: then every one it shares with the endpoint). */
function gapFillParams(app: ApiModel, channel: string, passed: readonly string[] | undefined): string[] {
  const timeline = app.channels.find((c) => c.name === channel)?.timeline;
  const shared = (timeline?.params ?? []).filter((p) => passed === undefined || passed.includes(p));
  return [...GAP_FILL_PARAMS, ...shared.map((p) => timeline?.rename?.[p] ?? p)];
}

/** `poll.choices[]` → `poll`. */
function topOf(path: string): string {
  return path.split(/[.[]/)[0] ?? '';
}

function byEndpoint(changes: readonly Change[]): Map<string, Change[]> {
  const map = new Map<string, Change[]>();
  for (const change of changes) if (change.endpoint !== undefined) map.set(change.endpoint, [...(map.get(change.endpoint) ?? []), change]);
  return map;
}
