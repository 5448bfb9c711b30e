// Every module that runs as a worker thread (`new Worker(file)`), with the file name its starter
// looks for beside its own compiled code (load-off-thread.ts: './load-worker.js'). Bundles that
// contain a starter must also ship its worker: scripts/build-cli.mjs builds each one into dist-cli/.
// A new worker thread: add its entry here and make its starter find `${name}.js` beside itself.
export const WORKER_ENTRIES = Object.freeze([
  Object.freeze({ name: 'load-worker', entry: 'electron/engine/load/load-worker.ts' }),
  // Imports and analyses of the trace service (electron/services/traces/trace-off-thread.ts).
  Object.freeze({ name: 'trace-worker', entry: 'electron/services/traces/trace-worker.ts' }),
]);
