// Test runner setup: resolves @tellus/* to sources so tests never depend on a stale build.
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@tellus/schema': src('schema'),
      '@tellus/sdk': src('sdk'),
      '@tellus/widget': src('widget'),
      '@tellus/collector': src('collector'),
      '@tellus/react': src('react'),
    },
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
