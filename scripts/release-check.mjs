// `npm run release:check`: before a publish, checks each package's version, files, exports, dependencies and packed contents; exits 1 on a problem.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { pathToFileURL } from 'node:url';
import { packWorkspaces, ROOT } from './pack.mjs';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;
const NODE_BUILTINS = new Set(builtinModules);

/** Every target string of an `exports` map (conditions and subpaths alike). */
const targets = (exports) => (typeof exports === 'string' ? [exports] : Object.values(exports ?? {}).flatMap(targets));
const clean = (path) => path.replace(/^\.\//, '');
/** The package a bare import names: `zod/mini` → `zod`, `@hono/node-server/x` → `@hono/node-server`. */
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
/** Bare imports of a built ES module or declaration file: top-level import/export statements and import('…'). */
const bareImports = (code) =>
  [...code.matchAll(/^(?:import|export)\b[^;'"]*?(?:from\s*)?['"]([^'"]+)['"]/gm), ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1])
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !NODE_BUILTINS.has(s));

/**
 * Problems of one package, given its manifest and what `npm pack` put in the tarball (`files`, paths
 * without the `package/` prefix) and a reader for packed files. `changelog` is CHANGELOG.md's text;
 * `versions` maps every workspace package name to its version.
 */
export function checkPackage({ manifest, files, read, changelog, versions }) {
  const problems = [];
  const say = (message) => problems.push(`${manifest.name}: ${message}`);
  const packed = new Set(files);
  if (!SEMVER.test(manifest.version ?? '')) say(`version "${manifest.version}" is not a semantic version`);
  if (!changelog.includes(`${manifest.name} ${manifest.version}`)) say(`CHANGELOG.md has no entry "${manifest.name} ${manifest.version}"`);
  if (manifest.private) say('is private');
  if (manifest.type !== 'module') say('type is not "module"');
  if (!manifest.license) say('has no license');
  if (!manifest.engines?.node) say('has no engines.node');
  if (!Array.isArray(manifest.files) || !manifest.files.includes('dist')) say('files does not list dist');
  if (!manifest.exports?.['.']?.types || !manifest.exports?.['.']?.default) say('exports["."] needs types and default');
  for (const target of [...targets(manifest.exports), manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})].filter(Boolean))
    if (!packed.has(clean(target))) say(`${target} (named in package.json) is not in the tarball`);
  for (const file of files) {
    if (/^src\/|\.test\.[cm]?[jt]sx?$|(^|\/)\.|\.tsbuildinfo$/.test(file)) say(`tarball ships ${file}`);
  }
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  for (const [dep, range] of Object.entries(manifest.dependencies ?? {}))
    if (dep in versions && range !== versions[dep]) say(`depends on ${dep}@${range}, but the workspace has ${versions[dep]}`);
  // The script-tag bundles carry their dependencies inside; every other module's imports must be installable.
  for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f) && !/\.min\.js$|^dist\/(tellus|tellus-ui|loader|dashboard)\.js$/.test(f))) {
    for (const spec of bareImports(read(file))) if (!declared.has(packageOf(spec))) say(`${file} imports ${spec}, which is not a dependency`);
  }
  return problems;
}

/** Packs every workspace package (dist/ must be built) and checks each. */
export function checkRelease(root = ROOT) {
  const changelog = readFileSync(root + 'CHANGELOG.md', 'utf8');
  const packs = packWorkspaces(root + '.build/release-packs');
  const manifests = packs.map((p) => JSON.parse(readFileSync(`${root}packages/${p.name.split('/')[1]}/package.json`, 'utf8')));
  const versions = Object.fromEntries(manifests.map((m) => [m.name, m.version]));
  const rows = packs.map((pack, i) => {
    const dir = `${root}packages/${pack.name.split('/')[1]}/`;
    const problems = checkPackage({ manifest: manifests[i], files: pack.files, read: (f) => readFileSync(dir + f, 'utf8'), changelog, versions });
    return { name: pack.name, version: pack.version, files: pack.files.length, problems };
  });
  return { rows, ok: rows.every((r) => r.problems.length === 0) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, ok } = checkRelease();
  for (const r of rows)
    console.log(`${r.problems.length ? '✖' : '✔'} ${r.name}@${r.version} (${r.files} files)${r.problems.map((p) => `\n    ${p}`).join('')}`);
  if (!ok) process.exit(1);
}
