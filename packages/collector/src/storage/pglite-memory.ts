// Keeps the embedded database small: the cluster is created in a short-lived child process (initdb's memory leaves
// with it, ~800 MB otherwise kept by the WASM heap), PostgreSQL runs with buffers sized for one small site, and V8
// compiles PostgreSQL's WebAssembly with its baseline compiler only.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

/** Settings for the embedded PostgreSQL; the defaults (128 MB shared buffers) are sized for a server of its own. */
export const PGLITE_CONF = ['shared_buffers = 16MB', 'work_mem = 4MB', 'maintenance_work_mem = 16MB', 'temp_buffers = 2MB'];

/** Creates the cluster under `dataDir` in a child process when there is none yet. */
export function initDataDirApart(dataDir: string): void {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const script = `const { PGlite } = await import(${JSON.stringify(pglite)});
const pg = await PGlite.create(${JSON.stringify(dataDir)});
await pg.close();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * V8's flags that keep WebAssembly on the baseline compiler (Liftoff), with no optimised (TurboFan) tier: `--liftoff-only`
 * and the two flags V8 derives from it on the command line. Set at runtime V8 derives nothing, and since V8 13 (Node 24)
 * `--liftoff-only` alone no longer stops the tier-up, which `--wasm-dynamic-tiering` drives: Node 24's collector stayed at
 * 255 MB after a restart with it, 181 MB with all three, as with `--liftoff-only` given on the command line.
 */
export const BASELINE_WASM_FLAGS = ['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'] as const;

let baselineOnly = false;

/**
 * Compiles WebAssembly from here on with V8's baseline compiler only. TurboFan's optimised tier, which V8 otherwise
 * builds in the background for PostgreSQL's hot functions, kept 60-100 MB resident (its code and the compile threads'
 * malloc arenas, 17-35 MB each) in a collector that serves one site; the baseline code costs some CPU per query instead.
 * Measured for the collector (first start / restart): Node 20 234/233 → 146/152 MB, Node 22 197/226 → 164/159 MB,
 * Node 24 297/237 → 181/179 MB. Process-wide, and only effective before PGlite's module is compiled (the first PGlite
 * in the process), so it is called before every PGlite start.
 */
export function useBaselineWasmCompiler(): void {
  if (baselineOnly) return;
  for (const flag of BASELINE_WASM_FLAGS) setFlagsFromString(flag);
  baselineOnly = true;
}
