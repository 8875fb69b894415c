/**
 * A diff as Markdown, for a pull-request body or comment (`diff --markdown`, `generate --markdown`):
 * the counts, then every breaking change and refinement in a table, compatible changes folded away.
 * Names and messages come from specs: everything that could open markup, a link or a table cell is
 * escaped, and hidden characters are made visible.
 */
import { terminalLine } from '../emit/safe.js';
import type { ApiDiff, Change, ModelIdentity } from './types.js';

/** Text for a table cell or a line: one line, no markup. */
export function markdownText(text: string): string {
  return terminalLine(text.replace(/\r\n|[\n\r\u2028\u2029]/g, ' ')).replace(/[\\`*_[\]<>|#~!]/g, (c) => `\\${c}`);
}

const MARK: Readonly<Record<Change['severity'], string>> = { breaking: '❗ breaking', refinement: '🔹 refinement', compatible: 'compatible' };

function name(id: ModelIdentity): string {
  return markdownText(`${id.software} ${id.version}`);
}

function where(c: Change): string {
  return markdownText(c.endpoint ?? c.schema ?? 'permissions');
}

function table(changes: readonly Change[]): string[] {
  return ['| | where | change |', '|---|---|---|', ...changes.map((c) => `| ${MARK[c.severity]} | ${where(c)} | ${markdownText(c.message)}${c.scope !== undefined && (c.effect === 'tightened' || c.effect === 'loosened') ? ` (${c.effect})` : ''} |`)];
}

export function renderMarkdown(diff: ApiDiff): string {
  const s = diff.summary;
  const lines = [`### API changes: ${name(diff.from)} → ${name(diff.to)}`, ''];
  if (diff.changes.length === 0) return [...lines, 'No changes.', ''].join('\n');
  lines.push(
    `**${s.breaking} breaking**, ${s.refinement} refinement(s), ${s.compatible} compatible.`,
    `Endpoints: ${s.endpointsAdded} added, ${s.endpointsRemoved} removed, ${s.endpointsChanged} changed. Schemas: ${s.schemasAdded} added, ${s.schemasRemoved} removed, ${s.schemasChanged} changed. Permissions: ${s.permissionsAdded} added, ${s.permissionsRemoved} removed.`,
    '',
  );
  const notable = diff.changes.filter((c) => c.severity !== 'compatible');
  if (notable.length > 0) lines.push(...table(notable), '');
  const compatible = diff.changes.filter((c) => c.severity === 'compatible');
  if (compatible.length > 0) lines.push(`<details><summary>${compatible.length} compatible change(s)</summary>`, '', ...table(compatible), '', '</details>', '');
  return lines.join('\n');
}

/** For `generate --markdown` without an earlier package to compare with. */
export function renderFirstGeneration(id: ModelIdentity, endpoints: number): string {
  return [`### API: ${name(id)}`, '', `First generation: ${endpoints} endpoints; no earlier package to compare with.`, ''].join('\n');
}
