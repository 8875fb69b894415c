/**
 * `usage` for people (text), for tools (JSON) and for a pull-request comment (Markdown). Names come
 * from the app's code and the package's model (which came from a spec): text output escapes what could
 * rewrite a terminal, JSON hides no character (escaped the JSON way), Markdown escapes what could
 * change the table or hide a character.
 */
import { markdownText } from '../diff/index.js';
import { jsonLine, terminalLine } from '../emit/safe.js';
import type { Matrix, Verdict } from './compat.js';
import type { AppAnalysis } from './index.js';
import type { Place, Use } from './types.js';

const SIGN: Readonly<Record<Verdict, string>> = { fine: 'ok', 'needs-permission': 'needs permission', breaks: 'breaks', missing: 'missing' };

export function at(place: Place): string {
  return `${place.file}:${place.line}`;
}

function described(use: Use): string {
  const via = use.via ? ` (through ${at(use.via)})` : '';
  const asked = use.permissions ? ` asks for ${use.permissions.join(',') || 'no permission'}` : '';
  return `${at(use.at)}  ${use.kind} ${use.name}${asked}${via}`;
}

export function renderUsageText(analysis: AppAnalysis, matrix?: Matrix): string {
  const { usage, needs, model } = analysis;
  const lines = [`${usage.files} file(s) use ${usage.packageDir} (${model.source.software} ${model.source.version}): ${usage.uses.length} use(s), ${usage.unresolved.length} unresolved`];
  lines.push('', `Uses (${usage.uses.length}):`, ...usage.uses.map((u) => `  ${described(u)}`));
  if (usage.unresolved.length > 0) lines.push('', `Unresolved (${usage.unresolved.length}): the checker knows only the type, so no name is guessed`, ...usage.unresolved.map((u) => `  ${at(u.at)}  ${u.kind} of type ${u.type}`));
  lines.push('', `Permissions (${needs.permissions.length}): ${needs.permissions.join(',') || 'none'}`);
  lines.push(`Credential: ${needs.credential.length > 0 ? `needed by ${needs.credential.length} use(s), first at ${at(needs.credential[0]!)}` : 'not needed'}`);
  lines.push(`Internal endpoints: ${needs.internal.length > 0 ? needs.internal.map((i) => `${i.name} (${at(i.at)})`).join(', ') + ' — app tokens are refused' : 'none'}`);
  if (needs.droppedByApproval.length > 0) lines.push(`Dropped by the MiAuth approval page: ${needs.droppedByApproval.join(', ')} (a MiAuth token will not hold them)`);
  if (needs.unknown.length > 0) lines.push(`Not in the package: ${needs.unknown.map((u) => `${u.name} (${at(u.at)})`).join(', ')}`);
  if (needs.neededButNotAsked.length > 0) lines.push(`MiAuth does not ask for: ${needs.neededButNotAsked.join(', ')}`);
  if (needs.askedButUnused.length > 0) lines.push(`MiAuth asks for, but no use needs: ${needs.askedButUnused.join(', ')}`);
  if (matrix) lines.push('', ...matrixText(matrix));
  return lines.map(terminalLine).join('\n') + '\n';
}

function matrixText(matrix: Matrix): string[] {
  const lines = [`Compatibility (${matrix.incompatible} incompatible cell(s)):`];
  matrix.targets.forEach((t, i) => lines.push(`  [${i + 1}] ${t.label} (${t.location})`));
  for (const row of matrix.rows) {
    lines.push(`  ${at(row.use.at)}  ${row.use.kind} ${row.use.name}: ${row.cells.map((c, i) => `[${i + 1}] ${SIGN[c.verdict]}`).join('  ')}`);
    for (const [i, cell] of row.cells.entries()) for (const reason of cell.reasons) lines.push(`      [${i + 1}] ${reason}`);
  }
  return lines;
}

export function renderUsageJson(analysis: AppAnalysis, matrix?: Matrix): string {
  const { usage, needs, model } = analysis;
  const compatibility = matrix ? { compatibility: { targets: matrix.targets, incompatible: matrix.incompatible, rows: matrix.rows.map((r) => ({ kind: r.use.kind, name: r.use.name, at: r.use.at, cells: r.cells })) } } : {};
  return jsonLine(JSON.stringify({ ok: true, package: { dir: usage.packageDir, software: model.source.software, version: model.source.version }, files: usage.files, uses: usage.uses, unresolved: usage.unresolved, needs, ...compatibility }, null, 2)) + '\n';
}

/** A permission as a Markdown code span, to copy as it is: a backtick would end the span; a hidden character is shown escaped (the one line of terminalLine). */
function codeSpan(text: string): string {
  return `\`${terminalLine(text).replace(/`/g, '')}\``;
}

export function renderUsageMarkdown(analysis: AppAnalysis, matrix?: Matrix): string {
  const { usage, needs, model } = analysis;
  const lines = [`### API usage of ${markdownText(usage.packageDir)} (${markdownText(`${model.source.software} ${model.source.version}`)})`, ''];
  lines.push(`${usage.uses.length} use(s) in ${usage.files} file(s), ${usage.unresolved.length} unresolved.`, '');
  lines.push(`**Permissions:** ${needs.permissions.map(codeSpan).join(', ') || 'none'}`, '');
  if (needs.internal.length > 0) lines.push(`**Internal endpoints** (app tokens are refused): ${needs.internal.map((i) => `${markdownText(i.name)} (${markdownText(at(i.at))})`).join(', ')}`, '');
  if (needs.droppedByApproval.length > 0) lines.push(`**Dropped by the MiAuth approval page:** ${needs.droppedByApproval.map(markdownText).join(', ')}`, '');
  if (usage.unresolved.length > 0) lines.push(`**Unresolved:** ${usage.unresolved.map((u) => `${markdownText(at(u.at))} ${u.kind}`).join(', ')}`, '');
  if (matrix) {
    lines.push(`| use | where | ${matrix.targets.map((t) => markdownText(t.label)).join(' | ')} |`, `|---|---|${matrix.targets.map(() => '---|').join('')}`);
    for (const row of matrix.rows) {
      const cells = row.cells.map((c) => (c.verdict === 'fine' ? '✅' : `❌ ${SIGN[c.verdict]}`));
      lines.push(`| ${row.use.kind} ${markdownText(row.use.name)} | ${markdownText(at(row.use.at))} | ${cells.join(' | ')} |`);
    }
    const reasons = matrix.rows.flatMap((r) => r.cells.flatMap((c, i) => c.reasons.map((reason) => `- ${markdownText(matrix.targets[i]!.label)}, ${markdownText(at(r.use.at))}: ${markdownText(reason)}`)));
    if (reasons.length > 0) lines.push('', '<details><summary>Why</summary>', '', ...reasons, '', '</details>');
    lines.push('', `${matrix.incompatible} incompatible cell(s).`);
  }
  return lines.join('\n') + '\n';
}
