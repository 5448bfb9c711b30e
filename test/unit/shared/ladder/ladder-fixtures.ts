// A realistic call as SIP Field Kit captures it on loopback: our UAC socket 127.0.0.1:5070 calls
// the PBX on 127.0.0.1:5060 (INVITE, 100, 180, 200 with SDP, ACK, BYE, 200), while a second host,
// the carrier on 127.0.0.2, pings us with OPTIONS from two ports. Times in microseconds.
import type { FindingView, LadderMessage } from '../../../../shared/ipc/schemas/traces';

export const US = { address: '127.0.0.1', port: 5070 } as const;
export const PBX = { address: '127.0.0.1', port: 5060 } as const;
export const CARRIER = { address: '127.0.0.2', port: 5060 } as const;
export const CARRIER_ALT = { address: '127.0.0.2', port: 5080 } as const;
export const T0 = 1_700_000_000_000_000;
export const CALL = 'a84b4c76e66710@127.0.0.1';

type Over = Partial<LadderMessage> & Pick<LadderMessage, 'id'>;

export function msg(over: Over): LadderMessage {
  return {
    tsMicros: T0,
    direction: 'out',
    transport: 'udp',
    local: US,
    remote: PBX,
    parsed: true,
    callId: CALL,
    cseqSeq: 1,
    cseqMethod: 'INVITE',
    branch: 'z9hG4bK-inv1',
    hasSdp: false,
    ...over,
  };
}

/** ids 1…9: OPTIONS in from the carrier and our 200, then the call. */
export function callFlow(): LadderMessage[] {
  const options = {
    callId: 'opt-1@127.0.0.2',
    cseqMethod: 'OPTIONS',
    branch: 'z9hG4bK-opt1',
    remote: CARRIER,
  };
  return [
    msg({ id: 1, tsMicros: T0, direction: 'in', method: 'OPTIONS', cseqSeq: 7, ...options }),
    msg({ id: 2, tsMicros: T0 + 400, status: 200, reason: 'OK', cseqSeq: 7, ...options }),
    msg({ id: 3, tsMicros: T0 + 12_000, method: 'INVITE', hasSdp: true }),
    msg({ id: 4, tsMicros: T0 + 24_000, direction: 'in', status: 100, reason: 'Trying' }),
    msg({ id: 5, tsMicros: T0 + 1_234_000, direction: 'in', status: 180, reason: 'Ringing' }),
    msg({ id: 6, tsMicros: T0 + 3_000_000, direction: 'in', status: 200, reason: 'OK', hasSdp: true }),
    // RFC 3261 §13.2.2.4: the ACK for a 2xx is its own transaction, with a new branch.
    msg({ id: 7, tsMicros: T0 + 3_001_000, method: 'ACK', cseqMethod: 'ACK', branch: 'z9hG4bK-ack1' }),
    msg({
      id: 8,
      tsMicros: T0 + 8_000_000,
      method: 'BYE',
      cseqSeq: 2,
      cseqMethod: 'BYE',
      branch: 'z9hG4bK-bye1',
    }),
    msg({
      id: 9,
      tsMicros: T0 + 8_020_000,
      direction: 'in',
      status: 200,
      reason: 'OK',
      cseqSeq: 2,
      cseqMethod: 'BYE',
      branch: 'z9hG4bK-bye1',
    }),
  ];
}

export function finding(
  rule: string,
  severity: FindingView['severity'],
  ids: number[],
  title = rule,
): FindingView {
  return {
    rule,
    severity,
    title,
    explanation: 'why',
    fix: 'how',
    evidence: ids.map((messageId) => ({ messageId })),
  };
}
