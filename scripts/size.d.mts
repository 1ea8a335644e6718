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
export declare const APP_BUDGETS: { name: string; entry: string; packages: string[]; budget: number }[];
/** Packs the packages, bundles each APP_BUDGETS entry from the tarballs with esbuild and with rollup. */
export declare function measureAppBundles(root?: string): Promise<{ rows: SizeRow[]; ok: boolean }>;
