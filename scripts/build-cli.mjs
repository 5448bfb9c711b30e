#!/usr/bin/env node
// Bundles the `sipkit` CLI into dist-cli/ with esbuild, so it starts like a native tool instead of
// transpiling TypeScript through tsx on every start (~1 s). Run by `npm ci` (the `prepare` script)
// and `npm run build:cli`.
//  - sipkit.js: electron/cli/run.ts; each command's code sits in a chunk of its own, loaded only
//    when that command runs (electron/cli/main.ts imports them lazily);
//  - one file per worker thread (scripts/worker-entries.mjs), beside the chunks whose code starts it;
//  - npm packages are bundled in, except better-sqlite3: native, loaded from node_modules;
//  - stamp.json: when the build started and which sources it read. bin/sipkit.mjs runs the bundle
//    only while none of them changed since (bin/cli-bundle.mjs), and the sources through tsx otherwise.
// The bundle is written beside dist-cli/ and swapped in, so a sipkit starting meanwhile never
// sees half of it.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WORKER_ENTRIES } from './worker-entries.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = path.join(root, 'dist-cli');
// Read on every start beside the sources: their change (npm ci) makes the bundle stale too.
const DEPENDENCY_FILES = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json'];

/** Moves the new build into place. Another build (a parallel test run) may swap its own in meanwhile. */
function swapIn(tmp, outDir) {
  const old = `${outDir}.old-${process.pid}`;
  for (let attempt = 1; ; attempt++) {
    try {
      renameSync(outDir, old);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err; // first build, or another build's old one just left
    }
    try {
      renameSync(tmp, outDir);
      break;
    } catch (err) {
      if ((err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') || attempt === 5) throw err;
      rmSync(old, { recursive: true, force: true });
    }
  }
  rmSync(old, { recursive: true, force: true });
}

export async function buildCli(outDir = CLI_OUT_DIR) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // `npm ci --omit=dev`: no esbuild, and bin/sipkit.mjs runs the sources through tsx.
    console.log('build-cli: esbuild is not installed; sipkit will run from the TypeScript sources');
    return undefined;
  }
  const builtMs = Date.now();
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [
      { in: 'electron/cli/run.ts', out: 'sipkit' },
      ...WORKER_ENTRIES.map((w) => ({ in: w.entry, out: w.name })),
    ],
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Chunks beside the entries: a worker's starter finds it with new URL('./x.js', import.meta.url).
    chunkNames: 'chunk-[hash]',
    external: ['better-sqlite3'],
    // CommonJS packages (npm `sip`, commander) call require() for Node built-ins: give ESM one.
    banner: {
      js: "import { createRequire as sipkitCreateRequire } from 'node:module'; const require = sipkitCreateRequire(import.meta.url);",
    },
    // Smaller files: less to read and compile at every start (compiling is most of what profiles costs).
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  const deps = DEPENDENCY_FILES.filter((f) => existsSync(path.join(root, f)));
  const stamp = { builtMs, inputs: [...inputs, ...deps].sort() };
  writeFileSync(path.join(tmp, 'stamp.json'), `${JSON.stringify(stamp)}\n`);
  swapIn(tmp, outDir);
  return stamp;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = Date.now();
  const stamp = await buildCli();
  if (stamp) {
    console.log(`build-cli: dist-cli/sipkit.js from ${stamp.inputs.length} sources in ${Date.now() - t0} ms`);
  }
}
