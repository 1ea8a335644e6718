// Test runner setup: resolves @tellus/* to sources so tests never depend on a stale build.
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Subpath exports (@tellus/schema/surveys, @tellus/sdk/deferred) first: a package's own name would match them as a prefix.
    alias: [
      { find: /^@tellus\/(schema|sdk)\/(surveys|answer-checks|deferred)$/, replacement: fileURLToPath(new URL('./packages/$1/src/$2.ts', import.meta.url)) },
      ...['schema', 'sdk', 'widget', 'collector', 'react'].map((name) => ({ find: new RegExp(`^@tellus/${name}$`), replacement: src(name) })),
    ],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
