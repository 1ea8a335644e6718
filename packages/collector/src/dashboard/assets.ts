// Finds built browser files (the dashboard bundle, the widget's dist/) from source or from a build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = (rel: string[]) => rel.map((r) => fileURLToPath(new URL(r, import.meta.url)));

/** dist/dashboard.js: beside this module once bundled into dist/, or two levels up from src/dashboard/. */
export function dashboardBundlePath(): string | null {
  return candidates(['./dashboard.js', '../../dist/dashboard.js']).find((p) => existsSync(p)) ?? null;
}

/** packages/widget/dist: TELLUS_WIDGET_DIR, else next to this package in the workspace. */
export function widgetDistDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const list = [...(env.TELLUS_WIDGET_DIR ? [env.TELLUS_WIDGET_DIR] : []), ...candidates(['../../widget/dist/', '../../../widget/dist/'])];
  return list.find((p) => existsSync(p)) ?? null;
}
