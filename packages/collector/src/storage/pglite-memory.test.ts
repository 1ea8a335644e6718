// The embedded database's memory settings: V8's baseline-only WebAssembly compiler really keeps PostgreSQL smaller.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BASELINE_WASM_FLAG, BASELINE_WASM_HELPS } from './pglite-memory.js';

const collectorDir = fileURLToPath(new URL('../..', import.meta.url));

/** Resident MB of a fresh Node process that runs PGlite through a query workload, with or without the flag. */
function residentAfterQueries(baseline: boolean): number {
  const script = `import { setFlagsFromString } from 'node:v8';
import { readFileSync } from 'node:fs';
${baseline ? `setFlagsFromString(${JSON.stringify(BASELINE_WASM_FLAG)});` : ''}
const { PGlite } = await import('@electric-sql/pglite');
const pg = await PGlite.create();
for (let i = 0; i < 200; i++) await pg.query('SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.relname LIKE $1', ['pg%']);
process.stdout.write(/VmRSS:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
await pg.close();`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: collectorDir, encoding: 'utf8', timeout: 90_000 });
  return Number(out) / 1024;
}

// Where the flag saves nothing (Node 24, see BASELINE_WASM_HELPS) the collector does not set it, and there is nothing to check.
describe.runIf(process.platform === 'linux' && BASELINE_WASM_HELPS)('PGlite memory', () => {
  it('keeps PostgreSQL on the baseline WebAssembly tier, resident tens of MB below the optimised one under queries', () => {
    const optimised = residentAfterQueries(false);
    const baseline = residentAfterQueries(true);
    // Measured ~60 MB apart; if V8 stops honouring the flag (a Node upgrade), the two meet and this fails.
    expect(optimised - baseline, `optimised ${optimised.toFixed(0)} MB, baseline ${baseline.toFixed(0)} MB`).toBeGreaterThan(25);
  }, 200_000);
});
