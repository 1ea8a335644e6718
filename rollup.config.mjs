// Builds every package: ESM libraries for npm, the node collector, and the script-tag bundles.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { transform } from 'esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

const here = (p) => new URL(p, import.meta.url).pathname;

// Bundle workspace packages from source so the build has no package-to-package order.
const workspaceSources = () => ({
  name: 'tellus-workspace-sources',
  resolveId(id) {
    const m = /^@tellus\/(schema|sdk|widget)$/.exec(id);
    return m ? here(`packages/${m[1]}/src/index.ts`) : null;
  },
});

// TypeScript's own resolution for our sources: `./x.js` means `./x.ts`, `./x` may be `./x.tsx` or `./x/index.ts`.
const tsResolve = () => ({
  name: 'tellus-ts-resolve',
  resolveId(id, importer) {
    if (!importer || !id.startsWith('.') || !/\.tsx?$/.test(importer)) return null;
    const base = resolve(dirname(importer), id.replace(/\.js$/, ''));
    return ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find(existsSync) ?? null;
  },
});

// Transpile only: types are checked once by `npm run typecheck` (and `npm test`), not per output.
const ts = () => ({
  name: 'tellus-esbuild-transpile',
  async transform(code, id) {
    const m = /\.(tsx?)$/.exec(id);
    if (!m || id.includes('/node_modules/')) return null;
    const jsxImportSource = id.includes('/packages/react/') ? 'react' : 'preact';
    const out = await transform(code, { loader: m[1], format: 'esm', target: 'es2022', jsx: 'automatic', jsxImportSource, sourcefile: id });
    return { code: out.code, map: null };
  },
});

const minify = () =>
  terser({ ecma: 2020, module: true, compress: { passes: 2 }, mangle: { properties: false }, format: { comments: false, ascii_only: true } }); // ASCII: host pages may serve us without a UTF-8 charset

const nodeExternal = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

/**
 * Libraries published to npm: ESM, dependencies left external. Browser libraries keep one file per
 * source module so an app's bundler drops whole modules it does not use (`sideEffects: false`):
 * in one file, top-level zod schema calls would stay in every app that imports `createTellus`.
 */
const library = (pkg, inputs = { index: 'index' }, { perModule = true } = {}) => ({
  input: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, here(`packages/${pkg}/src/${v}.ts`)])),
  external: nodeExternal,
  plugins: [tsResolve(), ts()],
  output: {
    dir: here(`packages/${pkg}/dist`),
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    ...(perModule && { preserveModules: true, preserveModulesRoot: here(`packages/${pkg}/src`) }),
  },
});

/** Browser files served as they are: everything bundled and minified. */
const browserFile = (input, file, format, name) => ({
  input: here(input),
  // Our sources and zod have no import-time side effects: unused modules (e.g. zod schemas behind a
  // package index) are dropped, which keeps the script-tag first load free of validation code.
  treeshake: { moduleSideEffects: (id) => !/\/packages\/(schema|sdk|widget)\/src\/|\/node_modules\/zod\//.test(id) },
  plugins: [workspaceSources(), tsResolve(), nodeResolve({ browser: true }), ts(), minify()],
  output: { file: here(file), format, name, inlineDynamicImports: true },
});

const candidates = [
  [existsSync(here('packages/schema/src/index.ts')), () => library('schema')],
  [existsSync(here('packages/sdk/src/index.ts')), () => library('sdk')],
  [existsSync(here('packages/widget/src/index.ts')), () => library('widget', { index: 'index' })],
  [existsSync(here('packages/widget/src/script-tag.ts')), () => browserFile('packages/widget/src/script-tag.ts', 'packages/widget/dist/tellus.js', 'iife')],
  [existsSync(here('packages/widget/src/ui-chunk.ts')), () => browserFile('packages/widget/src/ui-chunk.ts', 'packages/widget/dist/tellus-ui.js', 'iife')],
  [existsSync(here('packages/widget/src/loader.ts')), () => browserFile('packages/widget/src/loader.ts', 'packages/widget/dist/loader.js', 'iife')],
  [existsSync(here('packages/sdk/src/index.ts')), () => browserFile('packages/sdk/src/index.ts', 'packages/sdk/dist/tellus-sdk.min.js', 'esm')],
  [existsSync(here('packages/collector/src/index.ts')), () => library('collector', { index: 'index', cli: 'cli' }, { perModule: false })],
  [existsSync(here('packages/react/src/index.ts')), () => library('react')],
  [existsSync(here('packages/collector/src/dashboard/client.tsx')), () => browserFile('packages/collector/src/dashboard/client.tsx', 'packages/collector/dist/dashboard.js', 'iife')],
];

export default candidates.filter(([present]) => present).map(([, make]) => make());

/**
 * One declaration file per published entry, rolled up from tsc's per-module output in `typesDir`
 * (scripts/build.mjs emits it first), so `exports.types` points at a single file with no
 * extensionless relative imports for a consumer's resolver to trip on.
 */
export const declarations = (typesDir) =>
  ['schema', 'sdk', 'widget', 'collector', 'react']
    .filter((pkg) => existsSync(here(`packages/${pkg}/src/index.ts`)))
    .map((pkg) => ({
      input: `${typesDir}/${pkg}/src/index.d.ts`,
      external: (id) => !id.startsWith('.') && !id.startsWith('/'),
      plugins: [dts({ respectExternal: false })],
      output: { file: here(`packages/${pkg}/dist/index.d.ts`), format: 'es' },
    }));
