// Holm's step-down correction: adjusted p-values that keep the family-wise error rate across many tests.

/**
 * Holm-adjusted p-values, in the input's order. The i-th smallest p (from 0) is multiplied by m − i,
 * and the adjusted values are made non-decreasing in that order, capped at 1.
 *
 * @example holm([0.01, 0.04, 0.03]) // → [0.03, 0.06, 0.06]
 */
export function holm(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
