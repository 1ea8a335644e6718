// Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words").

export interface TermCounts {
  /** Comments of side A (e.g. detractors) containing the term. */
  a: number;
  /** Comments of side B (e.g. promoters) containing the term. */
  b: number;
  /** Comments of every side (the prior's corpus, passives included) containing the term. */
  all: number;
}

/** How much the prior weighs against the data: the whole corpus counted a tenth of a time. */
export const PRIOR_WEIGHT = 0.1;

/**
 * z-scores of each term's log-odds ratio between sides A and B: positive leans to A. The prior is the
 * whole corpus (α_w = weight × its count of w, α₀ = their sum), which keeps a term seen once or twice
 * from standing out: δ = log((a+α)/(nA+α₀−a−α)) − log((b+α)/(nB+α₀−b−α)), σ² ≈ 1/(a+α) + 1/(b+α), z = δ/σ.
 */
export function logOddsZ(counts: ReadonlyMap<string, TermCounts>, weight = PRIOR_WEIGHT): Map<string, number> {
  let nA = 0;
  let nB = 0;
  let alpha0 = 0;
  for (const c of counts.values()) {
    nA += c.a;
    nB += c.b;
    alpha0 += weight * c.all;
  }
  const out = new Map<string, number>();
  for (const [term, { a, b, all }] of counts) {
    const alpha = weight * all;
    if (alpha <= 0) continue;
    const delta = Math.log((a + alpha) / (nA + alpha0 - a - alpha)) - Math.log((b + alpha) / (nB + alpha0 - b - alpha));
    out.set(term, delta / Math.sqrt(1 / (a + alpha) + 1 / (b + alpha)));
  }
  return out;
}
