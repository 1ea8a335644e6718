// Size budgets of the browser files: gzip/brotli per file and per download scenario; exits 1 over budget.
import { readFileSync, existsSync } from 'node:fs';
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
  { name: 'npm SDK (tellus-sdk.min.js)', files: ['packages/sdk/dist/tellus-sdk.min.js'], budget: 12 * KB },
];

const sizeOf = (file) => {
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, ok } = measureSizes();
  console.log(formatSizes(rows));
  if (!ok) {
    console.error('\nOver budget (or missing build output).');
    process.exit(1);
  }
}
