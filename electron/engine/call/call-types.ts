// Reports of a test call, shared by the outbound caller and the inbound answerer.
import type { Endpoint } from '../../../shared/trace-types';
import type { SdpNatFinding } from '../sdp/nat-findings';
import type { MediaReport } from './call-media';

export type CallOutcome = 'completed' | 'rejected' | 'redirected' | 'cancelled' | 'timeout' | 'error';

export interface CallMetrics {
  /** INVITE sent → first provisional response. */
  readonly timeToFirstProvisionalMs?: number;
  /** INVITE sent → 180/183: the post-dial delay a caller hears as silence. */
  readonly postDialDelayMs?: number;
  /** INVITE sent → 2xx. */
  readonly timeToAnswerMs?: number;
  /** 2xx → hang-up. */
  readonly durationMs?: number;
}

export interface CallReport {
  readonly outcome: CallOutcome;
  readonly answered: boolean;
  readonly callId: string;
  readonly finalStatus?: number;
  readonly finalReason?: string;
  readonly warning?: string;
  readonly retryAfterS?: number;
  /** 3xx: where the far side redirected us. */
  readonly contacts?: readonly string[];
  readonly hungUpBy?: 'us' | 'them';
  readonly metrics: CallMetrics;
  readonly codec?: string;
  readonly remoteMedia?: Endpoint;
  readonly sdpFindings: readonly SdpNatFinding[];
  readonly media?: MediaReport;
  readonly dtmfSent?: string;
  /** One line for a technician. */
  readonly message: string;
}

export type CallEvent =
  | {
      readonly type: 'sending';
      readonly cseq: number;
      readonly authorized: boolean;
      readonly requestUri: string;
    }
  | {
      /** The INVITE went out (again) and nothing has answered yet: timer A/B, RFC 3261 §17.1.1.2. */
      readonly type: 'invite-sent';
      /** Sends so far, the first included. */
      readonly count: number;
      /** Until the next retransmission; absent when none is due (TCP, or timer B comes first). */
      readonly nextInMs?: number;
      /** Until timer B gives up. */
      readonly giveUpInMs: number;
    }
  | {
      readonly type: 'provisional';
      readonly status: number;
      readonly reason: string;
      readonly atMs: number;
      readonly earlyMedia: boolean;
    }
  | {
      readonly type: 'challenged';
      readonly status: number;
      readonly realm: string;
      readonly algorithm: string;
    }
  | {
      readonly type: 'answered';
      readonly atMs: number;
      readonly codec: string;
      readonly remoteMedia: Endpoint;
      readonly findings: readonly SdpNatFinding[];
    }
  | { readonly type: 'cancelling'; readonly why: 'ring-timeout' | 'stopped' }
  | { readonly type: 'in-dialog'; readonly method: string; readonly answered: number }
  | { readonly type: 'dtmf-sent'; readonly digits: string }
  | { readonly type: 'hangup'; readonly by: 'us' | 'them' }
  | { readonly type: 'warning'; readonly message: string };
