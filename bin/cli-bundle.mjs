// Whether the bundled CLI (dist-cli/, scripts/build-cli.mjs) may run instead of the TypeScript
// sources: it exists and none of the files it was built from changed after its build started.
// One small JSON read and a stat per source (about 300): a millisecond or two at every start.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Absolute path of dist-cli/sipkit.js when it is up to date with the sources under `root`, else undefined. */
export function freshBundle(root, outDir = path.join(root, 'dist-cli')) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(outDir, 'stamp.json'), 'utf8'));
  } catch {
    return undefined; // never built (or `npm ci --omit=dev`, without esbuild)
  }
  if (typeof stamp?.builtMs !== 'number' || !Array.isArray(stamp.inputs)) return undefined;
  for (const rel of stamp.inputs) {
    const st = statSync(path.join(root, rel), { throwIfNoEntry: false });
    // A source edited since (or deleted: the import graph changed) means the bundle is stale.
    if (st === undefined || st.mtimeMs > stamp.builtMs) return undefined;
  }
  return path.join(outDir, 'sipkit.js');
}
