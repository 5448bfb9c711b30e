// Messages between a load run's thread (load-worker.ts) and the thread that started it.
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { Endpoint } from '../../../shared/trace-types';
import type { PackedBatch } from './capture-batch';
import type {
  LoadPlan,
  LoadProgress,
  LoadReport,
  LoadSecond,
  LoadTarget,
  LoadThreadReport,
} from './load-types';

export interface WorkerStart {
  readonly plan: LoadPlan;
  readonly target: LoadTarget;
  readonly profile?: ProviderProfile;
  readonly cpuProfile?: boolean;
}

/** A run starts with 'start'; the thread stays up for the next one (load-off-thread.ts). */
export type ToWorker = { readonly type: 'start'; readonly start: WorkerStart } | { readonly type: 'abort' };

export type FromWorker =
  | { readonly type: 'capture'; readonly batch: PackedBatch }
  /** Received datagrams dropped unhandled since the last such message (stray-gate.ts). */
  | { readonly type: 'not-captured'; readonly inbound: number }
  | { readonly type: 'second'; readonly second: LoadSecond }
  | { readonly type: 'progress'; readonly progress: LoadProgress }
  | {
      readonly type: 'ready';
      readonly info: { local: Endpoint; recvBufferBytes: number; sendBufferBytes: number };
    }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'aborted' }
  | { readonly type: 'done'; readonly report: LoadReport; readonly thread: LoadThreadReport }
  | { readonly type: 'failed'; readonly message: string };
