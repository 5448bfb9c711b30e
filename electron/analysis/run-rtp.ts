// The RTP streams kept with a run, for the media rules: undefined when the run's source could not
// hold RTP (a text log, HEP, a test call's own SIP), so "no stream" is never read as "no audio".
import type { RtpStreamRecord } from '../../shared/media/rtp-stream';
import type { RunRecord } from '../../shared/trace-types';
import type { TraceStore } from '../store/trace-store';

export function rtpStreamsOfRun(store: TraceStore, run: RunRecord): readonly RtpStreamRecord[] | undefined {
  // store-import.ts and the live capture set params.rtpStreams when they looked for RTP.
  if (typeof run.params?.['rtpStreams'] !== 'number') return undefined;
  return store.rtpStreamsByRun(run.id);
}
