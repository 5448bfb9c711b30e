// sip.retransmit: copies of the same request (same transaction: branch and CSeq) or of the same
// final response to an INVITE. Each copy means the previous one, or its answer, went missing or
// came late: that is loss on the path. Their spacing is checked against RFC 3261's timers
// (retransmit-timing.ts); irregular spacing means a broken stack or copies lost before the capture.
import { formatEndpoint } from '../address-scope';
import { capEvidence, describeMessage, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import { formatInterval } from '../time-format';
import type { Finding, TraceMessage } from '../trace-model';
import { hopLabel, namedHopLabel } from '../relays';
import { retransmitSeries, type RetransmitSeries } from '../retransmit-series';
import { judgeGaps, expectedGaps, T1_MICROS, type TimingVerdict } from './retransmit-timing';
import { countNote, groupBy, plural } from './rule-support';

interface Series extends RetransmitSeries {
  readonly verdict?: TimingVerdict;
  readonly gaps: readonly number[];
}

function gapsOf(copies: readonly TraceMessage[]): number[] | undefined {
  const times = copies.map((c) => c.tsMicros);
  if (times.some((t) => t === undefined)) return undefined;
  const t = times as number[];
  return t.slice(1).map((v, i) => v - (t[i] ?? v));
}

function reliable(msg: TraceMessage): boolean {
  const t = msg.transport !== 'unknown' ? msg.transport : msg.doc.vias[0]?.transport.toLowerCase();
  return t === 'tcp' || t === 'tls';
}

function seriesOf(ctx: RuleContext): Series[] {
  return retransmitSeries(ctx.index).map((s) => {
    const gaps = gapsOf(s.copies);
    const capped = s.response || s.tx.method !== 'INVITE';
    return { ...s, gaps: gaps ?? [], verdict: gaps ? judgeGaps(gaps, capped) : undefined };
  });
}

/** " on the hop A → B (passed on to C → D)" when the capture holds the event on several hops. */
function hopNote(s: Series): string {
  if (!s.multiHop) return '';
  const passed = s.relayedTo.map(hopLabel);
  // A request's hop is named with its ends (UAC, proxy, UAS); a response travels it backwards.
  const hop = s.response ? hopLabel(s.copies[0]) : namedHopLabel(s.tx);
  return ` on the hop ${hop}${passed.length > 0 ? ` (passed on to ${passed.join(', ')})` : ''}`;
}

function senderOf(s: Series): string {
  const src = s.copies[0]?.src;
  return src ? formatEndpoint(src) : 'the sender';
}

export const sipRetransmitRule: Rule = {
  id: 'sip.retransmit',
  title: 'Retransmissions: loss on the path, and timing against RFC 3261 timers',
  run(ctx) {
    const all = seriesOf(ctx);
    const findings: Finding[] = [];

    const overTcp = all.filter((s) => !s.response && s.copies[0] !== undefined && reliable(s.copies[0]));
    const requests = all.filter((s) => !s.response && !overTcp.includes(s));
    const responses = all.filter((s) => s.response);

    if (requests.length > 0) findings.push(lossFinding(ctx, requests));
    for (const list of groupBy(
      responses,
      (s) => `${s.copies[0]?.doc.status ?? ''}\n${senderOf(s)}`,
    ).values()) {
      findings.push(ackMissingFinding(ctx, list));
    }
    const irregular = [...requests, ...responses].filter((s) => s.verdict?.kind === 'irregular');
    for (const list of groupBy(
      irregular,
      (s) => `${describeMessage(s.copies[0] as TraceMessage)}\n${senderOf(s)}`,
    ).values()) {
      findings.push(irregularFinding(list));
    }
    if (overTcp.length > 0) {
      const first = overTcp[0] as Series;
      findings.push({
        rule: 'sip.retransmit',
        severity: 'warning',
        title: `${first.tx.method} repeated over a reliable transport (TCP/TLS)${countNote(overTcp.length, 'transaction')}`,
        evidence: capEvidence(overTcp.flatMap((s) => s.copies.map(startLineEvidence))),
        observed: `${first.copies.length} copies of ${first.tx.method} CSeq ${first.tx.cseq} over ${first.copies[0]?.transport ?? 'TCP'}`,
        expected:
          'no SIP-level retransmission over TCP/TLS (RFC 3261 §17.1.1.2: Timer A runs only on unreliable transports)',
        explanation:
          'TCP already delivers every byte or fails the connection, so a SIP device must not repeat requests over ' +
          'it. Repeats here mean the sender believes it is on UDP, or reconnected after the connection broke.',
        fix: 'Check the transport setting of the sending device, and look for TCP connections being reset between the PBX and the provider (firewall idle timeouts).',
      });
    }
    return findings;
  },
};

function lossFinding(ctx: RuleContext, requests: readonly Series[]): Finding {
  const total = ctx.index.transactions.length;
  const extra = requests.reduce((n, s) => n + s.copies.length - 1, 0);
  const severe = requests.some((s) => s.copies.length >= 3);
  const unanswered = requests.filter((s) => !s.tx.final).length;
  const customT1 = requests.find((s) => s.verdict?.kind === 'custom-t1');
  const byMethod = [...groupBy(requests, (s) => s.tx.method)].map(([m, l]) => `${m} ${l.length}`).join(', ');
  const hops = [...new Set(requests.filter((s) => s.multiHop).map((s) => hopLabel(s.copies[0])))];
  return {
    rule: 'sip.retransmit',
    severity: severe ? 'warning' : 'info',
    title: `${plural(requests.length, 'request')} of ${total} had to be retransmitted (${extra} extra ${extra === 1 ? 'copy' : 'copies'}): loss or a slow answer`,
    evidence: capEvidence(requests.flatMap((s) => s.copies.slice(0, 2).map(startLineEvidence))),
    observed:
      `retransmitted: ${byMethod}; most copies of one request: ${Math.max(...requests.map((s) => s.copies.length))}` +
      (unanswered > 0 ? `; ${unanswered} never answered` : '') +
      (customT1?.verdict?.kind === 'custom-t1'
        ? `; timers use T1 = ${formatInterval(customT1.verdict.t1Micros)}`
        : '') +
      (hops.length > 0 ? `; repeated on the hop${hops.length > 1 ? 's' : ''} ${hops.join(', ')}` : ''),
    expected: 'each request answered before its first retransmission (T1 = 500 ms)',
    explanation:
      'Over UDP a SIP device repeats a request when no answer came within 500 ms, doubling the wait each time. ' +
      'Every repeat here means the request or its answer was lost, or the far end was slow to answer. One ' +
      'repeat now and then is normal on the internet; several in a row point at packet loss, a congested or ' +
      'overloaded link, or a firewall/NAT dropping packets' +
      (severe ? ', and can delay call setup by seconds.' : '.'),
    fix: severe
      ? 'Check the internet link for loss (ping the provider for a few minutes), check for a router SIP ALG or a firewall dropping UDP fragments (large INVITEs), and ask the provider whether its side was slow.'
      : 'Nothing to fix for an occasional repeat; if it grows, check the link for packet loss.',
  };
}

/** Where the ACKs for this INVITE went, and the hop that lost it on the way to the sender. */
function ackPath(ctx: RuleContext, s: Series): { text: string; stuckAt?: string } {
  const sender = s.copies[0]?.src;
  const acks = ctx.index.acks.filter((a) => a.doc.callId === s.tx.callId && a.doc.cseq?.seq === s.tx.cseq);
  if (acks.length === 0) return { text: `no ACK for CSeq ${s.tx.cseq} in the trace` };
  const counts = [...groupBy(acks, (a) => hopLabel(a))].map(
    ([hop, l]) => `${hop}${l.length > 1 ? ` ×${l.length}` : ''}`,
  );
  const reached = acks.some(
    (a) => sender !== undefined && a.dst?.address === sender.address && a.dst.port === sender.port,
  );
  const last = acks[acks.length - 1];
  return {
    text: `ACKs seen: ${counts.join(', ')}`,
    stuckAt: !reached && sender !== undefined && last?.dst ? formatEndpoint(last.dst) : undefined,
  };
}

/** How long the proxy upstream held the response before passing it on, when longer than T1. */
function heldBy(s: Series): { by: string; micros: number } | undefined {
  const here = s.copies[0];
  const up = s.tx.upstream;
  const passed = up?.responses.find((r) => r.doc.status === here?.doc.status);
  if (!here?.tsMicros || !passed?.tsMicros || !passed.src) return undefined;
  const micros = passed.tsMicros - here.tsMicros;
  return micros > T1_MICROS ? { by: formatEndpoint(passed.src), micros } : undefined;
}

function ackMissingFinding(ctx: RuleContext, list: readonly Series[]): Finding {
  const first = list[0] as Series;
  const status = first.copies[0]?.doc.status ?? 0;
  const ok = status >= 200 && status < 300;
  const path = ackPath(ctx, first);
  const held = heldBy(first);
  const stuck =
    (held
      ? ` ${held.by} held the response for ${formatInterval(held.micros)} before passing it on, so the ACK could not come sooner: the delay is on that hop.`
      : '') +
    (path.stuckAt
      ? ` The ACK reached ${path.stuckAt} and was not passed on to ${senderOf(first)}: the fault is on that hop.`
      : '');
  return {
    rule: 'sip.retransmit',
    severity: 'warning',
    title: `${describeMessage(first.copies[0] as TraceMessage)} from ${senderOf(first)} repeated ${first.copies.length} times${hopNote(first)}: the ACK did not arrive in time${countNote(list.length, 'call')}`,
    evidence: capEvidence(list.flatMap((s) => s.copies.map(startLineEvidence))),
    observed: `${first.copies.length} copies, gaps ${first.gaps.map(formatInterval).join(', ') || '?'}; ${path.text}${held ? `; passed on by ${held.by} ${formatInterval(held.micros)} after the first copy` : ''}`,
    expected: `one ${status} answered by an ACK within 500 ms (RFC 3261 ${ok ? '§13.3.1.4' : '§17.2.1'})`,
    explanation: ok
      ? 'The answering side repeats its 200 OK until the caller acknowledges it with an ACK. Repeats mean the ACK ' +
        "was lost or went elsewhere — typically because the 200 OK's Contact or Record-Route names an address the " +
        'caller cannot reach (NAT). If no ACK ever arrives, the answering side hangs up after about 32 seconds.' +
        stuck
      : 'The answering side repeats its final response until the caller acknowledges it. Repeats mean the ACK was ' +
        'lost or not sent.' +
        stuck,
    fix: ok
      ? "Check the Contact of the 200 OK is a reachable (public) address and the caller's ACK leaves toward it; see the sip.nat findings."
      : 'Check that the caller sends an ACK for failure responses and that it reaches the answering side.',
  };
}

function irregularFinding(list: readonly Series[]): Finding {
  const first = list[0] as Series;
  const capped = first.response || first.tx.method !== 'INVITE';
  const expected = expectedGaps(first.gaps.length, capped);
  const what = describeMessage(first.copies[0] as TraceMessage);
  return {
    rule: 'sip.retransmit',
    severity: 'warning',
    title: `${what} from ${senderOf(first)}${hopNote(first)} retransmitted at irregular intervals${countNote(list.length, 'transaction')}`,
    evidence: capEvidence(list.flatMap((s) => s.copies.map(startLineEvidence))),
    observed: `gaps ${first.gaps.map(formatInterval).join(', ')}`,
    expected: `gaps ${expected.map(formatInterval).join(', ')} (RFC 3261 ${capped ? 'T1 doubling, capped at T2 = 4 s' : 'Timer A: T1 doubling'})`,
    explanation:
      'SIP over UDP repeats an unanswered message after 0.5 s, then 1 s, 2 s, 4 s… (capped at 4 s except for ' +
      'INVITE requests). These copies do not follow that pattern: either some copies were lost before they ' +
      'reached the capture point (loss on the path), or the sender uses non-standard timers, which can flood a ' +
      'server or give up too early.',
    fix: 'If the capture was taken far from the sender, capture at the sender to tell loss from timer settings; otherwise restore the default SIP timers (T1 500 ms, T2 4 s) on the sending device.',
  };
}
