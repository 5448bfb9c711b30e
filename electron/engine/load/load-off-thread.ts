// startLoad on a thread of its own (node:worker_threads), same options and handle. Why: at
// thousands of CPS the trace store's batch commits (a few ms each, on the thread that owns the
// database) delayed call starts by up to 9 ms (pacing p99). With the generator on its own thread,
// its pacer and timers never wait for a commit; captured messages cross back in batches of up to
// 512 every 20 ms and are appended to the store here. If the thread cannot start (a packaging
// problem), the run goes on in this thread and says so once.
//
// The thread is kept, idle and unref'd (it never holds the process open), for the next run: a
// fresh thread costs ~0.1 CPU-s to start and ~0.2 CPU-s of V8 optimising its code again in every
// run (profiled: as much as 2,000 calls' worth of the load itself).
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unpackBatch } from './capture-batch';
import { startLoad } from './load-run';
import type { LoadReport, LoadRunHandle, StartLoadOptions } from './load-types';
import type { FromWorker, ToWorker, WorkerStart } from './load-worker-protocol';

/**
 * The worker's file: beside this module when running from TypeScript sources (tsx), or the
 * bundle's load-worker.js beside main.js (scripts/build-electron.mjs builds both).
 */
function workerFile(): URL | undefined {
  const fromSource = import.meta.url.endsWith('.ts');
  // From sources, a small .mjs registers tsx's loader in the new thread, then loads load-worker.ts.
  const url = new URL(fromSource ? './load-worker-boot.mjs' : './load-worker.js', import.meta.url);
  // Packaged: a thread cannot start from inside app.asar; electron-builder.yml unpacks the file.
  const file = fileURLToPath(url).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return existsSync(file) ? pathToFileURL(file) : undefined;
}

/**
 * `workerUrl`: a bundled load-worker.js to run instead (the bench runs the bundle, as the packaged
 * app and the CLI do: from sources, tsx's loader thread and the thread's compile cost more CPU than
 * a short run's calls).
 */
export function startLoadOffThread(opts: StartLoadOptions, workerUrl?: URL): LoadRunHandle {
  const file = workerUrl ?? workerFile();
  if (opts.clock !== undefined || file === undefined) {
    // An injected clock (tests) cannot cross threads; a missing worker file is a packaging bug.
    if (file === undefined) opts.onWarning?.('the load thread is missing: running in the main thread');
    return startLoad(opts);
  }
  const start: WorkerStart = {
    plan: opts.plan,
    target: opts.target,
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.cpuProfile ? { cpuProfile: true } : {}),
  };
  // A bundled thread needs none of this process's flags: under tsx (the bench, `npx tsx`) they
  // would load tsx's loader and its hooks thread into the load thread too (~0.12 CPU-s per run,
  // measured). From sources, load-worker-boot.mjs registers tsx itself.
  const bundled = !file.pathname.endsWith('.mjs');
  const worker = takeIdle(file) ?? new Worker(file, bundled ? { execArgv: [] } : {});
  worker.ref();
  let resolveDone!: (r: LoadReport) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<LoadReport>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const abortWaiters: (() => void)[] = [];
  let settled = false;
  const settle = (fn: () => void, reusable: boolean): void => {
    if (settled) return;
    settled = true;
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
    fn();
    for (const w of abortWaiters.splice(0)) w();
    if (reusable) keepIdle(file, worker);
    else void worker.terminate();
  };
  const onMessage = (m: FromWorker): void => {
    switch (m.type) {
      case 'capture':
        unpackBatch(m.batch, (msg) => {
          try {
            opts.capture.capture(msg);
          } catch {
            // A sink must never break the run (capture-sink.ts); the store reports its own errors.
          }
        });
        return;
      case 'not-captured':
        for (let n = 0; n < m.inbound; n++) opts.capture.notCaptured?.('in', 'queue-full');
        return;
      case 'second':
        return opts.onSecond?.(m.second);
      case 'progress':
        return opts.onProgress?.(m.progress);
      case 'ready':
        return opts.onReady?.(m.info);
      case 'warning':
        return opts.onWarning?.(m.message);
      case 'aborted':
        for (const w of abortWaiters.splice(0)) w();
        return;
      case 'done':
        opts.onThreadReport?.(m.thread);
        return settle(() => resolveDone(m.report), true);
      case 'failed':
        return settle(() => rejectDone(new Error(m.message)), false);
    }
  };
  const onError = (err: Error): void =>
    settle(() => rejectDone(new Error(`the load thread failed: ${err.message}`)), false);
  const onExit = (code: number): void =>
    settle(() => rejectDone(new Error(`the load thread stopped (exit code ${code})`)), false);
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  worker.postMessage({ type: 'start', start } satisfies ToWorker);
  return {
    done,
    abort: () =>
      new Promise<void>((resolve) => {
        if (settled) return resolve();
        abortWaiters.push(resolve);
        worker.postMessage({ type: 'abort' } satisfies ToWorker);
      }),
  };
}

/** At most one idle load thread per worker file, waiting for the next run. */
const idle = new Map<string, { worker: Worker; forget: () => void }>();

function takeIdle(file: URL): Worker | undefined {
  const entry = idle.get(file.href);
  if (!entry) return undefined;
  idle.delete(file.href);
  entry.worker.off('exit', entry.forget);
  entry.worker.off('error', entry.forget);
  return entry.worker;
}

function keepIdle(file: URL, worker: Worker): void {
  if (idle.has(file.href)) {
    void worker.terminate();
    return;
  }
  // An idle thread must not keep the process alive, and one that fails or dies is forgotten.
  const forget = (): void => {
    if (idle.get(file.href)?.worker === worker) idle.delete(file.href);
  };
  idle.set(file.href, { worker, forget });
  worker.unref();
  worker.on('exit', forget);
  worker.on('error', forget);
}
