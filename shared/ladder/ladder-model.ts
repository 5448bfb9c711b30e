// The ladder (sequence diagram) of a set of messages, like sngrep's call flow: one column per host,
// one row per message in capture order, with labels, times, retransmission marks and the findings
// that point at each message. Pure data, drawn by the Traces screen (React), the SVG/PNG/HTML
// exports and the CLI's ASCII; every step is one pass with maps, so 20,000 messages stay instant.
import type { FindingView, LadderMessage } from '../ipc/schemas/traces';
import { keepAliveLabel } from '../sip/keep-alive';
import { planColumns } from './columns';
import { findRetransmissions } from './retransmission';
import { deltaLabel, offsetLabel } from './time-labels';

export interface LadderColumn {
  readonly index: number;
  /** The host (IP) or an alias name; unique within the model. */
  readonly key: string;
  /** e.g. "127.0.0.1" or alias "PBX". */
  readonly label: string;
  /** Every "ip:port" merged into this column, in order of first appearance. */
  readonly addresses: readonly string[];
  /** One of our own sockets (SIP Field Kit). */
  readonly local: boolean;
}

export interface LadderBadge {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly title: string;
  /** Index of the finding in the findings given to buildLadder. */
  readonly findingIndex: number;
}

export interface LadderArrow {
  /** 0-based row in the ladder. */
  readonly row: number;
  readonly messageId: number;
  /** Column index of the sender. */
  readonly from: number;
  /** Column index of the receiver (== from for a message to self). */
  readonly to: number;
  /** "INVITE", "200 OK", "100 Trying", "(unparsed)". */
  readonly label: string;
  /** "CSeq 1 INVITE · SDP". */
  readonly detail: string;
  /** 'keep-alive': a CRLF, blank, word or STUN keep-alive, drawn as a small mark, not an arrow. */
  readonly kind: 'request' | 'response' | 'invalid' | 'keep-alive';
  readonly status?: number;
  readonly tsMicros: number;
  /** "+1.234 s" from the first message. */
  readonly timeLabel: string;
  /** "+12 ms" since the previous row; "" on the first row. */
  readonly deltaLabel: string;
  /** Same transaction (branch, CSeq, method/status, direction, path) seen on an earlier row. */
  readonly retransmission: boolean;
  readonly sdp: boolean;
  readonly callId?: string;
  /** 0-based index of its Call-ID among the model's callIds (for colour). */
  readonly callIndex: number;
  readonly badges: readonly LadderBadge[];
  /**
   * A copy a proxy relayed (a capture of several legs): the row of the same message on the
   * previous hop, so the ladder shows one message crossing hops, not two events.
   */
  readonly relayOf?: number;
}

export interface LadderModel {
  readonly columns: readonly LadderColumn[];
  readonly arrows: readonly LadderArrow[];
  /** tsMicros of the first message (0 when there is none). */
  readonly startMicros: number;
  /** Call-IDs in order of first appearance; "" stands for messages without one. */
  readonly callIds: readonly string[];
}

export interface LadderOptions {
  /** "ip" | "ip:port" → alias label; addresses with the same alias share one column. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Merge every port of one IP into one column (default true). */
  readonly mergePortsOfHost?: boolean;
}

export function buildLadder(
  messages: readonly LadderMessage[],
  findings: readonly FindingView[],
  opts: LadderOptions = {},
): LadderModel {
  const plan = planColumns(messages, opts);
  const retransmitted = findRetransmissions(messages);
  const badges = badgesByMessage(messages, findings);
  const callIndex = new Map<string, number>();
  const startMicros = messages[0]?.tsMicros ?? 0;
  const rowOf = new Map<number, number>();
  messages.forEach((m, row) => rowOf.set(m.id, row));
  const arrows = messages.map((m, row): LadderArrow => {
    const call = m.callId ?? '';
    let index = callIndex.get(call);
    if (index === undefined) {
      index = callIndex.size;
      callIndex.set(call, index);
    }
    const previous = row > 0 ? messages[row - 1]!.tsMicros : undefined;
    const { label, kind, status } = labelOf(m);
    const relayOf = m.relayOf === undefined ? undefined : rowOf.get(m.relayOf);
    return {
      row,
      messageId: m.id,
      from: plan.from[row]!,
      to: plan.to[row]!,
      label,
      kind,
      ...(status !== undefined ? { status } : {}),
      detail:
        relayOf === undefined
          ? detailOf(m)
          : joinDetail(
              detailOf(m),
              `relayed ${deltaLabel(m.tsMicros - messages[relayOf]!.tsMicros)} after the previous hop`,
            ),
      tsMicros: m.tsMicros,
      timeLabel: offsetLabel(m.tsMicros - startMicros),
      deltaLabel: deltaLabel(previous === undefined ? undefined : m.tsMicros - previous),
      retransmission: retransmitted[row]!,
      sdp: m.hasSdp,
      ...(m.callId !== undefined ? { callId: m.callId } : {}),
      callIndex: index,
      badges: badges.get(m.id) ?? [],
      ...(relayOf !== undefined ? { relayOf } : {}),
    };
  });
  return { columns: plan.columns, arrows, startMicros, callIds: [...callIndex.keys()] };
}

function labelOf(m: LadderMessage): Pick<LadderArrow, 'label' | 'kind' | 'status'> {
  if (m.keepAlive !== undefined) return { label: keepAliveLabel(m.keepAlive), kind: 'keep-alive' };
  if (m.parsed && m.method !== undefined) return { label: m.method, kind: 'request' };
  if (m.parsed && m.status !== undefined) {
    const reason = m.reason?.trim() ?? '';
    return { label: reason ? `${m.status} ${reason}` : String(m.status), kind: 'response', status: m.status };
  }
  return { label: '(unparsed)', kind: 'invalid' };
}

function joinDetail(detail: string, more: string): string {
  return detail === '' ? more : `${detail} · ${more}`;
}

function detailOf(m: LadderMessage): string {
  const parts: string[] = [];
  if (m.cseqSeq !== undefined) parts.push(`CSeq ${m.cseqSeq}${m.cseqMethod ? ` ${m.cseqMethod}` : ''}`);
  if (m.hasSdp) parts.push('SDP');
  return parts.join(' · ');
}

/** Each finding's badge on every shown message it cites; one badge per rule per arrow. */
function badgesByMessage(
  messages: readonly LadderMessage[],
  findings: readonly FindingView[],
): Map<number, LadderBadge[]> {
  const shown = new Set<number>();
  for (const m of messages) shown.add(m.id);
  const out = new Map<number, LadderBadge[]>();
  const placed = new Set<string>();
  findings.forEach((f, findingIndex) => {
    for (const { messageId } of f.evidence) {
      if (!shown.has(messageId)) continue;
      const key = `${messageId}\0${f.rule}`;
      if (placed.has(key)) continue;
      placed.add(key);
      let list = out.get(messageId);
      if (!list) out.set(messageId, (list = []));
      list.push({ rule: f.rule, severity: f.severity, title: f.title, findingIndex });
    }
  });
  return out;
}
