// Size budgets: the script-tag files per download scenario, and what the packed npm packages cost an app's own bundler; exits 1 over budget.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KB = 1024;

const WIDGET = 'packages/widget/dist/';

/** The largest locale file of the script tag (tellus-ui-<tag>.js, gzip), or a placeholder name when there is none built. */
const largestLocaleFile = (root) => {
  const files = existsSync(root + WIDGET) ? readdirSync(root + WIDGET).filter((f) => /^tellus-ui-[a-z]{2,3}\.js$/.test(f)) : [];
  const gz = (f) => gzipSync(readFileSync(root + WIDGET + f), { level: 9 }).length;
  return WIDGET + (files.sort((a, b) => gz(b) - gz(a))[0] ?? 'tellus-ui-<tag>.js');
};

/**
 * What a page downloads in each scenario, and what it may cost gzipped. `files` may depend on the build (a function of
 * the root), and a row's `label` then says which files it measured.
 */
export const BUDGETS = [
  { name: 'loader snippet', files: [WIDGET + 'loader.js'], budget: 1 * KB },
  { name: 'first load (tellus.js)', files: [WIDGET + 'tellus.js'], budget: 8 * KB },
  { name: 'UI chunk (tellus-ui.js, English strings only)', files: [WIDGET + 'tellus-ui.js'], budget: null },
  { name: 'largest locale file (tellus-ui-<tag>.js)', files: (root) => [largestLocaleFile(root)], budget: null },
  // Only for a page whose survey waits for exit intent, scroll or a click; fetched beside the UI chunk.
  { name: 'interaction watcher (tellus-interactions.js)', files: [WIDGET + 'tellus-interactions.js'], budget: null },
  { name: 'survey shown in English (tellus.js + tellus-ui.js)', files: [WIDGET + 'tellus.js', WIDGET + 'tellus-ui.js'], budget: 24 * KB },
  {
    name: 'survey shown in the largest other locale (tellus.js + tellus-ui.js + tellus-ui-<tag>.js)',
    files: (root) => [WIDGET + 'tellus.js', WIDGET + 'tellus-ui.js', largestLocaleFile(root)],
    budget: 24 * KB,
  },
];

const sizeOf = (file) => sizeOfCode(readFileSync(file));
const sizeOfCode = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/** Measures every budget row (files compressed one by one, as browsers fetch them). */
export function measureSizes(root = ROOT) {
  const rows = BUDGETS.map(({ name, files: which, budget }) => {
    const files = typeof which === 'function' ? which(root) : which;
    const label = name.replace('<tag>', /tellus-ui-([a-z]+)\.js$/.exec(files.at(-1))?.[1] ?? '<tag>');
    const missing = files.filter((f) => !existsSync(root + f));
    if (missing.length) return { name, label, files, raw: 0, gzip: 0, brotli: 0, budget, ok: false, missing };
    const total = files.map((f) => sizeOf(root + f)).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
    return { name, label, files, ...total, budget, ok: budget === null || total.gzip <= budget };
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
        ? `| ${r.label ?? r.name} | — | — | — | ${r.budget ? kb(r.budget) : '—'} | missing: ${r.missing.join(', ')} (run \`npm run build\`) |`
        : `| ${r.label ?? r.name} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.budget ? kb(r.budget) : '—'} | ${r.ok ? 'ok' : 'OVER'} |`,
    );
  return lines.join('\n');
}

/** What an app pays for an import, bundled from the packed tarballs (npm pack) by the app's own bundler. */
export const APP_BUDGETS = [
  {
    name: 'npm SDK: import { createTellus }',
    entry: "export { createTellus } from '@tellus/sdk';",
    packages: ['@tellus/schema', '@tellus/sdk'],
    // The first load with a bundler that splits; esbuild's one-file default inlines every import() as well (the responses
    // half, the answer checks, the interaction watcher: 2.3 KB), so it pays for the whole SDK, which 12 KB cannot hold.
    budget: { esbuild: 14.5 * KB, 'esbuild --splitting': 12 * KB, 'rollup + terser': 12 * KB },
  },
];

/**
 * What a page loads first from a code-split build: the entry chunk and the chunks it imports statically, not those
 * behind a dynamic import() (the interaction watcher, the responses half), which load only when needed.
 * `chunks`: [{ name, code, isEntry, imports: [name] }]; returns each first-load file's bytes (compressed one by one, as fetched).
 */
const firstLoad = (chunks) => {
  const byName = new Map(chunks.map((c) => [c.name, c]));
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || !byName.has(name)) return;
    seen.add(name);
    byName.get(name).imports.forEach(visit);
  };
  visit(chunks.find((c) => c.isEntry).name);
  return [...seen].map((name) => Buffer.from(byName.get(name).code));
};

/** Sizes of files fetched one by one: each compressed on its own, then summed. */
const sizeOfFiles = (files) =>
  files.map(sizeOfCode).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });

/**
 * Bundles `entry` inside `app` the way an app would, each bundler with its defaults: esbuild --bundle --minify
 * --format=esm as one file (every import() inlined: the whole SDK is the first load) and with --splitting, and
 * rollup + node-resolve + terser. Returns the files of each one's first load.
 */
async function bundleLikeAnApp(app, entry) {
  const file = app + '/entry.js';
  writeFileSync(file, entry + '\n');
  const { build } = await import('esbuild');
  // tsconfigRaw: the repository's tsconfig `paths` would otherwise send @tellus/* to the sources instead of the packed dist/.
  const options = {
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    tsconfigRaw: '{}',
  };
  const single = await build(options);
  // absWorkingDir: the metafile's paths are then relative to the app.
  const split = await build({ ...options, absWorkingDir: app, splitting: true, outdir: 'out', metafile: true });
  const code = new Map(split.outputFiles.map((f) => [relative(app, f.path), f.text]));
  const splitChunks = Object.entries(split.metafile.outputs).map(([name, meta]) => ({
    name,
    code: code.get(name),
    isEntry: meta.entryPoint === 'entry.js',
    imports: meta.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
  }));
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const { default: terser } = await import('@rollup/plugin-terser');
  const bundle = await rollup({
    input: file,
    plugins: [nodeResolve({ browser: true }), terser({ module: true, compress: { passes: 2 } })],
    onwarn: () => undefined,
  });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  const rollupChunks = output.filter((o) => o.type === 'chunk').map((c) => ({ name: c.fileName, code: c.code, isEntry: c.isEntry, imports: c.imports }));
  return { esbuild: [Buffer.from(single.outputFiles[0].contents)], 'esbuild --splitting': firstLoad(splitChunks), 'rollup + terser': firstLoad(rollupChunks) };
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
    unpackInto(
      app,
      packs.filter((p) => packages.includes(p.name)),
    );
    const built = await bundleLikeAnApp(app, entry);
    for (const [bundler, files] of Object.entries(built)) {
      const size = sizeOfFiles(files);
      const limit = budget[bundler];
      rows.push({
        name: `${name} (${bundler}${files.length > 1 ? `, ${files.length} files` : ''})`,
        files: packages,
        ...size,
        budget: limit,
        ok: size.gzip <= limit,
      });
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
