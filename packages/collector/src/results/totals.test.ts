// The daily series is read from the roll-ups in slices of days that together hold every day exactly once.
import { describe, expect, it } from 'vitest';
import { daySlices, SLICE_DAYS } from './totals.js';

const days = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
const inSlice = (day: string, s: { from: string | null; to: string | null }) => (s.from === null || day >= s.from) && (s.to === null || day < s.to);

describe('daySlices', () => {
  it('reads a survey of few days in one statement, open at both ends', () => {
    expect(daySlices([])).toEqual([{ from: null, to: null }]);
    expect(daySlices(days(SLICE_DAYS))).toEqual([{ from: null, to: null }]);
  });

  it('cuts 90 days (listed twice, completed or not, in any order) into runs of SLICE_DAYS, every day in exactly one', () => {
    const ninety = days(90);
    const slices = daySlices([...ninety, ...ninety].reverse());
    expect(slices).toHaveLength(Math.ceil(90 / SLICE_DAYS));
    expect(slices[0]!.from).toBeNull();
    expect(slices.at(-1)!.to).toBeNull();
    // A day outside the listed ones (counted since they were read) falls in exactly one slice too.
    for (const day of [...ninety, '2025-12-01', '2027-01-01'])
      expect(
        slices.filter((s) => inSlice(day, s)),
        day,
      ).toHaveLength(1);
    for (const s of slices) expect(ninety.filter((d) => inSlice(d, s)).length).toBeLessThanOrEqual(SLICE_DAYS);
  });
});
