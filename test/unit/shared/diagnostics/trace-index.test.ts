import { describe, expect, it } from 'vitest';
import { buildTraceIndex } from '../../../../shared/diagnostics/trace-index';
import {
  callFlow,
  CARRIER,
  challengedCall,
  merge,
  PBX,
  profile,
  REGISTRAR,
  refreshes,
  registerFlow,
  trace,
} from './trace-builder';

describe('buildTraceIndex', () => {
  it('keeps a call challenged with 407 as one call with two INVITE transactions', () => {
    const index = buildTraceIndex(trace(challengedCall(0, 'ch')), profile());
    expect(index.calls).toHaveLength(1);
    const [call] = index.calls;
    expect(call?.invites).toHaveLength(2);
    expect(call?.answer?.doc.status).toBe(200);
    expect(call?.bye?.doc.method).toBe('BYE');
    expect(call?.failure).toBeUndefined();
    expect(index.transactions.map((t) => `${t.method} ${t.cseq} ${t.final?.doc.status ?? '-'}`)).toEqual([
      'INVITE 1 407',
      'INVITE 2 200',
      'BYE 3 200',
    ]);
    expect(index.acks).toHaveLength(2);
  });

  it('decides call direction from PBX addresses, registrations, trunk name and address scope', () => {
    const direction = (specs: Parameters<typeof trace>[0], p = profile(), pbxAddresses?: readonly string[]) =>
      buildTraceIndex(trace(specs), p, { pbxAddresses }).calls.map((c) => [c.direction, c.directionReason]);
    expect(direction(callFlow({ at: 0, callId: 'a' }), profile(), [PBX])).toEqual([
      ['outbound', 'sent by the PBX (192.0.2.10:5060 is a PBX address)'],
    ]);
    expect(
      direction(
        merge(registerFlow({ at: 0 }), callFlow({ at: 5, callId: 'b', caller: REGISTRAR, callee: PBX })),
      ),
    ).toEqual([['inbound', 'sent to the PBX (192.0.2.10:5060 sent a REGISTER)']]);
    expect(
      direction(
        callFlow({ at: 0, callId: 'c', fromHost: 'trunking-customer.15611.service' }),
        profile('skyswitch'),
      ),
    ).toEqual([['outbound', 'its From host is the trunk name trunking-customer.15611.service']]);
    expect(
      direction(callFlow({ at: 0, callId: 'd', caller: CARRIER, callee: '10.0.0.2:5060' }))[0]?.[0],
    ).toBe('inbound');
    expect(direction(callFlow({ at: 0, callId: 'e' }))[0]?.[0]).toBe('unknown');
  });

  it('groups registrations per binding and counts a challenge and its retry as one attempt', () => {
    const index = buildTraceIndex(trace(refreshes([0, 120, 240], { expires: 300 })), profile());
    expect(index.registrations).toHaveLength(1);
    const attempts = index.registrations[0]?.attempts ?? [];
    expect(attempts.map((a) => [a.challenged, a.transactions.length, a.status, a.credential])).toEqual([
      [true, 2, 200, '1001'],
      [true, 2, 200, '1001'],
      [true, 2, 200, '1001'],
    ]);
    expect(attempts.map((a) => a.intervalMicros)).toEqual([undefined, 120_000_000, 120_000_000]);
  });
});
