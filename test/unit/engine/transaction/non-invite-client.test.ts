import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/engine/clock';
import { TimerWheel } from '../../../../electron/engine/timer-wheel';
import {
  NictState,
  NonInviteClientTransaction,
} from '../../../../electron/engine/transaction/non-invite-client';
import { DEFAULT_TIMERS } from '../../../../electron/engine/transaction/sip-timers';
import type { InboundMessage } from '../../../../electron/engine/transport/sip-transport';
import { parseWire } from '../../../../electron/engine/sip/parse-message';

function response(status: number): InboundMessage {
  const text = [
    `SIP/2.0 ${status} Whatever`,
    'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc',
    'From: <sip:a@b>;tag=1',
    'To: <sip:a@b>;tag=2',
    'Call-ID: x@y',
    'CSeq: 1 REGISTER',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseWire(Buffer.from(text));
  if (!r.ok) throw new Error(r.error);
  return {
    sip: r.sip,
    raw: Buffer.from(text),
    transport: 'udp',
    remote: { address: '127.0.0.1', port: 5060 },
    local: { address: '127.0.0.1', port: 5070 },
    tsMicros: 0,
  };
}

function setup(reliable = false) {
  const clock = new ManualClock(0);
  const wheel = new TimerWheel({ clock, tickMs: 10, drive: 'manual' });
  const sends: number[] = [];
  const events: string[] = [];
  let terminated = false;
  const txn = new NonInviteClientTransaction({
    wheel,
    timers: DEFAULT_TIMERS,
    reliable,
    send: async () => void sends.push(clock.nowMs()),
    user: {
      onResponse: (r) => events.push(String(r.sip.status)),
      onTimeout: () => events.push('timeout'),
      onTransportError: (e) => events.push(`error:${e.message}`),
    },
    onTerminated: () => (terminated = true),
  });
  const advanceTo = (ms: number): void => {
    for (let t = clock.nowMs() + 10; t <= ms; t += 10) {
      clock.set(t);
      wheel.advance();
    }
  };
  return { txn, sends, events, advanceTo, isTerminated: () => terminated };
}

describe('non-INVITE client transaction (RFC 3261 §17.1.2)', () => {
  it('retransmits at T1, 2T1, 4T1 … capped at T2 and times out at 64*T1', () => {
    const { txn, sends, events, advanceTo, isTerminated } = setup();
    txn.start();
    advanceTo(40_000);
    const gaps = sends.slice(1).map((t, i) => t - sends[i]!);
    expect(gaps.slice(0, 4)).toEqual([500, 1000, 2000, 4000]);
    // Never more than T2 (npm sip 0.0.6 keeps doubling to 8 s, 16 s…).
    expect(Math.max(...gaps)).toBe(4000);
    expect(sends).toHaveLength(11);
    expect(events).toEqual(['timeout']);
    expect(txn.state).toBe(NictState.Terminated);
    expect(isTerminated()).toBe(true);
  });

  it('retransmits every T2 once a provisional response arrived', () => {
    const { txn, sends, events, advanceTo } = setup();
    txn.start();
    advanceTo(600);
    txn.receive(response(100));
    expect(txn.state).toBe(NictState.Proceeding);
    const before = sends.length;
    advanceTo(14_000);
    const later = sends.slice(before);
    const gaps = later.slice(1).map((t, i) => t - later[i]!);
    expect(gaps.every((g) => g === 4000)).toBe(true);
    expect(events[0]).toBe('100');
  });

  it('reports the final response once and absorbs its retransmissions', () => {
    const { txn, sends, events, advanceTo, isTerminated } = setup();
    txn.start();
    txn.receive(response(200));
    txn.receive(response(200));
    expect(events).toEqual(['200']);
    expect(txn.state).toBe(NictState.Completed);
    advanceTo(3000);
    expect(sends).toHaveLength(1);
    advanceTo(5100);
    expect(isTerminated()).toBe(true);
  });

  it('does not retransmit over a reliable transport and ends at once after the final response', () => {
    const { txn, sends, events, advanceTo } = setup(true);
    txn.start();
    advanceTo(10_000);
    expect(sends).toHaveLength(1);
    txn.receive(response(404));
    expect(events).toEqual(['404']);
    expect(txn.state).toBe(NictState.Terminated);
  });
});
