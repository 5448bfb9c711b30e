// Flat config. The import boundaries are the staircase of docs/architecture.md (eslint-layers.js):
// no layer imports one above it; besides, everything but the Electron shell runs on plain Node (no
// Electron, no React), the renderer runs in a browser sandbox, and shared/ is pure TypeScript.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { forbiddenFor, LAYERS, patternsOf } from './eslint-layers.js';

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

const plainNode = [
  {
    group: ['electron', 'electron/*'],
    message:
      'Everything but the Electron shell runs on plain Node (the CLI, the web mode, the tests): no Electron.',
  },
  { group: ['react', 'react-dom', 'react/*'], message: 'No UI code outside the renderer.' },
];

/** What each layer's runtime forbids, whatever the staircase says. */
const RUNTIME = {
  renderer: [
    { group: nodeBuiltins, message: 'The renderer runs in a browser sandbox: no Node modules.' },
    {
      group: ['electron', '**/electron/**'],
      message: 'The renderer talks to the engine only through the client over the contract.',
    },
  ],
  main: [],
  web: plainNode,
  services: plainNode,
  cli: plainNode,
  usecases: plainNode,
  export: plainNode,
  analysis: plainNode,
  import: plainNode,
  engine: plainNode,
  store: plainNode,
  shared: [
    { group: nodeBuiltins, message: 'shared/ is pure TypeScript: no Node modules.' },
    { group: ['electron', 'react', 'react-dom'], message: 'shared/ imports neither Electron nor React.' },
  ],
};

function stairs(name) {
  return forbiddenFor(name).map((above) => ({
    group: patternsOf(above),
    message: `${name} must not import ${above.name}: imports only go down the staircase (docs/architecture.md).`,
  }));
}

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
  // One entry per layer: what its runtime forbids (Electron, React, Node) plus every layer above it.
  ...LAYERS.map((layer) => ({
    files: layer.folders.map((f) => `${f}/**`),
    ...(layer.name === 'renderer' ? { languageOptions: { globals: { ...globals.browser } } } : {}),
    rules: {
      'no-restricted-imports': ['error', { patterns: [...RUNTIME[layer.name], ...stairs(layer.name)] }],
    },
  })),
);
