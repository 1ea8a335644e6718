// Types for scripts/pack.mjs, so tests can import it.
export declare const ROOT: string;
export interface Pack {
  name: string;
  version: string;
  tarball: string;
  files: string[];
}
export declare function packWorkspaces(dest: string): Pack[];
export declare function unpackInto(app: string, packs: Pack[]): void;
