import { rollup } from 'rollup';
import { gzipSync } from 'node:zlib';
const configs = (await import('./rollup.config.mjs')).default;
const which = process.argv[2];
const c = configs.find(c => c.output.file?.endsWith(which));
const stubs = {
  startIssues: ['sdk/src/options.ts', null, (code) => code.replace(/export function startIssues[\s\S]*$/, 'export const startIssues = () => [];')],
  surveysUrl: ['sdk/src/surveys-url.ts', 'export const loadSurveys = async () => undefined;'],
  fallback: ['sdk/src/queue/fallback.ts', 'export const withFallback = (p, m) => p ?? m();'],
  backoff: ['sdk/src/transport/backoff.ts', 'export const createBackoff = () => ({next:()=>1,peek:()=>1,reset(){}});'],
  events: ['sdk/src/events.ts', 'export const createEmitter = () => ({on(){}, emit(){}, clear(){}});'],
};
const size = async (stub) => {
  const plugins = [...c.plugins];
  if (stub) plugins.unshift({ name: 'stub', transform(code, id) { return id.endsWith('/packages/' + stub[0]) && stub[2] ? stub[2](code) : null; }, load(id) { return id.endsWith('/packages/' + stub[0]) ? stub[1] : null; } });
  const b = await rollup({ ...c, plugins, onwarn: () => {} });
  const { output } = await b.generate(c.output);
  return gzipSync(output[0].code, { level: 9 }).length;
};
const base = await size();
console.log('base', base);
for (const [k, s] of Object.entries(stubs)) console.log(k, base - await size(s));
