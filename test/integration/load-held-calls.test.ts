// Held calls of the load generator against SIPp: a 200 OK that comes again (the far side did not
// see our ACK) gets the very same ACK again (RFC 3261 §13.2.2.4), although a held call no longer
// keeps its ACK's bytes (they are built again from the dialog), and an abort hangs up every held
// call with each BYE answered.
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
afterAll(async () => {
  await uas?.stop();
  await stopAll();
});

describe('held load calls', () => {
  it('answer a repeated 200 OK with the same ACK, and an abort gets every BYE answered', async () => {
    uas = await startSipp({
      scenario: path.join(SCENARIOS, 'uas-answer-twice.xml'),
      extraArgs: ['-nr'],
      traceMessages: false,
    });
    const capture = new MemoryCapture();
    const handle = startLoad({
      plan: {
        mode: 'channels',
        to: '100',
        holdMinS: 0,
        holdMaxS: 0,
        media: false,
        channels: CALLS,
        cps: 20,
        durationS: 600,
      },
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
    const byes = new Set(
      capture.messages.filter((m) => m.direction === 'out' && m.method === 'BYE').map((m) => m.callId),
    );
    const answered = new Set(
      capture.messages
        .filter((m) => m.direction === 'in' && m.cseqMethod === 'BYE' && m.status === 200)
        .map((m) => m.callId),
    );
    expect(byes).toEqual(new Set(byCall.keys()));
    expect(answered).toEqual(byes);
  });
});
