// Held calls of the load generator against SIPp: a 200 OK that comes again (the far side did not
// see our ACK) gets the very same ACK again (RFC 3261 §13.2.2.4), although a held call no longer
// keeps its ACK's bytes (they are built again from the dialog), and an abort hangs up every held
// call with each BYE answered, also when there are more than the 500 BYEs it lets wait for an
// answer at once (the rest go out as answers come back).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLoad } from '../../electron/engine/load/load-run';
import { MemoryCapture } from '../../electron/engine/transport/capture-sink';
import { stopAll } from '../support/child-process';
import { startSipp, type SippHandle } from '../support/sipp';
import { waitUntil } from '../support/wait';

const SCENARIOS = path.resolve(__dirname, '../fixtures/sipp');
const CALLS = 5;

let uas: SippHandle | undefined;
let uas2: SippHandle | undefined;
afterAll(async () => {
  await uas?.stop();
  await uas2?.stop();
  await stopAll();
});

function holdPlan(channels: number, cps: number) {
  return {
    mode: 'channels' as const,
    to: '100',
    holdMinS: 0,
    holdMaxS: 0,
    media: false,
    channels,
    cps,
    durationS: 600,
  };
}

/** Call-IDs of the BYEs sent, and of those a 200 answered. */
function byes(capture: MemoryCapture): { sent: Set<string | undefined>; answered: Set<string | undefined> } {
  return {
    sent: new Set(
      capture.messages.filter((m) => m.direction === 'out' && m.method === 'BYE').map((m) => m.callId),
    ),
    answered: new Set(
      capture.messages
        .filter((m) => m.direction === 'in' && m.cseqMethod === 'BYE' && m.status === 200)
        .map((m) => m.callId),
    ),
  };
}

describe('held load calls', () => {
  it('answer a repeated 200 OK with the same ACK, and an abort gets every BYE answered', async () => {
    uas = await startSipp({
      scenario: path.join(SCENARIOS, 'uas-answer-twice.xml'),
      extraArgs: ['-nr'],
      traceMessages: false,
    });
    const capture = new MemoryCapture();
    const handle = startLoad({
      plan: holdPlan(CALLS, 20),
      target: { server: { address: uas.host, port: uas.port } },
      capture,
    });
    const acks = () => capture.messages.filter((m) => m.direction === 'out' && m.method === 'ACK');
    await waitUntil(() => acks().length >= CALLS * 2, {
      timeoutMs: 15_000,
      describeFailure: () => `${acks().length} ACKs sent for ${CALLS} calls answered twice`,
    });

    const byCall = new Map<string, Buffer[]>();
    for (const m of acks()) byCall.set(m.callId!, [...(byCall.get(m.callId!) ?? []), Buffer.from(m.raw)]);
    expect(byCall.size).toBe(CALLS);
    for (const [callId, raws] of byCall) {
      expect(raws, callId).toHaveLength(2);
      expect(raws[1]!.toString('latin1'), callId).toBe(raws[0]!.toString('latin1'));
      expect(raws[0]!.toString('latin1')).toMatch(
        /^ACK sip:sipp-uas@127\.0\.0\.1:\d+;transport=UDP SIP\/2\.0\r\n/,
      );
    }

    await handle.abort();
    const report = await handle.done;
    expect(report.aborted).toBe(true);
    const { sent, answered } = byes(capture);
    expect(sent).toEqual(new Set(byCall.keys()));
    expect(answered).toEqual(sent);
  });

  it('an abort of 1,200 held calls sends one BYE per call and gets every one answered', async () => {
    const calls = 1200;
    uas2 = await startSipp({ scenario: 'uas', traceMessages: false });
    const capture = new MemoryCapture();
    let up = 0;
    const handle = startLoad({
      plan: holdPlan(calls, 400),
      target: { server: { address: uas2.host, port: uas2.port } },
      capture,
      onSecond: (s) => (up = s.concurrent),
    });
    await waitUntil(() => up >= calls, {
      timeoutMs: 30_000,
      describeFailure: () => `${up} of ${calls} calls up`,
    });
    await handle.abort();
    const report = await handle.done;
    expect(report.aborted).toBe(true);
    expect(report.totals.answered).toBe(calls);
    const { sent, answered } = byes(capture);
    expect(sent.size).toBe(calls);
    expect(answered).toEqual(sent);
  });
});
