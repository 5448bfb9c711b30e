#!/usr/bin/env node
// Compiles the Electron main process and preload into dist-electron/ with esbuild:
//  - main.js: ESM for Node, npm packages left as imports (better-sqlite3 is native and must be
//    loaded from node_modules, where electron-builder rebuilds it for Electron);
//  - load-worker.js: the load generator's own thread, beside main.js;
//  - trace-worker.js: the trace service's thread (imports, analyses), beside main.js;
//  - preload.cjs: one CommonJS file, because a sandboxed preload can require nothing but 'electron'.
// Used by scripts/start.mjs and before packaging; run directly with `node scripts/build-electron.mjs`.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_OUT_DIR = path.join(root, 'dist-electron');

export async function buildElectron() {
  rmSync(ELECTRON_OUT_DIR, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', sourcemap: true, logLevel: 'error', absWorkingDir: root };
  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main/main.ts'],
      outfile: path.join(ELECTRON_OUT_DIR, 'main.js'),
      format: 'esm',
      target: 'node22',
      packages: 'external',
    }),
    // The load generator's thread (electron/engine/load/load-off-thread.ts looks for it beside main.js).
    build({
      ...common,
      // Self-contained (npm packages bundled in, none of them native): it is unpacked from app.asar
      // to run as a thread, and would not find node_modules from there.
      entryPoints: ['electron/engine/load/load-worker.ts'],
      outfile: path.join(ELECTRON_OUT_DIR, 'load-worker.js'),
      format: 'esm',
      target: 'node22',
      // npm `sip` is CommonJS and requires Node built-ins: give the ESM bundle a require().
      banner: {
        js: "import { createRequire as sipkitRequire } from 'node:module'; const require = sipkitRequire(import.meta.url);",
      },
    }),
    // The trace service's thread (electron/services/traces/trace-off-thread.ts looks for it beside
    // main.js): self-contained like the load worker, for the same reasons.
    build({
      ...common,
      entryPoints: ['electron/services/traces/trace-worker.ts'],
      outfile: path.join(ELECTRON_OUT_DIR, 'trace-worker.js'),
      format: 'esm',
      target: 'node22',
      banner: {
        js: "import { createRequire as sipkitRequire } from 'node:module'; const require = sipkitRequire(import.meta.url);",
      },
    }),
    build({
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: path.join(ELECTRON_OUT_DIR, 'preload.cjs'),
      format: 'cjs',
      target: 'chrome140',
      external: ['electron'],
    }),
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildElectron();
}
