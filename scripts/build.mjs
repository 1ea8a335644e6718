// Builds all packages with rollup (one config, every output); `--if-missing` skips when dist/ exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const outputs = ['packages/schema/dist/index.js', 'packages/sdk/dist/index.js', 'packages/collector/dist/cli.js', 'packages/widget/dist/tellus.js'];
if (process.argv.includes('--if-missing') && outputs.every((f) => existsSync(root + f))) process.exit(0);

const r = spawnSync(process.execPath, [root + 'node_modules/rollup/dist/bin/rollup', '-c', root + 'rollup.config.mjs', '--silent'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
