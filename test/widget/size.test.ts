// Size budgets: the loader, the script-tag first load, everything needed to show a survey, and the npm SDK.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build';
import { formatSizes, measureSizes } from '../../scripts/size.mjs';

beforeAll(() => ensureBuilt(), 300_000);

describe('bundle sizes', () => {
  it('stay within their gzip budgets', () => {
    const { rows, ok } = measureSizes();
    const over = rows.filter((r) => !r.ok).map((r) => `${r.name}: ${r.gzip} B > ${r.budget} B`);
    expect(over, '\n' + formatSizes(rows)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('measure real files (not an empty build)', () => {
    const { rows } = measureSizes();
    for (const r of rows) expect(r.gzip, r.name).toBeGreaterThan(100);
  });
});
