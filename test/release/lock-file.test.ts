// Keeps package-lock.json installable by `npm ci` on every platform: in sync with the manifests, with every optional binary.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/build.js';

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}
const lock = JSON.parse(readFileSync(ROOT + 'package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };
const workspaces = (JSON.parse(readFileSync(ROOT + 'package.json', 'utf8')) as { workspaces: string[] }).workspaces;

describe('package-lock.json', () => {
  it('is accepted by npm ci in a fresh checkout (manifests and lock only, no node_modules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tellus-lock-'));
    try {
      for (const f of ['package.json', 'package-lock.json', ...workspaces.map((w) => `${w}/package.json`)]) cpSync(ROOT + f, join(dir, f));
      // --dry-run checks the lock against every manifest (the step that refuses a stale lock) without installing.
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
      execFileSync('npm', ['ci', '--dry-run', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, env, stdio: 'pipe' });
    } catch (e) {
      const { stdout, stderr } = e as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`npm ci refuses the lock file (run \`npm install\` and commit package-lock.json):\n${stdout ?? ''}${stderr ?? ''}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("holds every platform's optional packages (rollup, esbuild, biome, … binaries), not only this machine's", () => {
    const locked = new Set(Object.keys(lock.packages).map((path) => path.replace(/^.*node_modules\//, '')));
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !locked.has(name))
        .map((name) => `${path || '(root)'} → ${name}`),
    );
    expect(missing, 'regenerate the lock with `rm package-lock.json && npm install` on any machine').toEqual([]);
    expect(locked.has('@rollup/rollup-darwin-arm64') && locked.has('@rollup/rollup-win32-x64-msvc')).toBe(true);
  });
});
