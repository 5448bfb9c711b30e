import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/engine/clock';
import { TimerWheel } from '../../../../electron/engine/timer-wheel';
import {
  IctState,
  InviteClientTransaction,
  type InviteSent,
} from '../../../../electron/engine/transaction/invite-client';
import { InviteServerTransaction, IstState } from '../../../../electron/engine/transaction/invite-server';
import { DEFAULT_TIMERS } from '../../../../electron/engine/transaction/sip-timers';
import { parseWire } from '../../../../electron/engine/sip/parse-message';
import type { InboundMessage } from '../../../../electron/engine/transport/sip-transport';

function response(status: number): InboundMessage {
  const text = `SIP/2.0 ${status} X\r\nVia: SIP/2.0/UDP h:5060;branch=z9hG4bKa\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`;
  const r = parseWire(Buffer.from(text));
  if (!r.ok) throw new Error(r.error);
  const ep = { address: '127.0.0.1', port: 5060 };
  return { sip: r.sip, raw: Buffer.from(text), transport: 'udp', remote: ep, local: ep, tsMicros: 0 };
}

function time() {
  const clock = new ManualClock(0);
  const wheel = new TimerWheel({ clock, tickMs: 10, drive: 'manual' });
  const advanceTo = (ms: number): void => {
    for (let t = clock.nowMs() + 10; t <= ms; t += 10) {
      clock.set(t);
      wheel.advance();
    }
  };
  return { clock, wheel, advanceTo };
}

function client() {
  const { clock, wheel, advanceTo } = time();
  const sent: (InviteSent & { readonly atMs: number })[] = [];
  const sends: number[] = [];
  const acks: number[] = [];
  const events: string[] = [];
  const txn = new InviteClientTransaction({
    wheel,
    timers: DEFAULT_TIMERS,
    reliable: false,
    send: async () => void sends.push(clock.nowMs()),
    sendAck: async (r) => void acks.push(r.sip.status ?? 0),
    user: {
      onResponse: (r) => events.push(String(r.sip.status)),
      onTimeout: () => events.push('timeout'),
      onTransportError: () => events.push('error'),
    },
    onTerminated: () => events.push('terminated'),
    onSent: (s) => sent.push({ ...s, atMs: clock.nowMs() }),
  });
  return { txn, sends, sent, acks, events, advanceTo };
}

describe('INVITE client transaction (RFC 3261 §17.1.1, RFC 6026)', () => {
  it('doubles timer A without a T2 cap and times out on timer B', () => {
    const { txn, sends, events, advanceTo } = client();
    txn.start();
    advanceTo(40_000);
    const gaps = sends.slice(1).map((t, i) => t - sends[i]!);
    expect(gaps).toEqual([500, 1000, 2000, 4000, 8000, 16000]);
    expect(events).toEqual(['terminated', 'timeout']);
  });

  it('tells each send with its count, the next retransmission and timer B, as timer A doubles', () => {
    const { txn, sent, advanceTo } = client();
    txn.start();
    advanceTo(40_000);
    // T1 = 500 ms: sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s; timer B at 64×T1 = 32 s.
    expect(sent.map((s) => [s.count, s.atMs, s.nextAtMs, s.giveUpAtMs])).toEqual([
      [1, 0, 500, 32_000],
      [2, 500, 1_500, 32_000],
      [3, 1_500, 3_500, 32_000],
      [4, 3_500, 7_500, 32_000],
      [5, 7_500, 15_500, 32_000],
      [6, 15_500, 31_500, 32_000],
      [7, 31_500, undefined, 32_000],
    ]);
  });

  it('tells no more sends once a provisional response arrived', () => {
    const { txn, sent, advanceTo } = client();
    txn.start();
    advanceTo(1_000);
    txn.receive(response(100));
    advanceTo(10_000);
    expect(sent.map((s) => s.count)).toEqual([1, 2]);
  });

  it('stops retransmitting on a provisional and ACKs a failure itself, once per retransmission', () => {
    const { txn, sends, acks, events, advanceTo } = client();
    txn.start();
    txn.receive(response(180));
    advanceTo(10_000);
    expect(sends).toHaveLength(1);
    txn.receive(response(486));
    txn.receive(response(486));
    expect(acks).toEqual([486, 486]);
    expect(events).toEqual(['180', '486']);
    expect(txn.state).toBe(IctState.Completed);
    advanceTo(45_000);
    expect(txn.state).toBe(IctState.Terminated);
  });

  it('passes every 2xx to the user in Accepted and does not ACK it', () => {
    const { txn, acks, events, advanceTo } = client();
    txn.start();
    txn.receive(response(200));
    txn.receive(response(200));
    expect(events).toEqual(['200', '200']);
    expect(acks).toEqual([]);
    expect(txn.state).toBe(IctState.Accepted);
    advanceTo(33_000);
    expect(txn.state).toBe(IctState.Terminated);
  });
});

describe('INVITE server transaction (RFC 3261 §17.2.1)', () => {
  function server() {
    const { clock, wheel, advanceTo } = time();
    const sent: [number, string][] = [];
    const timeouts: number[] = [];
    const ist = new InviteServerTransaction({
      wheel,
      timers: DEFAULT_TIMERS,
      reliable: false,
      send: async (b) => void sent.push([clock.nowMs(), b]),
      onTerminated: () => undefined,
      onAckTimeout: (s) => timeouts.push(s),
    });
    return { ist, sent, timeouts, advanceTo };
  }

  it('retransmits a failure response on timer G capped at T2 until the ACK', () => {
    const { ist, sent, advanceTo } = server();
    ist.respond(486, '486');
    advanceTo(14_000);
    const gaps = sent.slice(1).map(([t], i) => t - sent[i]![0]);
    expect(gaps.slice(0, 5)).toEqual([500, 1000, 2000, 4000, 4000]);
    ist.ackReceived();
    expect(ist.state).toBe(IstState.Confirmed);
    const count = sent.length;
    advanceTo(20_000);
    expect(sent).toHaveLength(count);
    expect(ist.state).toBe(IstState.Terminated);
  });

  it('resends the last provisional to a retransmitted INVITE and gives up on a 2xx never ACKed', () => {
    const { ist, sent, timeouts, advanceTo } = server();
    ist.respond(180, '180');
    ist.onRetransmission();
    expect(sent.map(([, b]) => b)).toEqual(['180', '180']);
    ist.respond(200, '200');
    advanceTo(40_000);
    expect(sent.filter(([, b]) => b === '200').length).toBeGreaterThan(5);
    expect(timeouts).toEqual([200]);
  });
});
