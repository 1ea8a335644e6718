// Size budgets: the loader, the script-tag first load, everything needed to show a survey, and the npm SDK.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build';
import { BUDGETS, formatSizes, measureSizes } from '../../scripts/size.mjs';

beforeAll(() => ensureBuilt(), 300_000);

describe('bundle sizes', () => {
  // One test per budget, so a failure names the bundle that grew.
  for (const { name, budget } of BUDGETS.filter((b) => b.budget !== null)) {
    it(`keeps ${name} within ${budget! / 1024} KB gzip`, () => {
      const { rows } = measureSizes();
      const row = rows.find((r) => r.name === name)!;
      expect(row.missing ?? [], 'missing build output').toEqual([]);
      expect(row.gzip, '\n' + formatSizes(rows)).toBeLessThanOrEqual(budget!);
    });
  }

  it('measures real files (not an empty build)', () => {
    const { rows } = measureSizes();
    for (const r of rows) expect(r.gzip, r.name).toBeGreaterThan(100);
  });
});
