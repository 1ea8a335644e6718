#!/usr/bin/env node
// The `tellus` command's entry: runs dist/cli.js; in a fresh clone of the Tellus repository it builds dist/ first.
// It is committed (not built) so npm can link `tellus` at install time, before any build has run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  const build = fileURLToPath(new URL('../../../scripts/build.mjs', import.meta.url));
  if (!existsSync(build)) {
    process.stderr.write(`tellus: ${fileURLToPath(cli)} is missing; reinstall @tellus/collector\n`);
    process.exit(1);
  }
  process.stderr.write('tellus: first run in this clone, building dist/ …\n');
  // Build progress goes to stderr so the command's own output (e.g. an export piped to a file) stays clean.
  const r = spawnSync(process.execPath, [build, '--if-missing'], { stdio: ['ignore', process.stderr, process.stderr] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(cli.href);
