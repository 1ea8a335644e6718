// Writes docs/survey.schema.json from @tellus/schema so editors can autocomplete survey files.
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
if (spawnSync(process.execPath, [root + 'scripts/build.mjs', '--if-missing'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const { surveyJsonSchema } = await import(root + 'packages/schema/dist/index.js');
writeFileSync(root + 'docs/survey.schema.json', JSON.stringify(surveyJsonSchema(), null, 2) + '\n');
console.log('wrote docs/survey.schema.json');
