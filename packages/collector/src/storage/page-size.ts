// How many rows the next page of a long read asks for: pages sized by how long the last one took.

/** Rows per page at most (and at first), and at least. */
export const PAGE_ROWS = { max: 500, min: 100 } as const;
/**
 * A page should take about this long. PGlite runs a statement on the thread that answers requests, so a page is as
 * long as /healthz and ingestion may wait behind it: 500 rows scattered over the heap took 30–60 ms at 1,000,000
 * responses (16 MB of shared buffers), 5 ms where they lie together.
 */
export const PAGE_MS = 10;

/**
 * The next page's rows after a page of `rows` took `ms`: scaled toward PAGE_MS, never more than doubled at once
 * (one fast page under a light load says little), within PAGE_ROWS. The time counts waits for other statements too,
 * so pages shrink while the database is busy, which is when they should.
 *
 * @example nextPageRows(500, 40) // 125
 */
export function nextPageRows(rows: number, ms: number): number {
  const scaled = ms > 0 ? Math.floor((rows * PAGE_MS) / ms) : rows * 2;
  return Math.max(PAGE_ROWS.min, Math.min(PAGE_ROWS.max, rows * 2, scaled));
}
