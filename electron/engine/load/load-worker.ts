// The load generator's own thread (see load-off-thread.ts): runs startLoad for each 'start' it is
// sent, one run at a time, and sends back, as messages, the captured datagrams in batches and the
// per-second rows, progress and the report. The thread outlives a run and waits for the next, so
// a second run starts with its code already compiled. Nothing here touches the store: the thread
// that owns it appends the batches, so a store commit never delays a call start.
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { CapturedMessage } from '../../../shared/trace-types';
import { packBatch } from './capture-batch';
import { startLoad } from './load-run';
import type { LoadRunHandle, LoadThreadReport } from './load-types';
import { cpuSince, threadCpu } from './thread-cpu';
import type { WorkerStart, FromWorker, ToWorker } from './load-worker-protocol';

/** Captured messages cross in batches: at most this many, or every BATCH_MS. */
const BATCH_MAX = 512;
const BATCH_MS = 20;

if (parentPort === null) throw new Error('load-worker runs only as a worker thread (see load-off-thread.ts)');
const port = parentPort;
const post = (m: FromWorker): void => port.postMessage(m);

let batch: CapturedMessage[] = [];
let notCaptured = 0;
const flush = (): void => {
  if (notCaptured > 0) {
    port.postMessage({ type: 'not-captured', inbound: notCaptured } satisfies FromWorker);
    notCaptured = 0;
  }
  if (batch.length === 0) return;
  const { batch: packed, transfer } = packBatch(batch);
  port.postMessage({ type: 'capture', batch: packed } satisfies FromWorker, transfer);
  batch = [];
};

let current: LoadRunHandle | undefined;

async function run(start: WorkerStart): Promise<void> {
  const timer = setInterval(flush, BATCH_MS);
  const cpu0 = threadCpu();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  // Only when asked (the bench's --profile): the profiler costs time of its own.
  const profiler = start.cpuProfile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const threadReport = async (): Promise<LoadThreadReport> => {
    const cpu = cpuSince(cpu0, threadCpu());
    const wallS = (performance.now() - t0) / 1000;
    const loopBusy = performance.eventLoopUtilization(elu0).utilization;
    let cpuProfile: string | undefined;
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      cpuProfile = JSON.stringify(profile);
      profiler.disconnect();
    }
    return {
      ...(cpu ? { cpuUserS: cpu.userS, cpuSysS: cpu.sysS } : {}),
      wallS,
      loopBusy,
      ...(cpuProfile ? { cpuProfile } : {}),
    };
  };
  const handle = startLoad({
    plan: start.plan,
    target: start.target,
    ...(start.profile ? { profile: start.profile } : {}),
    capture: {
      capture: (m) => {
        batch.push(m);
        if (batch.length >= BATCH_MAX) flush();
      },
      notCaptured: () => void notCaptured++,
    },
    onSecond: (second) => post({ type: 'second', second }),
    onProgress: (progress) => post({ type: 'progress', progress }),
    onReady: (info) => post({ type: 'ready', info }),
    onWarning: (message) => post({ type: 'warning', message }),
  });
  current = handle;
  try {
    const report = await handle.done;
    clearInterval(timer);
    flush();
    post({ type: 'done', report, thread: await threadReport() });
  } catch (error: unknown) {
    clearInterval(timer);
    flush();
    if (profiler) await threadReport().catch(() => undefined);
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    current = undefined;
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'start') {
    // load-off-thread.ts sends a start only to an idle thread.
    if (current) post({ type: 'failed', message: 'the load thread is already running a load' });
    else void run(m.start);
  } else if (m.type === 'abort') {
    const handle = current;
    if (handle) void handle.abort().then(() => post({ type: 'aborted' }));
    else post({ type: 'aborted' });
  }
});
