// Builds every package: ESM libraries for npm, the node collector, and the script-tag bundles.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { transform } from 'esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { SHORT_NAMES, shortenNames } from './packages/widget/short-names.mjs';

const here = (p) => new URL(p, import.meta.url).pathname;

// Bundle workspace packages from source so the build has no package-to-package order.
const workspaceSources = () => ({
  name: 'tellus-workspace-sources',
  resolveId(id) {
    const m = /^@tellus\/(schema|sdk|widget)(?:\/([\w-]+))?$/.exec(id);
    return m ? here(`packages/${m[1]}/src/${m[2] ?? 'index'}.ts`) : null;
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
    // The widget's JSX as classic h() calls: shorter than the automatic runtime's `children:` props (58 bytes gzip in tellus-ui.js).
    const jsx =
      m[1] === 'tsx' && id.includes('/packages/widget/')
        ? { jsx: 'transform', jsxFactory: 'h', jsxFragment: 'Fragment', banner: "import { h, Fragment } from 'preact';" }
        : { jsx: 'automatic', jsxImportSource };
    const out = await transform(code, { loader: m[1], format: 'esm', target: 'es2022', ...jsx, sourcefile: id });
    return { code: out.code, map: null };
  },
});

/**
 * The script tag's files run only in a page (they read `document.currentScript`), where the SDK's guards for server-side
 * rendering and workers (`typeof window === 'undefined'`) are always false: fold them so terser drops the dead branches.
 * Only globals every page has; `indexedDB` and `localStorage` keep their checks (a privacy mode may take them away).
 */
const inAPage = () => ({
  name: 'tellus-in-a-page',
  transform(code, id) {
    if (!/\/packages\/(sdk|widget|schema)\/src\/.*\.tsx?$/.test(id)) return null;
    const folded = code.replace(/\btypeof (window|document|navigator|location)(?![\w$.?[])/g, "'object'");
    return folded === code ? null : { code: folded, map: null };
  },
});

/**
 * The widget stylesheet (theme/styles.ts) is written one rule a line for reading; in the browser files it is minified
 * by esbuild's CSS minifier. Its `${...}` token sets stand in as custom properties while it runs.
 */
const minifiedStyles = () => ({
  name: 'tellus-minified-styles',
  async transform(code, id) {
    if (!id.endsWith('/packages/widget/src/theme/styles.ts')) return null;
    const m = /export const CSS: string = `([^`]*)`;/.exec(code);
    if (!m) this.error('theme/styles.ts: no `export const CSS: string = `...`;` to minify');
    const subs = [];
    const css = m[1].replace(/\$\{(\w+)\}/g, (_, name) => `--tellus-sub-${subs.push(name) - 1}:0`);
    const out = (await transform(css, { loader: 'css', minify: true })).code.trim();
    const back = out.replace(/--tellus-sub-(\d+):0/g, (_, n) => '${' + subs[Number(n)] + '}');
    if (back.includes('`') || (back.match(/\$\{/g) ?? []).length !== subs.length) this.error('theme/styles.ts: minifying lost a token set');
    return { code: code.replace(m[0], () => `export const CSS = \`${back}\`;`), map: null };
  },
});

/**
 * The widget's class names and private custom properties are readable in the source (`tellus-option`, `--tellus-own-accent`)
 * and shortened in every built widget file by one table, theme/short-names.json (`o`, `--a`). Only exact tokens are rewritten:
 * a `tellus-` name bounded by characters that cannot continue a name, and listed in the table (`tellus-widget`, `tellus-ui.js`
 * and the public `--tellus-*` properties are not). A prefixed name in the stylesheet that the table lacks fails the build.
 */
const shortNames = () => ({
  name: 'tellus-short-names',
  renderChunk(code, chunk) {
    for (const [, name] of code.matchAll(/\.(tellus-[a-z][\w-]*|--tellus-own-[\w-]+)/g)) {
      if (!(name in SHORT_NAMES)) this.error(`${chunk.fileName}: ${name} is styled but has no short name in theme/short-names.json`);
    }
    for (const [name] of code.matchAll(/--tellus-own-[\w-]+/g)) {
      if (!(name in SHORT_NAMES)) this.error(`${chunk.fileName}: ${name} has no short name in theme/short-names.json`);
    }
    const short = shortenNames(code);
    return short === code ? null : { code: short, map: null };
  },
});

const minify = () =>
  terser({
    ecma: 2020,
    module: true,
    // inline: 1 inlines only functions without their own variables: 28 bytes gzip smaller over tellus.js and tellus-ui.js.
    compress: { passes: 2, inline: 1 },
    mangle: { properties: false },
    format: { comments: false, ascii_only: true },
  }); // ASCII: host pages may serve us without a UTF-8 charset

const nodeExternal = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

/**
 * Libraries published to npm: ESM, dependencies left external. Browser libraries keep one file per
 * source module so an app's bundler drops whole modules it does not use (`sideEffects: false`):
 * in one file, top-level zod schema calls would stay in every app that imports `createTellus`.
 */
const library = (pkg, inputs = { index: 'index' }, { perModule = true, extraPlugins = [] } = {}) => ({
  input: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, here(`packages/${pkg}/src/${v}.ts`)])),
  external: nodeExternal,
  plugins: [...extraPlugins, tsResolve(), ts()],
  output: {
    dir: here(`packages/${pkg}/dist`),
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    ...(perModule && { preserveModules: true, preserveModulesRoot: here(`packages/${pkg}/src`) }),
  },
});

/** Browser files served as they are: everything bundled and minified. */
const browserFile = (input, file, format, name, extraPlugins = []) => ({
  input: here(input),
  // Our sources and zod have no import-time side effects: unused modules (e.g. zod schemas behind a
  // package index) are dropped, which keeps the script-tag first load free of validation code.
  treeshake: { moduleSideEffects: (id) => !/\/packages\/(schema|sdk|widget)\/src\/|\/node_modules\/zod\//.test(id) },
  plugins: [...extraPlugins, workspaceSources(), tsResolve(), nodeResolve({ browser: true }), ts(), minify()],
  output: { file: here(file), format, name, inlineDynamicImports: true },
});

const I18N = 'packages/widget/src/i18n/';
/** The locales with built-in strings besides English (the fallback, always in the UI chunk): one file each in i18n/. */
const otherLocales = () =>
  readdirSync(here(I18N))
    .map((f) => /^([a-z]{2,3})\.ts$/.exec(f)?.[1])
    .filter((tag) => tag && tag !== 'en');

// The UI chunk carries English strings only: it gets i18n/loaded.ts (English plus the locale files the page loaded)
// where the npm build keeps i18n/locales.ts (every locale).
const onlyLoadedLocales = () => ({
  name: 'tellus-only-loaded-locales',
  async resolveId(id, importer, options) {
    const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
    return resolved?.id === here(I18N + 'locales.ts') ? here(I18N + 'loaded.ts') : null;
  },
});

/** tellus-ui-<tag>.js: one locale's strings, registered for the UI chunk (i18n/registry.ts); tellus.js loads it beside the UI chunk. */
const localeFile = (tag) => {
  const entry = `\0tellus-locale-${tag}`;
  const code = [
    `import { registered } from ${JSON.stringify(here(I18N + 'registry.ts'))};`,
    `import { ${tag} as strings } from ${JSON.stringify(here(I18N + tag + '.ts'))};`,
    `registered()[${JSON.stringify(tag)}] = strings;`,
  ].join('\n');
  return {
    input: entry,
    plugins: [
      { name: 'tellus-locale-entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? code : null) },
      ts(),
      shortNames(),
      minify(),
    ],
    output: { file: here(`packages/widget/dist/tellus-ui-${tag}.js`), format: 'iife' },
  };
};

const candidates = [
  [existsSync(here('packages/schema/src/index.ts')), () => library('schema', { index: 'index', surveys: 'surveys', 'answer-checks': 'answer-checks' })],
  [existsSync(here('packages/sdk/src/index.ts')), () => library('sdk', { index: 'index', deferred: 'deferred' })],
  [existsSync(here('packages/widget/src/index.ts')), () => library('widget', { index: 'index' }, { extraPlugins: [shortNames()] })],
  [
    existsSync(here('packages/widget/src/script-tag.ts')),
    () => browserFile('packages/widget/src/script-tag.ts', 'packages/widget/dist/tellus.js', 'iife', undefined, [inAPage(), shortNames()]),
  ],
  [
    existsSync(here('packages/widget/src/ui-chunk.ts')),
    () =>
      browserFile('packages/widget/src/ui-chunk.ts', 'packages/widget/dist/tellus-ui.js', 'iife', undefined, [
        onlyLoadedLocales(),
        inAPage(),
        minifiedStyles(),
        shortNames(),
      ]),
  ],
  [
    existsSync(here('packages/widget/src/interactions-chunk.ts')),
    () => browserFile('packages/widget/src/interactions-chunk.ts', 'packages/widget/dist/tellus-interactions.js', 'iife', undefined, [inAPage(), shortNames()]),
  ],
  ...otherLocales().map((tag) => [existsSync(here('packages/widget/src/ui-chunk.ts')), () => localeFile(tag)]),
  [existsSync(here('packages/widget/src/loader.ts')), () => browserFile('packages/widget/src/loader.ts', 'packages/widget/dist/loader.js', 'iife')],
  [existsSync(here('packages/sdk/src/index.ts')), () => browserFile('packages/sdk/src/index.ts', 'packages/sdk/dist/tellus-sdk.min.js', 'esm')],
  [existsSync(here('packages/collector/src/index.ts')), () => library('collector', { index: 'index', cli: 'cli' }, { perModule: false })],
  [existsSync(here('packages/react/src/index.ts')), () => library('react')],
  [
    existsSync(here('packages/collector/src/dashboard/client.tsx')),
    () => browserFile('packages/collector/src/dashboard/client.tsx', 'packages/collector/dist/dashboard.js', 'iife'),
  ],
];

export default candidates.filter(([present]) => present).map(([, make]) => make());

/**
 * One declaration file per published entry, rolled up from tsc's per-module output in `typesDir`
 * (scripts/build.mjs emits it first), so `exports.types` points at a single file with no
 * extensionless relative imports for a consumer's resolver to trip on.
 */
export const declarations = (typesDir) =>
  [...['schema', 'sdk', 'widget', 'collector', 'react'].map((pkg) => [pkg, 'index']), ['schema', 'surveys'], ['schema', 'answer-checks'], ['sdk', 'deferred']]
    .filter(([pkg, entry]) => existsSync(here(`packages/${pkg}/src/${entry}.ts`)))
    .map(([pkg, entry]) => ({
      input: `${typesDir}/${pkg}/src/${entry}.d.ts`,
      external: (id) => !id.startsWith('.') && !id.startsWith('/'),
      plugins: [dts({ respectExternal: false })],
      output: { file: here(`packages/${pkg}/dist/${entry}.d.ts`), format: 'es' },
    }));
