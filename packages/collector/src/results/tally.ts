// A histogram of small whole-number answers: memory stays flat however many responses are counted.
export interface Tally {
  /** Counts `value` `times` times (default once). */
  add(value: number, times?: number): void;
  readonly n: number;
  /** Count per value from `min` to `max`, keyed by the value as text (zero-filled). */
  counts(min: number, max: number): Record<string, number>;
  /** The answers again as a list, for the scoring functions that take values. */
  values(): number[];
}

export function createTally(): Tally {
  const counts = new Map<number, number>();
  let n = 0;
  return {
    add(value, times = 1) {
      counts.set(value, (counts.get(value) ?? 0) + times);
      n += times;
    },
    get n() {
      return n;
    },
    counts(min, max) {
      const out: Record<string, number> = {};
      for (let v = min; v <= max; v++) out[String(v)] = counts.get(v) ?? 0;
      return out;
    },
    values() {
      const out: number[] = [];
      for (const [v, c] of [...counts].sort((a, b) => a[0] - b[0])) for (let i = 0; i < c; i++) out.push(v);
      return out;
    },
  };
}
