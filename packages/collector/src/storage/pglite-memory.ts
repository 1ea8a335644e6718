// Keeps the embedded database small: the cluster is created in a short-lived child process (initdb's memory leaves
// with it, ~800 MB otherwise kept by the WASM heap), and PostgreSQL runs with buffers sized for one small site.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
