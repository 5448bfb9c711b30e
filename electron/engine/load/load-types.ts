// Types of the load generator (issue 7): what a run is asked to do, where it goes, its safety
// caps, and what it reports. The per-second row and the result are the IPC schema's own types,
// so the UI shows them without conversion.
import type { z } from 'zod';
import type { loadSecondSchema, loadStatusSchema } from '../../../shared/ipc/schemas/load';
import type { Endpoint } from '../../../shared/trace-types';

export type LoadMode = 'fixed' | 'channels' | 'ramp-cps' | 'ramp-channels' | 'register';

export interface LoadPlan {
  readonly mode: LoadMode;
  /** The number (or user) to call; unused by the register mode. */
  readonly to: string;
  /** fixed: calls per second. channels / ramp-channels: the rate calls are opened at. */
  readonly cps?: number;
  /** fixed: how long to start calls for. channels: how long to hold once all are up. register: how long to run. */
  readonly durationS?: number;
  /** fixed: how many calls (instead of, or as well as, durationS). register: how many REGISTERs. */
  readonly calls?: number;
  /** channels: how many concurrent calls to open. */
  readonly channels?: number;
  readonly rampStart?: number;
  readonly rampStep?: number;
  readonly rampStepSeconds?: number;
  readonly rampMax?: number;
  /** register: seconds between REGISTERs. */
  readonly registerEveryS?: number;
  /** Hold time of an answered call: fixed (min = max) or uniformly random in [min, max]. */
  readonly holdMinS: number;
  readonly holdMaxS: number;
  /** Send a little RTP (PCMU silence, the first second of each answered call). */
  readonly media: boolean;
  /** ramp: share of failed calls in a step that counts as failing, default 0.01. */
  readonly failureThreshold?: number;
}

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

export interface LoadCaps {
  readonly maxCps: number;
  readonly maxChannels: number;
  readonly maxCalls: number;
  readonly maxDurationS: number;
}

/** Hard caps a user must raise deliberately (--max-cps, --max-channels). */
export const DEFAULT_CAPS: LoadCaps = {
  maxCps: 200,
  maxChannels: 500,
  maxCalls: 100_000,
  maxDurationS: 3600,
};

export type LoadSecond = z.output<typeof loadSecondSchema>;
export type LoadResult = NonNullable<z.output<typeof loadStatusSchema>['result']>;

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
