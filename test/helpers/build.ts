// Builds every package once when a test needs dist/ and it is missing (npm test builds first, so this is a no-op there).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the browser, process and consumer tests load: the script tag and its parts, the npm SDK bundle, the collector CLI, the declarations. */
const NEEDED = [
  'packages/widget/dist/loader.js',
  'packages/widget/dist/tellus.js',
  'packages/widget/dist/tellus-ui.js',
  'packages/sdk/dist/tellus-sdk.min.js',
  'packages/collector/dist/cli.js',
  'packages/collector/dist/index.d.ts',
  'packages/react/dist/index.d.ts',
];

export function ensureBuilt(): void {
  if (NEEDED.every((f) => existsSync(ROOT + f))) return;
  const r = spawnSync(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}
