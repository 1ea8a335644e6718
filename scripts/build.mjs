// Builds all packages (rollup.config.mjs: JavaScript outputs, then one .d.ts per entry), printing each step; `--if-missing` skips when dist/ is newer than every source.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['schema', 'sdk', 'widget', 'collector', 'react'].filter((p) => existsSync(root + `packages/${p}/src`));
const outputs = [
  'packages/schema/dist/index.js',
  'packages/schema/dist/index.d.ts',
  'packages/sdk/dist/index.js',
  'packages/collector/dist/cli.js',
  'packages/collector/dist/index.d.ts',
  'packages/widget/dist/tellus.js',
  ...(PACKAGES.includes('react') ? ['packages/react/dist/index.d.ts'] : []),
];

/** Newest modification time under a folder (sources only, no node_modules). */
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? max : Math.max(max, newest(p));
    return Math.max(max, statSync(p).mtimeMs);
  }, 0);

const upToDate = () => {
  if (!outputs.every((f) => existsSync(root + f))) return false;
  const built = Math.min(...outputs.map((f) => statSync(root + f).mtimeMs));
  const configs = ['rollup.config.mjs', 'tsconfig.types.json', 'scripts/build.mjs'].map((f) => statSync(root + f).mtimeMs);
  return built >= Math.max(...configs, ...PACKAGES.map((p) => newest(root + `packages/${p}/src`)));
};

// After a fresh clone (or a pull that changed sources) `npm start` builds; otherwise it reuses dist/.
if (process.argv.includes('--if-missing') && upToDate()) process.exit(0);

const quiet = process.argv.includes('--quiet');
// dist/ starts empty: rollup never deletes, and a chunk left from an earlier build would be packed and published.
for (const p of PACKAGES) rmSync(root + `packages/${p}/dist`, { recursive: true, force: true });
const started = performance.now();
const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1) + ' s';
const say = (line) => quiet || console.log(line);

// The declaration emit (tsc, no type-check) runs in its own process beside the bundling, so both cores work.
const typesDir = root + '.build/types';
rmSync(typesDir, { recursive: true, force: true });
const tscStarted = performance.now();
const tsc = new Promise((done) => {
  const child = spawn(process.execPath, [root + 'node_modules/typescript/bin/tsc', '-p', root + 'tsconfig.types.json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.on('exit', (code) => done({ code, output }));
});

const { rollup } = await import(pathToFileURL(root + 'node_modules/rollup/dist/es/rollup.js').href);
const config = await import(pathToFileURL(root + 'rollup.config.mjs').href);

// Zod's comments confuse rollup's annotation reader harmlessly; cycles inside our sources are fine for ESM.
const QUIET_WARNINGS = new Set(['CIRCULAR_DEPENDENCY', 'INVALID_ANNOTATION']);

/** One rollup run: bundles, writes, and says what it wrote and how long it took. */
async function run(options, index, total) {
  const t = performance.now();
  const outputList = [options.output].flat();
  const target = relative(root, outputList[0].file ?? outputList[0].dir);
  const bundle = await rollup({ ...options, onwarn: (w, warn) => (QUIET_WARNINGS.has(w.code) ? undefined : warn(w)) });
  try {
    for (const output of outputList) await bundle.write(output);
  } finally {
    await bundle.close();
  }
  say(`  [${String(index).padStart(2)}/${total}] ${target.padEnd(40)} ${seconds(t)}`);
}

try {
  const javascript = config.default;
  const declarations = config.declarations(typesDir);
  const total = javascript.length + declarations.length;
  say(`Building Tellus (${total} outputs)…`);
  let index = 0;
  for (const options of javascript) await run(options, ++index, total);
  const types = await tsc;
  if (types.code !== 0) throw new Error(`declaration emit failed:\n${types.output}`);
  say(`  declarations emitted by tsc in ${seconds(tscStarted)}`);
  for (const options of declarations) await run(options, ++index, total);
  say(`Built in ${seconds(started)}.`);
} catch (e) {
  console.error(`\n✖ build failed: ${e?.message ?? e}`);
  if (e?.frame) console.error(e.frame);
  process.exit(1);
}
