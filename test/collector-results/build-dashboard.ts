// Builds only the dashboard bundle (dist/dashboard.js) from rollup.config.mjs when it is missing or stale.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const dashboardBundle = join(root, 'packages/collector/dist/dashboard.js');

const newestSource = (dirs: string[]) => {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  dirs.forEach((d) => existsSync(d) && walk(d));
  return newest;
};

export async function ensureDashboardBundle(): Promise<string> {
  const sources = ['dashboard', 'pages', 'results'].map((d) => join(root, 'packages/collector/src', d));
  if (existsSync(dashboardBundle) && statSync(dashboardBundle).mtimeMs >= newestSource(sources)) return dashboardBundle;
  const { rollup } = await import('rollup');
  const configs = (await import(join(root, 'rollup.config.mjs'))).default as { output: { file?: string } }[];
  const config = configs.find((c) => c.output.file?.endsWith('collector/dist/dashboard.js'));
  if (!config) throw new Error('rollup.config.mjs has no dashboard entry');
  const bundle = await rollup(config as never);
  const { output } = await bundle.generate(config.output as never);
  await bundle.close();
  const chunk = output.find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('rollup produced no dashboard chunk');
  // Write then rename: another test file building at the same time never serves half a file.
  mkdirSync(dirname(dashboardBundle), { recursive: true });
  const tmp = `${dashboardBundle}.${process.pid}.tmp`;
  writeFileSync(tmp, chunk.code);
  renameSync(tmp, dashboardBundle);
  return dashboardBundle;
}
