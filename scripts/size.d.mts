// Types for scripts/size.mjs, so tests and benchmarks can import it.
export interface SizeRow {
  name: string;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
  budget: number | null;
  ok: boolean;
  missing?: string[];
}
export declare const BUDGETS: { name: string; files: string[]; budget: number | null }[];
export declare function measureSizes(root?: string): { rows: SizeRow[]; ok: boolean };
export declare function formatSizes(rows: SizeRow[]): string;
