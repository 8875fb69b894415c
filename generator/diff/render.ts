/**
 * Diffs for people (grouped text) and for tools (JSON). Every changed thing says how it affects a
 * caller (breaking, refinement, compatible) and, for params and results, which way its values
 * moved (tightened, loosened). Names, enum values and property names come from the spec, which
 * the user does not control: text output escapes control and bidi characters so a hostile spec
 * cannot rewrite the terminal or disguise a line.
 */
import { jsonLine, terminalLine } from '../emit/safe.js';
import type { ApiDiff, Change, ModelIdentity, Severity } from './types.js';

export interface RenderOptions {
  /** Show only breaking changes (the counts still cover everything). */
  breakingOnly?: boolean;
}

const INDENT = '  ';

export function renderText(diff: ApiDiff, options: RenderOptions = {}): string {
  const lines: string[] = [`${name(diff.from)} → ${name(diff.to)}`, counts(diff), verdict(diff)];
  const keep = (c: Change) => !options.breakingOnly || c.severity === 'breaking';
  const changes = diff.changes.filter(keep);

  const added = changes.filter((c) => c.kind === 'endpoint-added');
  const removed = changes.filter((c) => c.kind === 'endpoint-removed');
  section(lines, `Endpoints added (${added.length}), compatible`, added.map((c) => `+ ${c.endpoint} ${c.message.replace(/^added /, '')}`));
  section(lines, `Endpoints removed (${removed.length}), breaking`, removed.map((c) => `- ${c.endpoint}`));
  grouped(lines, 'Endpoints changed', changes.filter((c) => c.endpoint !== undefined && c.kind !== 'endpoint-added' && c.kind !== 'endpoint-removed'), (c) => c.endpoint ?? '');

  const schemasAdded = changes.filter((c) => c.kind === 'schema-added');
  const schemasRemoved = changes.filter((c) => c.kind === 'schema-removed');
  section(lines, `Schemas added (${schemasAdded.length}), compatible`, schemasAdded.map((c) => `+ ${c.schema}`));
  section(lines, `Schemas removed (${schemasRemoved.length}), breaking`, schemasRemoved.map((c) => `- ${c.schema}`));
  grouped(lines, 'Schemas changed', changes.filter((c) => c.schema !== undefined && c.kind !== 'schema-added' && c.kind !== 'schema-removed'), (c) => c.schema ?? '');

  const permissions = changes.filter((c) => c.kind === 'permission-name-added' || c.kind === 'permission-name-removed');
  section(lines, `Permissions (${permissions.length})`, permissions.map(judged));
  return lines.map(terminalLine).join('\n') + '\n';
}

/**
 * A few lines for `generate` when it replaces a package: the counts and every breaking change
 * (up to `limit`); compatible changes only as a count.
 */
export function renderSummary(diff: ApiDiff, limit = 30): string {
  if (diff.changes.length === 0) {
    const same = diff.from.specSha256 === diff.to.specSha256 ? 'same spec' : 'the spec differs only in text that does not change the client';
    return terminalLine(`API unchanged since the previous generation (${name(diff.to)}; ${same}).`) + '\n';
  }
  const lines = [`API changes since the previous generation (${name(diff.from)} → ${name(diff.to)}):`, INDENT + counts(diff), INDENT + verdict(diff)];
  const breaking = diff.changes.filter((c) => c.severity === 'breaking');
  for (const c of breaking.slice(0, limit)) lines.push(`${INDENT}! ${target(c)}${c.message}${moved(c)}`);
  if (breaking.length > limit) lines.push(`${INDENT}… and ${breaking.length - limit} more breaking changes (--json lists every change)`);
  return lines.map(terminalLine).join('\n') + '\n';
}

/** The whole diff as one JSON value (what `--json` prints), after any `extra` fields (e.g. where each side came from). */
export function renderJson(diff: ApiDiff, extra: Record<string, unknown> = {}): string {
  // Spec text stays data: hidden and control characters are \u escapes, as in every JSON we print.
  return jsonLine(JSON.stringify({ ...extra, ...diff }, null, 2)) + '\n';
}

function name(id: ModelIdentity): string {
  return `${id.software} ${id.version}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function counts(diff: ApiDiff): string {
  const s = diff.summary;
  return [
    `endpoints: ${s.endpointsAdded} added, ${s.endpointsRemoved} removed, ${s.endpointsChanged} changed`,
    `schemas: ${s.schemasAdded} added, ${s.schemasRemoved} removed, ${s.schemasChanged} changed`,
    `permissions: ${s.permissionsAdded} added, ${s.permissionsRemoved} removed`,
  ].join('; ');
}

function verdict(diff: ApiDiff): string {
  const s = diff.summary;
  if (s.breaking + s.refinement + s.compatible === 0) return 'No changes.';
  return `${plural(s.breaking, 'breaking change')}, ${plural(s.refinement, 'refinement')}, ${s.compatible} compatible.`;
}

/** A mark to scan by, and the word: `! breaking`, `~ refinement`, `· compatible`. */
const SEVERITY: Readonly<Record<Severity, string>> = { breaking: '! breaking  ', refinement: '~ refinement', compatible: '· compatible' };

/** One change as a line: how it affects a caller, what changed, and which way the values moved. */
function judged(c: Change): string {
  return `${SEVERITY[c.severity]}  ${c.message}${moved(c)}`;
}

/** For params, results and schemas: `(tightened)` or `(loosened)`; the severity says what that means here. */
function moved(c: Change): string {
  return c.scope !== undefined && (c.effect === 'tightened' || c.effect === 'loosened') ? ` (${c.effect})` : '';
}

function target(c: Change): string {
  if (c.endpoint !== undefined) return `${c.endpoint}: `;
  if (c.schema !== undefined) return `${c.schema}: `;
  return '';
}

function section(lines: string[], title: string, items: string[]): void {
  if (items.length === 0) return;
  lines.push('', title, ...items.map((i) => INDENT + i));
}

function grouped(lines: string[], title: string, changes: Change[], key: (c: Change) => string): void {
  if (changes.length === 0) return;
  const groups = new Map<string, Change[]>();
  for (const c of changes) {
    const k = key(c);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  lines.push('', `${title} (${groups.size})`);
  for (const [k, list] of groups) {
    lines.push(INDENT + k);
    for (const c of list) lines.push(`${INDENT}${INDENT}${judged(c)}`);
  }
}
