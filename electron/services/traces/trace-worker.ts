// The trace service's worker thread: reads imports and analyses runs (trace-jobs.ts) one job at a
// time, so the thread that answers the UI never waits for them (issue 14). Started by
// trace-off-thread.ts; built beside main.js as trace-worker.js (scripts/build-electron.mjs).
import { parentPort } from 'node:worker_threads';
import { runTraceJob } from './trace-jobs';
import type { TraceJob } from './trace-worker-protocol';

parentPort?.on('message', (job: TraceJob) => {
  parentPort?.postMessage(runTraceJob(job));
});
