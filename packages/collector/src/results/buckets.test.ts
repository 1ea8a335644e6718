import { describe, expect, it } from 'vitest';
import { bucketRange, bucketStart } from './buckets.js';

describe('bucketStart', () => {
  it('starts weeks on Monday in UTC, whatever the weekday', () => {
    expect(bucketStart(new Date('2026-03-08T23:59:59Z'), 'week').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(bucketStart(new Date('2026-03-02T00:00:00Z'), 'week').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(bucketStart(new Date('2026-01-01T12:00:00Z'), 'week').toISOString()).toBe('2025-12-29T00:00:00.000Z');
  });

  it('starts days and months at UTC midnight', () => {
    expect(bucketStart(new Date('2026-03-08T23:59:59+02:00'), 'day').toISOString()).toBe('2026-03-08T00:00:00.000Z');
    expect(bucketStart(new Date('2026-12-31T23:00:00Z'), 'month').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('bucketRange', () => {
  it('crosses a year boundary by month', () => {
    expect(bucketRange(new Date('2025-11-15Z'), new Date('2026-02-01Z'), 'month')?.map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
  });

  it('refuses ranges with more buckets than the cap', () => {
    expect(bucketRange(new Date('2000-01-01Z'), new Date('2026-01-01Z'), 'day', 1000)).toBeNull();
  });
});
