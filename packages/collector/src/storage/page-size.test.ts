// Pages of a long read are sized by how long the last one took, within bounds.
import { describe, expect, it } from 'vitest';
import { nextPageRows, PAGE_MS, PAGE_ROWS } from './page-size.js';

describe('nextPageRows', () => {
  it('shrinks a page that took longer than PAGE_MS toward PAGE_MS, never below PAGE_ROWS.min', () => {
    expect(nextPageRows(500, PAGE_MS * 4)).toBe(125);
    expect(nextPageRows(500, PAGE_MS * 100)).toBe(PAGE_ROWS.min);
  });

  it('grows a quick page at most twofold, never above PAGE_ROWS.max', () => {
    expect(nextPageRows(100, PAGE_MS / 10)).toBe(200);
    expect(nextPageRows(400, PAGE_MS / 10)).toBe(PAGE_ROWS.max);
    expect(nextPageRows(PAGE_ROWS.max, 0)).toBe(PAGE_ROWS.max);
  });
});
