// The `tellus` bin shim: linked by npm at install time, it builds dist/ first in a fresh clone and then runs the CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/build.js';

const manifest = (await import('../../packages/collector/package.json', { with: { type: 'json' } })).default as {
  bin: Record<string, string>;
  files: string[];
};
let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A repository-shaped folder holding only the shim, and a stand-in build that writes a dist/cli.js echoing its arguments. */
function fakeClone({ withBuild }: { withBuild: boolean }) {
  scratch = mkdtempSync(join(tmpdir(), 'tellus-bin-'));
  const bin = join(scratch, 'packages/collector/bin/tellus.js');
  cpSync(ROOT + 'packages/collector/bin/tellus.js', bin);
  if (withBuild) {
    mkdirSync(join(scratch, 'scripts'));
    writeFileSync(
      join(scratch, 'scripts/build.mjs'),
      `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync(${JSON.stringify(join(scratch, 'packages/collector/dist'))}, { recursive: true });
writeFileSync(${JSON.stringify(join(scratch, 'packages/collector/dist/cli.js'))}, 'console.log(JSON.stringify(process.argv.slice(2)));');
console.log('built (' + process.argv.slice(2).join(' ') + ')');`,
    );
  }
  return bin;
}

describe('tellus bin', () => {
  it('is a committed, executable file that npm can link before any build', () => {
    expect(manifest.bin.tellus).toBe('./bin/tellus.js');
    expect(manifest.files).toContain('bin');
    expect(execFileSync('git', ['ls-files', 'packages/collector/bin/tellus.js'], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(
      'packages/collector/bin/tellus.js',
    );
    expect(statSync(ROOT + 'packages/collector/bin/tellus.js').mode & 0o111).not.toBe(0);
  });

  it('builds dist/ first in a fresh clone, with the progress on stderr, then runs the CLI with the arguments', () => {
    const r = spawnSync(process.execPath, [fakeClone({ withBuild: true }), 'surveys', 'list'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['surveys', 'list']); // stdout holds only the command's output
    expect(r.stderr).toContain('building dist/');
    expect(r.stderr).toContain('built (--if-missing)');
  });

  it('says what is wrong when an installed package lacks dist/cli.js', () => {
    const r = spawnSync(process.execPath, [fakeClone({ withBuild: false }), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dist\/cli\.js is missing; reinstall @tellus\/collector/);
  });

  it('runs the real CLI once built', () => {
    const r = spawnSync(process.execPath, [ROOT + 'packages/collector/bin/tellus.js', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tellus serve');
  });
});
