import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * The engine's modules have no side effects (pure functions and tables): the app's main thread
 * imports a few helpers through the engine's one entry (src/lib/engine/index.ts), and the
 * bundle keeps only those, not every module the entry re-exports.
 */
const engineIsPure = (id: string): boolean | undefined =>
  /[\\/]src[\\/]lib[\\/]engine[\\/]/.test(id) ? false : undefined;

export default defineConfig({
  plugins: [sveltekit()],
  build: { rollupOptions: { treeshake: { moduleSideEffects: engineIsPure } } },
  worker: { format: 'es' },
  server: { fs: { allow: ['workers'] } },
  optimizeDeps: { include: ['dexie', 'comlink', 'sigma', 'graphology', 'js-yaml'] },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
