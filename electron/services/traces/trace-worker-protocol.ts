// What crosses between the trace service and its worker thread (trace-off-thread.ts,
// trace-worker.ts): plain data only, structured-cloned.
import type { ParsedRequestOf } from '../../../shared/ipc/contract';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { CapturedMessage, RunRecord, StoredMessage } from '../../../shared/trace-types';
import type { RtpStreamRecord } from '../../../shared/media/rtp-stream';
import type { ImportFacts } from '../../analysis/import-facts';
import type { RunAnalysis } from '../../analysis/run-analysis';

/** An import read and parsed, ready for the store. */
export interface ReadCaptures {
  readonly format: string;
  readonly captures: readonly CapturedMessage[];
  /** The RTP streams of a pcap/pcapng; absent for a text log. */
  readonly rtpStreams?: readonly RtpStreamRecord[];
  /** A PBX log's own address and unknown times (import-facts.ts). */
  readonly facts?: ImportFacts;
  /** Set when reading stopped at damage before the end: one line, where and why. */
  readonly damage?: string;
}

export type TraceJob =
  | { readonly id: number; readonly type: 'import'; readonly request: ParsedRequestOf<'traces.import'> }
  | {
      readonly id: number;
      readonly type: 'analyse';
      readonly run: RunRecord;
      readonly stored: readonly StoredMessage[];
      readonly profile: ProviderProfile;
      readonly rtpStreams?: readonly RtpStreamRecord[];
    };

export type TraceJobReply =
  | { readonly id: number; readonly type: 'import'; readonly result: ReadCaptures }
  | {
      readonly id: number;
      readonly type: 'analyse';
      readonly result: RunAnalysis;
      /** What the analysis itself took on the thread, without the wait before it (ms). */
      readonly computeMs: number;
    }
  /** A refusal to show the user (ServiceError 'refused'). */
  | { readonly id: number; readonly type: 'refused'; readonly message: string }
  /** A bug: the job threw something else. */
  | { readonly id: number; readonly type: 'failed'; readonly message: string };
