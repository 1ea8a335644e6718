// The consumer app's Vite config: relative asset URLs so the test can serve dist/ from any folder.
import { defineConfig } from 'vite';

export default defineConfig({ base: './', logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } });
