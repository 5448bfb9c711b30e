// Types of the load generator's engine side (issue 7): where a run goes, what starts it, what it
// reports. The plan, the per-second row and the result are the shared load model's
// (shared/load/load-model.ts), so the CLI, the UI and the engine use them without conversion.
import type { LoadPlan, LoadSecond, LoadResult } from '../../../shared/load/load-model';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { Endpoint } from '../../../shared/trace-types';
import type { Clock } from '../clock';
import type { CaptureSink } from '../transport/capture-sink';

export {
  DEFAULT_CAPS,
  type LoadCaps,
  type LoadMode,
  type LoadPlan,
  type LoadResult,
  type LoadSecond,
} from '../../../shared/load/load-model';

export interface LoadTarget {
  /** Host IP and port, already resolved. */
  readonly server: Endpoint;
  /** Digest user (and From user); absent = "sipkit", no credentials. */
  readonly user?: string;
  /** Never stored or logged. */
  readonly password?: string;
  /** From host (default: the server address). */
  readonly fromHost?: string;
  /** Request-URI / To host (default: the server address:port). */
  readonly domain?: string;
  readonly localAddress?: string;
  readonly localPort?: number;
}

export interface LoadTotals {
  readonly attempts: number;
  readonly answered: number;
  readonly failed: number;
  readonly maxConcurrent: number;
}

/** How late call starts were against their schedule, milliseconds. */
export interface PacingStats {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LoadReport {
  readonly seconds: LoadSecond[];
  readonly result: LoadResult;
  readonly totals: LoadTotals;
  readonly aborted: boolean;
  readonly pacing?: PacingStats;
}

export interface LoadProgress {
  readonly progress: number;
  readonly elapsedS: number;
  readonly message: string;
}

export interface LoadRunHandle {
  readonly done: Promise<LoadReport>;
  /** Ends every call (CANCEL or BYE) within 2 s; resolves when none is up. */
  abort(): Promise<void>;
}

/** What starts one load run (the register mode too): the plan, where to, and who hears about it. */
export interface StartLoadOptions {
  readonly plan: LoadPlan;
  readonly target: LoadTarget;
  readonly clock?: Clock;
  readonly capture: CaptureSink;
  onSecond?(s: LoadSecond): void;
  onProgress?(p: LoadProgress): void;
  /** For the verdict lines (cps_limit, channel_limit). */
  readonly profile?: ProviderProfile;
  /** Told once the socket is bound: our address and the kernel buffer sizes granted. */
  onReady?(info: { local: Endpoint; recvBufferBytes: number; sendBufferBytes: number }): void;
  /** Told about socket errors and the like; the run goes on. */
  onWarning?(message: string): void;
  /**
   * Off-thread runs only (load-off-thread.ts): told once, before `done` resolves, what the load
   * thread itself spent (the bench's "where the time went").
   */
  onThreadReport?(r: LoadThreadReport): void;
  /** Off-thread runs only: record a V8 CPU profile of the load thread (handed to onThreadReport). */
  readonly cpuProfile?: boolean;
}

/** What the load thread spent: its own CPU (Linux), its wall time, its event loop's busy share. */
export interface LoadThreadReport {
  readonly cpuUserS?: number;
  readonly cpuSysS?: number;
  readonly wallS: number;
  /** performance.eventLoopUtilization() over the run, 0..1. */
  readonly loopBusy: number;
  /** A .cpuprofile document (JSON), when asked for. */
  readonly cpuProfile?: string;
}
