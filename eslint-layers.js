// The staircase of the house (docs/architecture.md): each layer may import the layers below it,
// never one above it, and the two front ends (services for the app, cli for sipkit) never import
// each other. ESLint turns this table into no-restricted-imports rules (eslint.config.js), and
// test/unit/lint/layers.test.ts proves every forbidden step is caught.

/** Top to bottom. A layer's folders; an import may only go to a later entry (or its own). */
export const LAYERS = [
  { name: 'renderer', folders: ['renderer'] },
  { name: 'main', folders: ['electron/main', 'electron/preload'] },
  { name: 'web', folders: ['electron/web'] },
  { name: 'services', folders: ['electron/services'], peers: ['cli'] },
  { name: 'cli', folders: ['electron/cli'], peers: ['services'] },
  { name: 'usecases', folders: ['electron/usecases'] },
  { name: 'export', folders: ['electron/export'] },
  { name: 'analysis', folders: ['electron/analysis'] },
  { name: 'import', folders: ['electron/import'] },
  { name: 'engine', folders: ['electron/engine'], beside: ['store'] },
  { name: 'store', folders: ['electron/store'], beside: ['engine'] },
  { name: 'shared', folders: ['shared'] },
];

/** The layers `name` must not import: every one above it, its peer, and a sibling it stands beside. */
export function forbiddenFor(name) {
  const at = LAYERS.findIndex((l) => l.name === name);
  const layer = LAYERS[at];
  const above = LAYERS.slice(0, at);
  const extra = LAYERS.filter(
    (l) => (layer.beside ?? []).includes(l.name) || (layer.peers ?? []).includes(l.name),
  );
  return [...new Set([...above, ...extra])].filter((l) => l.name !== name);
}

/** Import patterns (gitignore style, as no-restricted-imports reads them) that reach a layer's folders. */
export function patternsOf(layer) {
  return layer.folders.flatMap((f) => {
    const last = f.split('/').pop();
    // A relative import names the folder by its last segment: ../../services/x, ../cli/y.
    return f === 'renderer' || f === 'shared' ? [`**/${last}/**`] : [`**/${f}/**`, `**/${last}/**`];
  });
}
