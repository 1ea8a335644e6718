// Types for scripts/release-check.mjs, so tests can import it.
export interface PackageManifest {
  name: string;
  version: string;
  [field: string]: unknown;
}
export declare function checkPackage(input: {
  manifest: PackageManifest;
  files: string[];
  read: (file: string) => string;
  changelog: string;
  versions: Record<string, string>;
}): string[];
export declare function checkRelease(root?: string): { rows: { name: string; version: string; files: number; problems: string[] }[]; ok: boolean };
