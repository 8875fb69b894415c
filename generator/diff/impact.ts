/**
 * The one rule that turns what a change does to values into what it means for a caller. Params
 * travel from the caller to the server: a tightened param refuses values the caller may send
 * (breaking), a loosened one accepts more (compatible). Results travel the other way: a loosened
 * result may hand the caller values its code does not expect (breaking), a tightened one is a
 * refinement (the caller's code still handles everything it can now receive).
 */
import type { Direction, Effect, Severity } from './types.js';

export const IMPACT: Readonly<Record<Effect, Readonly<Record<Direction, Severity>>>> = {
  tightened: { input: 'breaking', output: 'refinement' },
  loosened: { input: 'compatible', output: 'breaking' },
  changed: { input: 'breaking', output: 'breaking' },
  neutral: { input: 'compatible', output: 'compatible' },
};

const RANK: Readonly<Record<Severity, number>> = { compatible: 0, refinement: 1, breaking: 2 };

/** The severity for a value that travels in each of `directions` (a schema both sent and received): the worst of them. */
export function impactOf(effect: Effect, directions: readonly Direction[]): Severity {
  let worst: Severity = 'compatible';
  for (const direction of directions) {
    const severity = IMPACT[effect][direction];
    if (RANK[severity] > RANK[worst]) worst = severity;
  }
  return worst;
}

/** Breaking first, then refinements, then compatible; stable within each. */
export function bySeverity<T extends { severity: Severity }>(changes: readonly T[]): T[] {
  return [...changes].sort((a, b) => RANK[b.severity] - RANK[a.severity]);
}
