#!/usr/bin/env node
// `sipkit`. Runs the bundled CLI (dist-cli/, built at `npm ci` by scripts/build-cli.mjs) while it is
// up to date with the sources: it starts like a native tool. In a dev tree whose sources changed
// since, runs them directly through tsx instead (about a second to start), so no build step is
// ever needed. SIPKIT_CLI=bundle or SIPKIT_CLI=source picks one (bundle: even when the sources are
// newer; exit 2 when it was never built).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './cli-bundle.mjs';

const mode = process.env.SIPKIT_CLI ?? 'auto';
if (!['auto', 'bundle', 'source'].includes(mode)) {
  process.stderr.write(`sipkit: SIPKIT_CLI must be auto, bundle or source, not "${mode}"\n`);
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const built = fileURLToPath(new URL('../dist-cli/sipkit.js', import.meta.url));
let bundle;
if (mode === 'auto') bundle = freshBundle(root);
else if (mode === 'bundle' && existsSync(built)) bundle = built;
if (bundle !== undefined) {
  await import(pathToFileURL(bundle).href);
} else if (mode === 'bundle') {
  process.stderr.write('sipkit: SIPKIT_CLI=bundle, but dist-cli/ was never built: run npm run build:cli\n');
  process.exit(2);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/run.ts');
}
