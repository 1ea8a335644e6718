// Size budget: what `import { createTellus } from '@tellus/sdk'` costs a page, minified and gzipped, and the zod-free core.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup, type Plugin } from 'rollup';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = (pkg: string, entry = 'index') => fileURLToPath(new URL(`../../packages/${pkg}/src/${entry}.ts`, import.meta.url));

/** Workspace packages from source, flagged side-effect free as their package.json says (`sideEffects: false`). */
const workspace: Plugin = {
  name: 'workspace',
  resolveId(id, importer) {
    if (id === 'entry') return id;
    const m = /^@tellus\/(schema|sdk)(?:\/(surveys|answer-checks|deferred))?$/.exec(id);
    if (m) return { id: src(m[1]!, m[2]), moduleSideEffects: false };
    if (importer && !importer.includes('node_modules') && id.startsWith('.') && id.endsWith('.js'))
      return { id: fileURLToPath(new URL(id.replace(/\.js$/, '.ts'), `file://${importer}`)), moduleSideEffects: false };
    return null;
  },
};
const transpile: Plugin = {
  name: 'transpile',
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const out = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext }, fileName: id });
    return { code: out.outputText, map: null };
  },
};

async function gzipSize(entry: string) {
  const bundle = await rollup({
    input: 'entry',
    plugins: [
      { name: 'entry', load: (id) => (id === 'entry' ? entry : null) },
      workspace,
      nodeResolve({ browser: true }),
      transpile,
      terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
    ],
    onwarn: () => undefined,
  });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  // The first load is the entry chunk and the chunks it imports statically; a dynamic import() (the interaction
  // watcher) is its own chunk, fetched only when a survey needs it, and measured apart.
  const chunks = new Map(output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o] as const] : [])));
  const first = new Set<string>();
  const visit = (name: string) => {
    if (first.has(name)) return;
    first.add(name);
    for (const dep of chunks.get(name)!.imports) visit(dep);
  };
  visit([...chunks.values()].find((c) => c.isEntry)!.fileName);
  const code = [...first].map((name) => chunks.get(name)!.code).join('\n');
  const lazy = [...chunks.keys()]
    .filter((name) => !first.has(name))
    .map((name) => chunks.get(name)!.code)
    .join('\n');
  return { code, raw: code.length, gzip: gzipSync(code, { level: 9 }).length, all: code + lazy, lazyGzip: lazy ? gzipSync(lazy, { level: 9 }).length : 0 };
}

const KB = 1024;
const fmt = (s: { gzip: number; raw: number; lazyGzip: number }) =>
  `${(s.gzip / KB).toFixed(2)} KB gzip (${(s.raw / KB).toFixed(1)} KB min)${s.lazyGzip ? ` + ${(s.lazyGzip / KB).toFixed(2)} KB gzip loaded on demand` : ''}`;

describe('sdk size', () => {
  const sizes = Promise.all([
    gzipSize(`export { createTellus } from '@tellus/sdk';`),
    gzipSize(`export { createTellusCore } from '@tellus/sdk';`),
    gzipSize(`export { parseSurveys } from '@tellus/schema';`),
  ]);

  it('keeps createTellusCore (queue, transport, triggers; checks passed in) within 8 KB gzip and free of zod', async () => {
    const [full, core, validation] = await sizes;
    console.info(`sdk size: createTellus ${fmt(full)}; createTellusCore ${fmt(core)}; parseSurveys alone ${fmt(validation)}`);
    // zod's error machinery carries these strings; the core must not carry any of it.
    expect(core.all).not.toMatch(/invalid_type|ZodError|\$ZodType|_zod/);
    expect(core.gzip).toBeLessThanOrEqual(8 * KB);
  }, 60_000);

  it('keeps createTellus (with survey validation) within 12 KB gzip on the first load, its answer checks loaded at the first answer', async () => {
    const [full] = await sizes;
    expect(full.gzip).toBeLessThanOrEqual(12 * KB);
    // The answer checks and the responses half are behind import(), not in the first load.
    expect(full.code).not.toContain('must be a whole number from 0 to 10');
    expect(full.all).toContain('must be a whole number from 0 to 10');
  }, 60_000);
});
