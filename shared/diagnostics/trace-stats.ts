// The numbers at the top of a report: what the trace holds.
import type { TraceStats } from './rule-types';
import type { TraceIndex } from './trace-index';
import type { TraceMessage } from './trace-model';
import { retransmitSeries } from './retransmit-series';

export function basicStats(messages: readonly TraceMessage[]): TraceStats {
  return {
    messages: messages.length,
    requests: messages.filter((m) => m.doc.kind === 'request').length,
    responses: messages.filter((m) => m.doc.kind === 'response').length,
    damagedMessages: messages.filter((m) => m.doc.problems.length > 0).length,
    transactions: 0,
    retransmissions: 0,
    calls: 0,
    answeredCalls: 0,
    inboundCalls: 0,
    outboundCalls: 0,
    dialogs: 0,
    registrations: 0,
    registrationAttempts: 0,
  };
}

export function traceStats(messages: readonly TraceMessage[], index: TraceIndex): TraceStats {
  const answered = index.calls.filter((c) => c.answer !== undefined).length;
  return {
    ...basicStats(messages),
    transactions: index.transactions.length,
    // Per sender and hop; a copy a proxy merely passed on is the same retransmission.
    retransmissions: retransmitSeries(index)
      .filter((s) => !s.response)
      .reduce((n, s) => n + s.copies.length - 1, 0),
    calls: index.calls.length,
    answeredCalls: answered,
    inboundCalls: index.calls.filter((c) => c.direction === 'inbound').length,
    outboundCalls: index.calls.filter((c) => c.direction === 'outbound').length,
    dialogs: answered,
    registrations: index.registrations.length,
    registrationAttempts: index.registrations.reduce((n, b) => n + b.attempts.length, 0),
    durationSeconds:
      index.startMicros !== undefined && index.endMicros !== undefined
        ? (index.endMicros - index.startMicros) / 1_000_000
        : undefined,
  };
}
