/** The probe's report for people (text) and for tools (JSON). Neither ever holds the token: the command redacts all output. */
import { jsonLine, terminalLine } from '../emit/safe.js';
import { formatMismatch } from '../../runtime/validate.js';
import { notAllowedReason } from './not-allowed.js';
import { SKIP_REASONS, type SkipReason } from './plan.js';
import type { ProbeReport, ProbeResult } from './run.js';

/** Reasons that differ per endpoint, so each entry carries its own detail. */
const DETAILED: ReadonlySet<SkipReason> = new Set(['side-effect', 'required-params', 'write-permission']);
const NAMES_SHOWN = 12;

export function formatText(report: ProbeReport): string {
  const { counts } = report;
  const lines: string[] = [];
  lines.push(
    `Probed ${report.server.software} ${report.server.version} at ${report.origin} ${report.authenticated ? 'with a token' : 'anonymously'}.`,
    `Called ${counts.called} endpoints: ${counts.passed} passed, ${counts.mismatched} mismatched, ${counts.failed} failed, ` +
      `${counts.notAllowed} not allowed ${forWhom(report)}; ${counts.skipped} skipped.`,
  );

  const passed = report.results.filter((r) => r.status === 'passed').map((r) => r.endpoint);
  if (passed.length) lines.push('', `Passed: ${passed.length}`, `  ${names(passed)}`);

  const mismatched = report.results.filter((r) => r.status === 'mismatched');
  if (mismatched.length) {
    lines.push('', 'Mismatches (the server sent what the spec does not allow):');
    for (const r of mismatched) lines.push(`  ${r.endpoint}${paramsNote(r)}`, ...groupMismatches(r).map((l) => `    ${l}`));
  }

  const failed = report.results.filter((r) => r.status === 'failed');
  if (failed.length) {
    lines.push('', 'Failed calls:');
    for (const r of failed) {
      // Runtime errors already start with the endpoint name.
      const message = r.error?.message ?? `${r.endpoint} failed`;
      lines.push(`  ${message.startsWith(`${r.endpoint} `) ? message : `${r.endpoint}: ${message}`}${paramsNote(r)}`);
    }
  }

  const refused = report.results.filter((r) => r.status === 'not-allowed');
  if (refused.length) {
    lines.push('', `Not allowed ${forWhom(report)} (the server refused the caller: not drift, not a failure, not checked): ${refused.length}`);
    const byCode = new Map<string, string[]>();
    for (const r of refused) {
      const code = r.error?.code ?? '';
      byCode.set(code, [...(byCode.get(code) ?? []), r.endpoint]);
    }
    for (const [code, endpoints] of byCode) lines.push(`  ${code} — ${notAllowedReason(code) ?? ''}: ${endpoints.length}`, `    ${names(endpoints)}`);
  }

  if (report.skipped.length) {
    lines.push('', 'Skipped:');
    const groups = new Map<SkipReason, string[]>();
    for (const s of report.skipped) {
      const entry = DETAILED.has(s.reason) ? `${s.endpoint} (${s.detail})` : s.endpoint;
      groups.set(s.reason, [...(groups.get(s.reason) ?? []), entry]);
    }
    for (const [reason, entries] of groups) lines.push(`  ${SKIP_REASONS[reason]}: ${entries.length}`, `    ${names(entries)}`);
  }

  lines.push('', verdict(report));
  // Endpoint names, codes and messages come from the spec and the server: each line stays one visible line.
  return lines.map(terminalLine).join('\n') + '\n';
}

export function formatJson(report: ProbeReport): string {
  return jsonLine(JSON.stringify(report)) + '\n';
}

/** Same drift in every element of an array is one line: `$[*].user.name: … (×100)`. */
function groupMismatches(r: ProbeResult): string[] {
  const groups = new Map<string, { line: string; count: number; value: string }>();
  for (const m of r.mismatches) {
    const general = m.path.replace(/\[\d+\]/g, '[*]');
    const key = `${general}\u0000${m.expected}\u0000${m.actual}`;
    const group = groups.get(key);
    // With --show-values, the value of the first occurrence.
    const value = 'value' in m ? ` (value: ${truncate(JSON.stringify(m.value) ?? 'undefined')})` : '';
    if (group) {
      group.count++;
      group.line = formatMismatch({ ...m, path: general }) + group.value;
    } else groups.set(key, { line: formatMismatch(m) + value, count: 1, value });
  }
  return [...groups.values()].map((g) => (g.count > 1 ? `${g.line} (×${g.count})` : g.line));
}

function names(list: string[]): string {
  const more = list.length > NAMES_SHOWN ? `, … and ${list.length - NAMES_SHOWN} more (see --json)` : '';
  return list.slice(0, NAMES_SHOWN).join(', ') + more;
}

function paramsNote(r: ProbeResult): string {
  return Object.keys(r.params).length ? ` ${JSON.stringify(r.params)}` : '';
}

function verdict(report: ProbeReport): string {
  const { counts } = report;
  if (report.ok) {
    const unchecked = counts.notAllowed ? ` (${counts.notAllowed} not allowed ${forWhom(report)}, so not checked)` : '';
    return `Every endpoint called answered as its spec says${unchecked}.`;
  }
  const problems = [
    counts.mismatched ? `${counts.mismatched} endpoint(s) with mismatches` : '',
    counts.failed ? `${counts.failed} failed call(s)` : '',
  ];
  return `Not conforming: ${problems.filter(Boolean).join(', ')}.`;
}

function forWhom(report: ProbeReport): string {
  return report.authenticated ? 'for this account' : 'without an account';
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
