// Shapley decomposition of R²: each predictor's average gain in explained variance over every order of entry.

/** Rows packed into one Float64Array (row-major), so resampling and summing run over flat memory. */
export interface Packed {
  data: Float64Array;
  n: number;
  k: number;
}

export function pack(rows: readonly (readonly number[])[]): Packed {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  const data = new Float64Array(n * k);
  rows.forEach((r, i) => r.forEach((v, j) => (data[i * k + j] = v)));
  return { data, n, k };
}

/**
 * Pearson correlation matrix of the columns, over the rows listed in `pick` (a bootstrap resample,
 * repeats allowed) or all rows. A constant column correlates 0 with everything else.
 */
export function correlationsOf({ data, n, k }: Packed, pick?: Uint32Array): number[][] {
  const count = pick ? pick.length : n;
  const mean = new Float64Array(k);
  for (let t = 0; t < count; t++) {
    const base = (pick ? pick[t]! : t) * k;
    for (let j = 0; j < k; j++) mean[j]! += data[base + j]!;
  }
  for (let j = 0; j < k; j++) mean[j]! /= count;
  const cov = new Float64Array(k * k);
  const d = new Float64Array(k);
  for (let t = 0; t < count; t++) {
    const base = (pick ? pick[t]! : t) * k;
    for (let j = 0; j < k; j++) d[j] = data[base + j]! - mean[j]!;
    for (let i = 0; i < k; i++) {
      const di = d[i]!;
      for (let j = i; j < k; j++) cov[i * k + j]! += di * d[j]!;
    }
  }
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (i === j) return 1;
      const [a, b] = i < j ? [i, j] : [j, i];
      const denominator = Math.sqrt(cov[a * k + a]! * cov[b * k + b]!);
      return denominator > 0 ? cov[a * k + b]! / denominator : 0;
    }),
  );
}

/** Pearson correlation matrix of the columns of `rows`. */
export const correlations = (rows: readonly (readonly number[])[]): number[][] => correlationsOf(pack(rows));

/**
 * R² of regressing column 0 on the predictor columns in `mask` (bit j−1 for column j), from the
 * correlation matrix: r_yS' R_SS⁻¹ r_yS. A predictor that adds nothing new (collinear) is skipped.
 */
function r2Of(corr: number[][], mask: number): number {
  const cols: number[] = [];
  for (let j = 1; j < corr.length; j++) if (mask & (1 << (j - 1))) cols.push(j);
  const m = cols.length;
  if (m === 0) return 0;
  // Gauss–Jordan on [R_SS | r_yS] with partial pivoting; a column without a pivot gets coefficient 0.
  const a = cols.map((ci) => [...cols.map((cj) => corr[ci]![cj]!), corr[ci]![0]!]);
  const used = new Array<boolean>(m).fill(false);
  const solution = new Array<number>(m).fill(0);
  const pivotRow = new Array<number>(m).fill(-1);
  for (let c = 0; c < m; c++) {
    let pivot = -1;
    for (let r = 0; r < m; r++) if (!used[r] && (pivot < 0 || Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!))) pivot = r;
    if (pivot < 0 || Math.abs(a[pivot]![c]!) < 1e-10) continue;
    used[pivot] = true;
    pivotRow[c] = pivot;
    for (let r = 0; r < m; r++) {
      if (r === pivot) continue;
      const f = a[r]![c]! / a[pivot]![c]!;
      if (f !== 0) for (let cc = c; cc <= m; cc++) a[r]![cc]! -= f * a[pivot]![cc]!;
    }
  }
  for (let c = 0; c < m; c++) if (pivotRow[c]! >= 0) solution[c] = a[pivotRow[c]!]![m]! / a[pivotRow[c]!]![c]!;
  const r2 = solution.reduce((s, b, i) => s + b * corr[cols[i]!]![0]!, 0);
  return Math.min(1, Math.max(0, r2));
}

/**
 * Each predictor's Shapley value of R² (they add up to the full model's R²), for column 0 regressed on
 * columns 1…k of `corr`. Exact over all 2^k subsets, so keep k small (the callers cap it at 10).
 *
 * @example shapleyR2(correlations(rows)) // → { r2: 0.96, values: [0.76, 0.21] }
 */
export function shapleyR2(corr: number[][]): { r2: number; values: number[] } {
  const k = corr.length - 1;
  const full = (1 << k) - 1;
  const r2 = new Array<number>(full + 1);
  for (let mask = 0; mask <= full; mask++) r2[mask] = r2Of(corr, mask);
  const factorial = [1];
  for (let i = 1; i <= k; i++) factorial[i] = factorial[i - 1]! * i;
  const values = new Array<number>(k).fill(0);
  for (let mask = 0; mask <= full; mask++) {
    let size = 0;
    for (let m = mask; m; m &= m - 1) size++;
    for (let j = 0; j < k; j++) {
      if (mask & (1 << j)) continue;
      const weight = (factorial[size]! * factorial[k - size - 1]!) / factorial[k]!;
      values[j]! += weight * (r2[mask | (1 << j)]! - r2[mask]!);
    }
  }
  return { r2: r2[full]!, values };
}
