// release:check: the packed packages pass it, and each mistake it exists for is reported by name.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPackage, checkRelease } from '../../scripts/release-check.mjs';
import { ensureBuilt } from '../helpers/build.js';

const good = {
  manifest: {
    name: '@tellus/sdk',
    version: '1.2.3',
    type: 'module',
    license: 'MIT',
    engines: { node: '>=20.19' },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
    dependencies: { '@tellus/schema': '1.2.3', 'idb-keyval': '^6.2.2' },
  },
  files: ['package.json', 'dist/index.js', 'dist/index.d.ts'],
  read: (file: string) => (file === 'dist/index.js' ? "import { get } from 'idb-keyval';\nimport { LIMITS } from '@tellus/schema';\nexport const x = 1;" : ''),
  changelog: '## 1.2.3\n@tellus/sdk 1.2.3',
  versions: { '@tellus/sdk': '1.2.3', '@tellus/schema': '1.2.3' },
};

describe('release check', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('passes every workspace package as npm pack makes it', () => {
    const { rows, ok } = checkRelease();
    expect(rows.map((r) => r.name).sort()).toEqual(['@tellus/collector', '@tellus/react', '@tellus/schema', '@tellus/sdk', '@tellus/widget']);
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
    expect(ok).toBe(true);
  }, 60_000);

  it('accepts a well-formed package', () => {
    expect(checkPackage(good)).toEqual([]);
  });

  it('reports a version that is not semantic, or has no changelog entry', () => {
    expect(checkPackage({ ...good, manifest: { ...good.manifest, version: '1.2' } })).toContain('@tellus/sdk: version "1.2" is not a semantic version');
    expect(checkPackage({ ...good, changelog: '' })).toContain('@tellus/sdk: CHANGELOG.md has no entry "@tellus/sdk 1.2.3"');
  });

  it('reports an export or bin that the tarball lacks, and sources or tests it ships', () => {
    const files = ['package.json', 'dist/index.js', 'src/index.ts', 'dist/a.test.js'];
    const problems = checkPackage({ ...good, files });
    expect(problems).toContain('@tellus/sdk: ./dist/index.d.ts (named in package.json) is not in the tarball');
    expect(problems).toContain('@tellus/sdk: tarball ships src/index.ts');
    expect(problems).toContain('@tellus/sdk: tarball ships dist/a.test.js');
  });

  it('reports an import of an undeclared package and a workspace dependency on another version', () => {
    const problems = checkPackage({
      ...good,
      manifest: { ...good.manifest, dependencies: { '@tellus/schema': '1.0.0' } },
    });
    expect(problems).toContain('@tellus/sdk: dist/index.js imports idb-keyval, which is not a dependency');
    expect(problems).toContain('@tellus/sdk: depends on @tellus/schema@1.0.0, but the workspace has 1.2.3');
  });
});
