// Flat config. The import boundaries come from DEVELOPERS.md:
// engine and store never import electron or react; renderer never imports node: modules
// or the engine; shared imports neither Node nor the DOM-side code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'net',
  'dgram',
  'dns',
  'crypto',
  'child_process',
  'http',
  'https',
  'tls',
  'util',
  'events',
  'stream',
  'worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-electron/',
      'dist-cli/',
      'release/',
      'test-results/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: [
      'electron/engine/**',
      'electron/store/**',
      'electron/cli/**',
      'electron/web/**',
      'electron/services/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'The engine, store, CLI and web mode run on plain Node: no Electron.',
            },
            {
              group: ['react', 'react-dom', 'react/*', '**/renderer/**'],
              message: 'No UI code outside the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs in a browser sandbox: no Node modules.' },
            {
              group: ['**/electron/**', 'electron'],
              message: 'The renderer talks to the engine only through the client over the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'shared/ is pure TypeScript: no Node modules.' },
            {
              group: ['electron', '**/electron/**', 'react', 'react-dom', '**/renderer/**'],
              message: 'shared/ imports neither the engine nor the UI.',
            },
          ],
        },
      ],
    },
  },
);
