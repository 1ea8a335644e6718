import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup, type Plugin } from 'rollup';
import ts from 'typescript';
import { it } from 'vitest';
const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, 'file:///work/main/'));
const workspace: Plugin = { name: 'workspace', resolveId(id, importer) {
    if (id === 'entry') return id;
    const m = /^@tellus\/(schema|sdk)$/.exec(id);
    if (m) return { id: src(m[1]!), moduleSideEffects: false };
    if (importer && !importer.includes('node_modules') && id.startsWith('.') && id.endsWith('.js'))
      return { id: fileURLToPath(new URL(id.replace(/\.js$/, '.ts'), `file://${importer}`)), moduleSideEffects: false };
    return null; } };
const transpile: Plugin = { name: 'transpile', transform(code, id) { if (!id.endsWith('.ts')) return null;
    return { code: ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext }, fileName: id }).outputText, map: null }; } };
it('x', async () => {
  for (const e of [`export { createTellusCore } from "@tellus/sdk";`]) {
    const b = await rollup({ input: 'entry', plugins: [{ name: 'e', load: (id) => (id === 'entry' ? e : null) }, workspace, nodeResolve({ browser: true }), transpile], onwarn: () => undefined });
    const { output } = await b.generate({ format: 'esm' });
    const mods = Object.entries(output[0].modules).map(([k, v]) => [v.renderedLength, k.replace(/.*node_modules\//, '').replace('/work/main/packages/', '')] as const).filter(([n]) => n > 0).sort((a, b) => b[0] - a[0]);
    console.log(e, '\n' + mods.slice(0, 40).map(([n, k]) => `${n}\t${k}`).join('\n'));
  }
}, 60000);
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
it('gz', async () => {
  for (const e of [`export { createTellusCore } from '@tellus/sdk';`]) {
    const b = await rollup({ input: 'entry', plugins: [{ name: 'e', load: (id) => (id === 'entry' ? e : null) }, workspace, nodeResolve({ browser: true }), transpile, terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } })], onwarn: () => undefined });
    const { output } = await b.generate({ format: 'esm' });
    writeFileSync('/tmp/core.min.js', output[0].code);
    console.log(e, gzipSync(output[0].code, { level: 9 }).length);
  }
}, 60000);
