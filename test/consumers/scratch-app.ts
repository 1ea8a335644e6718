// A scratch app outside the repository (so nothing resolves from its node_modules): the packed tarballs installed by npm (no links), third-party installs cached on the lock file.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packWorkspaces, type Pack } from '../../scripts/pack.mjs';
import { ROOT } from '../helpers/build.js';

/** What the app needs besides our packages, at the versions the repository's lock holds (so npm's cache has them). */
const THIRD_PARTY = ['react', 'react-dom', '@types/react', '@types/react-dom', 'vite', 'typescript'];
const TEMPLATE = ROOT + 'test/consumers/app';

const versionOf = (name: string): string => JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')).version;
const sha = (...parts: (string | Buffer)[]) =>
  parts
    .reduce((h, p) => h.update(p), createHash('sha256'))
    .digest('hex')
    .slice(0, 12);

function npm(args: string[], cwd: string): void {
  // A scratch app must not inherit the workspace's npm settings (e.g. npm_config_workspace from `npm test -w`).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], { cwd, env, stdio: 'pipe' });
}

export interface ScratchApp {
  dir: string;
  packs: Pack[];
}

/**
 * Packs every workspace package and installs the tarballs into a scratch app in the temp folder.
 * The third-party install is cached in a folder named after the lock file's hash; the tarballs are
 * installed on every call under content-hashed names, so npm never keeps a stale copy.
 */
export function prepareScratchApp(): ScratchApp {
  const packs = packWorkspaces(ROOT + '.build/consumers/packs').map((p) => {
    const named = p.tarball.replace(/\.tgz$/, `-${sha(readFileSync(p.tarball))}.tgz`);
    copyFileSync(p.tarball, named);
    return { ...p, tarball: named };
  });
  const deps = Object.fromEntries(THIRD_PARTY.map((name) => [name, versionOf(name)]));
  const dir = join(tmpdir(), `tellus-consumer-${sha(readFileSync(ROOT + 'package-lock.json'), JSON.stringify(deps))}`);
  const ready = join(dir, 'node_modules/.third-party-installed');
  if (!existsSync(ready)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tellus-consumer', private: true, type: 'module', dependencies: deps }, null, 2));
    npm(['install'], dir);
    writeFileSync(ready, new Date().toISOString());
  }
  // The app's own files are copied each time, so editing the template needs no cache reset.
  cpSync(TEMPLATE, dir, { recursive: true, filter: (src) => basename(src) !== 'dist' });
  npm(['install', '--no-save', ...packs.map((p) => p.tarball)], dir);
  for (const { name } of packs) if (lstatSync(join(dir, 'node_modules', name)).isSymbolicLink()) throw new Error(`${name} is a link, not an install`);
  return { dir, packs };
}
