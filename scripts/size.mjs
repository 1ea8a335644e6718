// Size budgets: the script-tag files per download scenario, and what the packed npm packages cost an app's own bundler; exits 1 over budget.
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KB = 1024;

/** What a page downloads in each scenario, and what it may cost gzipped. */
export const BUDGETS = [
  { name: 'loader snippet', files: ['packages/widget/dist/loader.js'], budget: 1 * KB },
  { name: 'first load (tellus.js)', files: ['packages/widget/dist/tellus.js'], budget: 8 * KB },
  { name: 'UI chunk (tellus-ui.js)', files: ['packages/widget/dist/tellus-ui.js'], budget: null },
  { name: 'survey shown (tellus.js + tellus-ui.js)', files: ['packages/widget/dist/tellus.js', 'packages/widget/dist/tellus-ui.js'], budget: 24 * KB },
];

const sizeOf = (file) => sizeOfCode(readFileSync(file));
const sizeOfCode = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/** Measures every budget row (files compressed one by one, as browsers fetch them). */
export function measureSizes(root = ROOT) {
  const rows = BUDGETS.map(({ name, files, budget }) => {
    const missing = files.filter((f) => !existsSync(root + f));
    if (missing.length) return { name, files, raw: 0, gzip: 0, brotli: 0, budget, ok: false, missing };
    const total = files.map((f) => sizeOf(root + f)).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
    return { name, files, ...total, budget, ok: budget === null || total.gzip <= budget };
  });
  return { rows, ok: rows.every((r) => r.ok) };
}

const kb = (n) => (n / KB).toFixed(2) + ' KB';

/** A Markdown table of the measured rows (also what `npm run size` prints). */
export function formatSizes(rows) {
  const lines = ['| what | raw | gzip | brotli | budget (gzip) | |', '|---|---:|---:|---:|---:|---|'];
  for (const r of rows)
    lines.push(
      r.missing
        ? `| ${r.name} | — | — | — | ${r.budget ? kb(r.budget) : '—'} | missing: ${r.missing.join(', ')} (run \`npm run build\`) |`
        : `| ${r.name} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.budget ? kb(r.budget) : '—'} | ${r.ok ? 'ok' : 'OVER'} |`,
    );
  return lines.join('\n');
}

/** What an app pays for an import, bundled from the packed tarballs (npm pack) by the app's own bundler. */
export const APP_BUDGETS = [{ name: 'npm SDK: import { createTellus }', entry: "export { createTellus } from '@tellus/sdk';", packages: ['@tellus/schema', '@tellus/sdk'], budget: 12 * KB }];

/** Bundles `entry` inside `app` the way an app would: esbuild --minify, and rollup + node-resolve + terser. */
async function bundleLikeAnApp(app, entry) {
  const file = app + '/entry.js';
  writeFileSync(file, entry + '\n');
  const { build } = await import('esbuild');
  const esbuilt = await build({ entryPoints: [file], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2020', write: false, logLevel: 'silent' });
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const { default: terser } = await import('@rollup/plugin-terser');
  const bundle = await rollup({ input: file, plugins: [nodeResolve({ browser: true }), terser({ module: true, compress: { passes: 2 } })], onwarn: () => undefined });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  return { esbuild: esbuilt.outputFiles[0].contents, rollup: Buffer.from(output[0].code) };
}

/**
 * Packs the packages (dist/ must be built), unpacks them into a scratch app under .build/ (their
 * own dependencies resolve from the repository's node_modules further up, as hoisted ones would),
 * and measures each APP_BUDGETS row with both bundlers.
 */
export async function measureAppBundles(root = ROOT) {
  const { packWorkspaces, unpackInto } = await import('./pack.mjs');
  const app = root + '.build/size-app';
  const packs = packWorkspaces(root + '.build/size-packs');
  const rows = [];
  for (const { name, entry, packages, budget } of APP_BUDGETS) {
    mkdirSync(app, { recursive: true });
    unpackInto(app, packs.filter((p) => packages.includes(p.name)));
    const built = await bundleLikeAnApp(app, entry);
    for (const bundler of ['esbuild', 'rollup']) {
      const size = sizeOfCode(built[bundler]);
      rows.push({ name: `${name} (${bundler === 'rollup' ? 'rollup + terser' : 'esbuild'})`, files: packages, ...size, budget, ok: size.gzip <= budget });
    }
  }
  return { rows, ok: rows.every((r) => r.ok) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = measureSizes();
  const apps = await measureAppBundles();
  const rows = [...files.rows, ...apps.rows];
  const ok = files.ok && apps.ok;
  console.log(formatSizes(rows));
  if (!ok) {
    console.error('\nOver budget (or missing build output).');
    process.exit(1);
  }
}
