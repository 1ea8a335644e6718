// Builds all packages with rollup (one config, every output); `--if-missing` skips when dist/ is there and newer than every source.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['packages/schema/dist/index.js', 'packages/sdk/dist/index.js', 'packages/collector/dist/cli.js', 'packages/widget/dist/tellus.js'];

/** Newest modification time under a folder (sources only, no node_modules). */
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? max : Math.max(max, newest(p));
    return Math.max(max, statSync(p).mtimeMs);
  }, 0);

const upToDate = () => {
  if (!outputs.every((f) => existsSync(root + f))) return false;
  const built = Math.min(...outputs.map((f) => statSync(root + f).mtimeMs));
  const sources = Math.max(statSync(root + 'rollup.config.mjs').mtimeMs, ...['schema', 'sdk', 'widget', 'collector'].map((p) => newest(root + `packages/${p}/src`)));
  return built >= sources;
};

// After a fresh clone (or a pull that changed sources) `npm start` builds; otherwise it reuses dist/.
if (process.argv.includes('--if-missing') && upToDate()) process.exit(0);

const r = spawnSync(process.execPath, [root + 'node_modules/rollup/dist/bin/rollup', '-c', root + 'rollup.config.mjs', '--silent'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
