#!/usr/bin/env node
// `npm start`: builds the renderer, then opens the Electron app when Electron can run here;
// otherwise (or with --web) serves the same UI on 127.0.0.1 for a browser, announced in one line.
// Works right after `npm ci`: everything it needs is built on the way. SIPKIT_WEB_PORT picks the
// web port (default: a free one).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ELECTRON_MAIN = 'dist-electron/main.js';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--web');
if (unknown.length > 0) fail(`unknown option ${unknown[0]}; usage: npm start [-- --web]`);
const forceWeb = args.includes('--web');

try {
  const electron = forceWeb ? undefined : findElectron();
  await buildRenderer();
  if (electron?.binary) await runElectron(electron.binary);
  else await runWeb(electron?.reason);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

/** The Electron binary, or why there is none usable. */
function findElectron() {
  try {
    require.resolve('electron');
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  let binary;
  try {
    // The electron package's main export is the path of its binary; it throws when the download failed.
    binary = require('electron');
  } catch {
    return { reason: 'its binary was never downloaded' };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return { reason: 'its binary was never downloaded' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display' };
  }
  return { binary };
}

async function buildRenderer() {
  const { build } = await import('vite');
  // Errors only: the user is told one line, the address.
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'error' });
}

async function runElectron(binary) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (pkg.main !== ELECTRON_MAIN)
    throw new Error(`package.json "main" must be "${ELECTRON_MAIN}" for Electron to find the app`);
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron();
  const env = { ...process.env };
  // Set, it would make the binary behave as plain Node instead of opening the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) =>
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  process.exit(code);
}

async function runWeb(electronMissingReason) {
  // The web mode is TypeScript run as it is, the way bin/sipkit.mjs runs the CLI.
  const { register } = await import('tsx/esm/api');
  register();
  const { runWebMode } = await import('../electron/web/run-web-mode.ts');
  await runWebMode({
    announce: (url) =>
      electronMissingReason
        ? `Electron is not available on this machine (${electronMissingReason}); serving the same UI at ${url}`
        : `Serving the SIP Field Kit UI at ${url}`,
  });
  process.exit(0);
}

function fail(message) {
  process.stderr.write(`sipkit start: ${message}\n`);
  process.exit(1);
}
