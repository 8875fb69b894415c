/**
 * Reading `tsc --extendedDiagnostics`. TypeScript 5.9 and TypeScript 7 print different sets of
 * lines; the figures compared (types, instantiations, memory, check and total time) exist in both.
 */

const FIELDS = {
  files: /^Files:\s+(\d+)/m,
  types: /^Types:\s+(\d+)/m,
  instantiations: /^Instantiations:\s+(\d+)/m,
  memoryKB: /^Memory used:\s+(\d+)K/m,
  checkS: /^Check time:\s+([\d.]+)s/m,
  totalS: /^Total time:\s+([\d.]+)s/m,
};

/**
 * @param {string} output
 * @returns {{ files: number, types: number, instantiations: number, memoryKB: number, checkS: number, totalS: number, errors: number, firstError: string }}
 */
export function parseDiagnostics(output) {
  const result = {};
  for (const [key, re] of Object.entries(FIELDS)) {
    const m = re.exec(output);
    result[key] = m ? Number(m[1]) : NaN;
  }
  // `file(line,col): error TS1234: …` with --pretty false; the count tells a clean compile from a broken one.
  result.errors = (output.match(/error TS\d+:/g) ?? []).length;
  result.firstError = /^.*error TS\d+:.*$/m.exec(output)?.[0] ?? '';
  return result;
}
