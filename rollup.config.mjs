// Builds every package: ESM libraries for npm, the node collector, and the script-tag bundles.
import { existsSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const here = (p) => new URL(p, import.meta.url).pathname;

// Bundle workspace packages from source so the build has no package-to-package order.
const workspaceSources = () => ({
  name: 'tellus-workspace-sources',
  resolveId(id) {
    const m = /^@tellus\/(schema|sdk|widget)$/.exec(id);
    return m ? here(`packages/${m[1]}/src/index.ts`) : null;
  },
});

const ts = () =>
  typescript({
    tsconfig: here('tsconfig.base.json'),
    compilerOptions: { noEmit: false, declaration: false, sourceMap: false, allowImportingTsExtensions: false },
    include: [here('packages/*/src/**/*')],
    exclude: ['**/*.test.ts', '**/*.test.tsx'],
    noEmitOnError: false,
  });

const minify = () =>
  terser({ ecma: 2020, module: true, compress: { passes: 2 }, mangle: { properties: false }, format: { comments: false, ascii_only: true } }); // ASCII: host pages may serve us without a UTF-8 charset

const nodeExternal = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

/** Libraries published to npm: ESM, dependencies left external. */
const library = (pkg, inputs = { index: 'index' }) => ({
  input: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, here(`packages/${pkg}/src/${v}.ts`)])),
  external: nodeExternal,
  plugins: [ts()],
  output: { dir: here(`packages/${pkg}/dist`), format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});

/** Browser files served as they are: everything bundled and minified. */
const browserFile = (input, file, format, name) => ({
  input: here(input),
  // Our sources and zod have no import-time side effects: unused modules (e.g. zod schemas behind a
  // package index) are dropped, which keeps the script-tag first load free of validation code.
  treeshake: { moduleSideEffects: (id) => !/\/packages\/(schema|sdk|widget)\/src\/|\/node_modules\/zod\//.test(id) },
  plugins: [workspaceSources(), nodeResolve({ browser: true }), ts(), minify()],
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
  [existsSync(here('packages/collector/src/index.ts')), () => library('collector', { index: 'index', cli: 'cli' })],
  [existsSync(here('packages/collector/src/dashboard/client.tsx')), () => browserFile('packages/collector/src/dashboard/client.tsx', 'packages/collector/dist/dashboard.js', 'iife')],
];

export default candidates.filter(([present]) => present).map(([, make]) => make());
