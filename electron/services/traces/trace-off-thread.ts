// Reading imports and analysing runs on a worker thread of their own (node:worker_threads), so one
// big import or a 30,000-message analysis never stalls the requests of the screens (issue 14: a
// 320 KB paste froze every other request for 29 s). One thread, jobs in order; the thread starts
// on the first job and is kept unreferenced, so it never holds the process open. If the thread
// cannot start (a packaging problem), jobs run in this thread, as they did before.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ParsedRequestOf } from '../../../shared/ipc/contract';
import type { RtpStreamRecord } from '../../../shared/media/rtp-stream';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { RunRecord, StoredMessage } from '../../../shared/trace-types';
import type { RunAnalysis } from '../../analysis/run-analysis';
import { refused } from '../service-error';
import { runTraceJob } from './trace-jobs';
import type { ReadCaptures, TraceJob, TraceJobReply } from './trace-worker-protocol';

/** An analysis and what it cost the thread (not counting the thread's start or earlier jobs). */
export interface TimedAnalysis {
  readonly analysis: RunAnalysis;
  readonly computeMs: number;
}

export interface TraceThread {
  readImport(request: ParsedRequestOf<'traces.import'>): Promise<ReadCaptures>;
  analyse(
    run: RunRecord,
    stored: readonly StoredMessage[],
    profile: ProviderProfile,
    /** The run's RTP streams, when it is a capture that looked for them (run-rtp.ts). */
    rtpStreams?: readonly RtpStreamRecord[],
  ): Promise<TimedAnalysis>;
  /** Starts the thread now rather than on the first job, so that job does not wait for it to boot. */
  warm(): void;
  close(): Promise<void>;
}

/**
 * The worker's file: beside this module when running from TypeScript sources (tsx), or the
 * bundle's trace-worker.js beside main.js (scripts/build-electron.mjs builds both).
 */
function workerFile(): URL | undefined {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './trace-worker-boot.mjs' : './trace-worker.js', import.meta.url);
  // Packaged: a thread cannot start from inside app.asar; electron-builder.yml unpacks the file.
  const file = fileURLToPath(url).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return existsSync(file) ? pathToFileURL(file) : undefined;
}

type Job = TraceJob extends infer J ? (J extends TraceJob ? Omit<J, 'id'> : never) : never;

interface Pending {
  resolve(reply: TraceJobReply): void;
  reject(error: Error): void;
}

let shared: TraceThread | undefined;

/** The process's one trace thread: jobs hold no state, so every service shares it. */
export function sharedTraceThread(): TraceThread {
  shared ??= createTraceThread();
  return shared;
}

export function createTraceThread(opts: { readonly inThread?: boolean } = {}): TraceThread {
  const file = opts.inThread === true ? undefined : workerFile();
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker = undefined;
  };
  const started = (): Worker => {
    if (worker !== undefined) return worker;
    const w = new Worker(file!);
    w.unref();
    w.on('message', (reply: TraceJobReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      p?.resolve(reply);
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => failAll(new Error(`the trace thread stopped (exit code ${code})`)));
    worker = w;
    return w;
  };

  const run = (job: Job): Promise<TraceJobReply> => {
    const id = nextId++;
    if (file === undefined) return Promise.resolve(runTraceJob({ ...job, id } as TraceJob));
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      started().postMessage({ ...job, id });
    });
  };
  const settled = async (job: Job): Promise<TraceJobReply> => {
    const reply = await run(job);
    if (reply.type === 'refused') throw refused(reply.message);
    if (reply.type === 'failed') throw new Error(reply.message);
    return reply;
  };
  const unexpected = (reply: TraceJobReply, asked: string): Error =>
    new Error(`the trace thread answered ${reply.type} to ${asked}`);

  return {
    async readImport(request) {
      const reply = await settled({ type: 'import', request });
      if (reply.type !== 'import') throw unexpected(reply, 'import');
      return reply.result;
    },
    async analyse(run, stored, profile, rtpStreams) {
      const reply = await settled({
        type: 'analyse',
        run,
        stored,
        profile,
        ...(rtpStreams ? { rtpStreams } : {}),
      });
      if (reply.type !== 'analyse') throw unexpected(reply, 'analyse');
      return { analysis: reply.result, computeMs: reply.computeMs };
    },
    warm() {
      if (file !== undefined) started();
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w !== undefined) await w.terminate();
    },
  };
}
