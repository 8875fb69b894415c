/**
 * The report: one Markdown table per measurement, then the targets. Columns are padded so the same
 * text reads well on a terminal and renders as tables in bench/RESULTS.md.
 */

const na = 'n/a';
const ok = (n) => typeof n === 'number' && Number.isFinite(n);

export const fmt = {
  ms: (n) => (ok(n) ? (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n >= 100 ? 0 : 1)} ms`) : na),
  us: (n) => (ok(n) ? `${n.toFixed(n >= 100 ? 0 : 1)} µs` : na),
  ratio: (n) => (ok(n) ? `${n.toFixed(n >= 10 ? 1 : 2)}×` : na),
  int: (n) => (ok(n) ? Math.round(n).toLocaleString('en-US') : na),
  signedInt: (n) => (ok(n) ? `${n > 0 ? '+' : ''}${Math.round(n).toLocaleString('en-US')}` : na),
  mb: (kb) => (ok(kb) ? `${(kb / 1024).toFixed(0)} MB` : na),
  bytes: (n) => (ok(n) ? (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : n >= 1024 ? `${(n / 1024).toFixed(2)} KB` : `${n} B`) : na),
  num: (n, digits = 2) => (ok(n) ? n.toFixed(digits) : na),
  rate: (n) => (ok(n) ? `${Math.round(n).toLocaleString('en-US')}/s` : na),
};

/** Cells are stringified; `|` is escaped so a cell cannot break the table. */
export function renderTable(columns, rows) {
  const cells = [columns, ...rows].map((row) => row.map((c) => String(c ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')));
  const widths = columns.map((_, i) => Math.max(3, ...cells.map((row) => (row[i] ?? '').length)));
  // Numbers (and ratios, sizes) are right-aligned; the first column and text are left-aligned.
  const numeric = columns.map((_, i) => i > 0 && rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+|^(n\/a|—|)$/.test(String(r[i] ?? ''))));
  const line = (row) => '| ' + row.map((c, i) => (numeric[i] ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i]))).join(' | ') + ' |';
  const rule = '|' + widths.map((w, i) => (numeric[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** `met` is true, false, or null when the figure could not be measured. */
export function verdict(met) {
  return met === true ? 'met' : met === false ? '**missed**' : 'not measured';
}

/** A section: `{ title, intro?, tables: [{ caption?, columns, rows }], notes?: string[], targets?: [...] }`. */
export function renderSection(section) {
  const out = [`## ${section.title}`, ''];
  if (section.intro) out.push(section.intro, '');
  if (section.error) out.push(`**Failed:** ${section.error}`, '');
  for (const table of section.tables ?? []) {
    if (table.caption) out.push(table.caption, '');
    out.push(renderTable(table.columns, table.rows), '');
  }
  for (const note of section.notes ?? []) out.push(`- ${note}`);
  if (section.notes?.length) out.push('');
  return out.join('\n');
}

export function renderTargets(sections) {
  const rows = sections.flatMap((s) => (s.targets ?? []).map((t) => [t.name, t.target, t.display, verdict(t.met)]));
  return renderTable(['target', 'wanted', 'measured', 'verdict'], rows);
}

/** The whole report: heading, environment, targets first (the summary), then each measurement. */
export function renderReport({ meta, sections }) {
  const out = ['# Benchmarks', ''];
  out.push(
    `Measured by \`npm run bench\`${meta.quick ? ' (`--quick`: fewer repetitions)' : ''} on ${meta.date}: ${meta.machine}; ${meta.load}${meta.minutes ? `; ${meta.minutes.toFixed(1)} min in all` : ''}. ` +
      'Figures are medians of the repetitions shown; ratios are ours / peer from the same run, so they hold better than the absolute times, which vary with the machine and its load.',
    '',
  );
  out.push(renderTable(['tool', 'version'], meta.versions), '');
  out.push('## Targets', '', renderTargets(sections), '');
  for (const section of sections) out.push(renderSection(section));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
