// The stored messages behind each region's rows: the OPTIONS and REGISTER exchanges with that
// region's registrar, by store id and Call-ID, so the screen and the report link a figure to the
// message that proves it. Read once the run's messages are written.
import type { StoredMessage } from '../../../shared/trace-types';
import type { SipTarget } from '../../engine/discovery/discovery-types';
import type { TraceStore } from '../../store/trace-store';
import type { AcceptanceBoard } from './acceptance-board';

/** Registrations and pings come first in a run; the calls and a caps ramp come after. */
const READ_AT_MOST = 5000;

export function addRegionEvidence(
  board: AcceptanceBoard,
  store: TraceStore,
  runId: number,
  regions: readonly SipTarget[],
): void {
  store.flush();
  const messages = store.messagesByRun(runId, { limit: READ_AT_MOST });
  regions.forEach((target, i) => {
    const at = (m: StoredMessage): boolean =>
      m.remote.address === target.address && m.remote.port === target.port;
    for (const [kind, method] of [
      ['options', 'OPTIONS'],
      ['register', 'REGISTER'],
    ] as const) {
      const id = `${kind}:${i + 1}`;
      if (!board.stepOf(id)) continue;
      const ours = messages.filter((m) => at(m) && m.cseqMethod === method);
      const request = ours.find((m) => m.method === method);
      // The last final answer of the first registration (after its challenge), not the un-register's.
      const finals = ours.filter((m) => m.status !== undefined && m.status >= 200);
      const answer = method === 'REGISTER' ? (finals.find((m) => m.status! < 300) ?? finals[0]) : finals[0];
      const evidence = [
        ...(request
          ? [{ text: `${method} to ${target.host}`, messageId: request.id, callId: request.callId }]
          : []),
        ...(answer
          ? [
              {
                text: `${answer.status} ${answer.reason ?? ''}`.trim(),
                messageId: answer.id,
                callId: answer.callId,
              },
            ]
          : []),
      ];
      if (evidence.length > 0) board.add(id, { evidence });
    }
  });
}
