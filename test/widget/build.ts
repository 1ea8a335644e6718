// Builds the browser bundles once when a test needs them and they are missing (npm test builds first anyway).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = ROOT + 'packages/widget/dist/';
const NEEDED = ['packages/widget/dist/loader.js', 'packages/widget/dist/tellus.js', 'packages/widget/dist/tellus-ui.js', 'packages/sdk/dist/tellus-sdk.min.js'];

export function ensureBuilt(): void {
  if (NEEDED.every((f) => existsSync(ROOT + f))) return;
  const r = spawnSync(process.execPath, [ROOT + 'scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}
