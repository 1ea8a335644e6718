// Packs every workspace package with `npm pack` (what a publish would upload) and unpacks tarballs into a scratch node_modules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * `npm pack --workspaces` into `dest` (emptied first); dist/ must be built.
 * @returns {{ name: string, version: string, tarball: string, files: string[] }[]}
 */
export function packWorkspaces(dest) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const out = execFileSync(npm, ['pack', '--workspaces', '--pack-destination', dest, '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out).map((p) => ({ name: p.name, version: p.version, tarball: join(dest, p.filename), files: p.files.map((f) => f.path) }));
}

/**
 * Unpacks tarballs into `<app>/node_modules/<name>` as npm would lay them out (no workspace links).
 * Used where third-party dependencies may come from the repository's node_modules further up.
 */
export function unpackInto(app, packs) {
  for (const { name, tarball } of packs) {
    const dir = join(app, 'node_modules', name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
  }
}
