import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import netpolish from './scripts/lint-rules.js';

/** Libraries the engine must never import: it runs in a worker and in Node, without DOM or UI. */
const ENGINE_FORBIDDEN = [
  'svelte',
  'svelte/*',
  '$app/*',
  'dexie',
  'sigma',
  'sigma/*',
  'comlink',
  'graphology',
  'graphology-*',
  'node:*',
  'fs',
  'path',
  '$lib/db',
  '$lib/db/*',
  '$lib/state/*',
  '$lib/components/*',
];

export default ts.config(
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    files: ['src/lib/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ENGINE_FORBIDDEN,
              message: 'src/lib/engine is pure TypeScript: no DOM, UI, storage or Node imports.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'indexedDB'],
    },
  },
  {
    // Outside the engine, only its public entry (src/lib/engine/index.ts); tests may import internals.
    files: ['src/**/*.ts', 'src/**/*.svelte', 'workers/**/*.ts'],
    ignores: ['src/lib/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['$lib/engine/*', '**/lib/engine/*', '!**/lib/engine/index'],
              message:
                'Import the engine only through its public entry: $lib/engine (src/lib/engine/index.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    plugins: { netpolish },
    rules: { 'netpolish/no-hand-built-workload-key': 'error' },
  },
  {
    files: ['src/lib/engine/model/ids.ts'],
    rules: { 'netpolish/no-hand-built-workload-key': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    ignores: [
      'build/',
      'dist/',
      '.svelte-kit/',
      'node_modules/',
      'bench/data/',
      'bench/results/',
      'test-results/',
      'playwright-report/',
      'tests/fixtures/',
      'static/samples/',
      // AssemblyScript (its own types and builtins), compiled by scripts/build-kernel.mjs.
      'wasm/',
    ],
  },
);
