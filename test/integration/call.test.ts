// Outbound test calls against real peers: SIPp as the far end (answering, echoing RTP, ringing
// forever, rejecting, hanging up first) and Kamailio as an IP-authenticated trunk (403 for a
// wrong From host) and as an authenticating proxy (407, then 200).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MediaMode } from '../../electron/engine/call/call-media';
import { CallRouter } from '../../electron/engine/call/call-router';
import type { CallEvent } from '../../electron/engine/call/call-types';
import { OutboundCall, type OutboundCallConfig } from '../../electron/engine/call/outbound-call';
import { rtpMediaFactory } from '../../electron/engine/call/rtp-call-media';
import { SipEndpoint } from '../../electron/engine/core/sip-endpoint';
import type { SipTimerValues } from '../../electron/engine/transaction/sip-timers';
import { MemoryCapture } from '../../electron/engine/transport/capture-sink';
import { stopAll } from '../support/child-process';
import { startKamailioProxy, startKamailioTrunk } from '../support/kamailio-relay';
import { startSipp, type SippHandle } from '../support/sipp';
import { SIPP_SCENARIO_DIR } from '../support/sipp-scenarios';

const TRUNK = 'trunking-customer.15611.service';
const endpoints: SipEndpoint[] = [];

afterAll(async () => {
  await Promise.all(endpoints.map((e) => e.close()));
  await stopAll();
});

async function call(
  to: { host: string; port: number },
  overrides: Partial<OutboundCallConfig> & { media?: MediaMode } = {},
  timers?: SipTimerValues,
) {
  const capture = new MemoryCapture();
  const endpoint = await SipEndpoint.open({
    bindAddress: '127.0.0.1',
    capture,
    ...(timers ? { timers } : {}),
  });
  endpoints.push(endpoint);
  const router = new CallRouter();
  endpoint.onRequest(router.handle);
  const events: CallEvent[] = [];
  const c = new OutboundCall(endpoint, {
    target: { address: to.host, port: to.port, transport: 'udp' },
    serverName: to.host,
    to: '15551230000',
    toHost: `${to.host}:${to.port}`,
    fromUser: '2032625093',
    fromHost: TRUNK,
    ringTimeoutS: 10,
    holdS: 1.5,
    media: 'tone',
    mediaFactory: rtpMediaFactory({ bindAddress: '127.0.0.1' }),
    router,
    ...overrides,
  });
  c.onEvent((e) => events.push(e));
  const report = await c.run();
  const sent = (m: string) => capture.messages.filter((x) => x.direction === 'out' && x.method === m);
  const got = (s: number) =>
    capture.messages.filter((x) => x.direction === 'in' && x.status === s && x.cseqMethod === 'INVITE');
  return { report, events, capture, sent, got };
}

function uas(
  scenario: Parameters<typeof startSipp>[0]['scenario'],
  extra: Partial<Parameters<typeof startSipp>[0]> = {},
): Promise<SippHandle> {
  return startSipp({ scenario, ...extra });
}

describe('outbound test calls', () => {
  it('stops media as soon as it sends the BYE, even when the far end never answers it (RFC 3261 §15)', async () => {
    const sipp = await uas(path.join(SIPP_SCENARIO_DIR, 'uas-answer-silent-bye.xml'), { rtpEcho: true });
    // Short timers: the unanswered BYE gives up after 64*T1 = 3.2 s instead of 32 s.
    const { report, sent } = await call(sipp, { holdS: 1 }, { T1: 50, T2: 400, T4: 500 });
    expect(report.outcome).toBe('completed');
    expect(report.hungUpBy).toBe('us');
    expect(sent('BYE').length).toBeGreaterThan(1);
    // 20 ms packets: one second of hold is ~50; the 3.2 s the BYE waited would have added ~160 more.
    expect(report.media!.packetsSent).toBeGreaterThan(30);
    expect(report.media!.packetsSent).toBeLessThan(90);
  });

  it('completes an answered call with ACK and BYE, two-way media and DTMF through an echoing far end', async () => {
    const sipp = await uas('uas-answer', { rtpEcho: true });
    const { report, sent, got } = await call(sipp, { dtmf: '159#', holdS: 2 });
    expect(report.outcome).toBe('completed');
    expect(report.hungUpBy).toBe('us');
    expect(report.codec).toBe('PCMU');
    expect(report.media?.verdict).toBe('two-way');
    expect(report.media!.packetsReceived).toBeGreaterThan(20);
    // The echo sends our RFC 4733 digits back: they made the round trip.
    expect(report.media?.dtmfReceived).toBe('159#');
    expect(report.metrics.timeToFirstProvisionalMs).toBeLessThanOrEqual(report.metrics.postDialDelayMs!);
    expect(report.metrics.postDialDelayMs).toBeLessThanOrEqual(report.metrics.timeToAnswerMs!);
    expect(report.metrics.durationMs).toBeGreaterThanOrEqual(1900);
    expect(got(200)).toHaveLength(1);
    expect(sent('ACK')).toHaveLength(1);
    expect(sent('BYE')).toHaveLength(1);
    // SIPp saw the same dialog: INVITE, ACK and BYE from us.
    const theirs = sipp
      .messages()
      .filter((m) => m.direction === 'received')
      .map((m) => m.method);
    expect(theirs).toEqual(['INVITE', 'ACK', 'BYE']);
    await sipp.stop();
  });

  it('detects one-way audio when the far end never sends RTP', async () => {
    const sipp = await uas('uas-answer', { rtpEcho: false });
    const { report } = await call(sipp);
    expect(report.answered).toBe(true);
    expect(report.media?.verdict).toBe('one-way-out');
    expect(report.media?.message).toMatch(
      // SIPp sends no RTCP either: nothing at all came back.
      /one-way audio: we sent \d+ packets to 127\.0\.0\.1:\d+ but nothing came back, not even RTCP/,
    );
    await sipp.stop();
  });

  it('reports a BYE from the far side', async () => {
    const sipp = await uas('uas-answer-then-bye', { rtpEcho: true, keys: { hold_ms: 800 } });
    const { report, events } = await call(sipp, { holdS: 10 });
    expect(report.outcome).toBe('completed');
    expect(report.hungUpBy).toBe('them');
    expect(events.some((e) => e.type === 'in-dialog' && e.method === 'BYE')).toBe(true);
    expect(report.metrics.durationMs).toBeLessThan(5000);
    await sipp.stop();
  });

  it('CANCELs when nobody answers before the ring timeout', async () => {
    const sipp = await uas('uas-ring-forever');
    const { report, sent, got } = await call(sipp, { ringTimeoutS: 1 });
    expect(report.outcome).toBe('cancelled');
    expect(report.finalStatus).toBe(487);
    expect(sent('CANCEL')).toHaveLength(1);
    expect(got(487)).toHaveLength(1);
    // The 487 is ACKed by the INVITE transaction (RFC 3261 §17.1.1.3).
    expect(sent('ACK')).toHaveLength(1);
    await sipp.stop();
  });

  it.each([486, 503])('reports %i with its Warning and Retry-After', async (status) => {
    const sipp = await uas('uas-reject', { keys: { status } });
    const { report, sent } = await call(sipp);
    expect(report.outcome).toBe('rejected');
    expect(report.finalStatus).toBe(status);
    expect(report.retryAfterS).toBe(120);
    expect(report.warning).toMatch(/399/);
    expect(report.message).toMatch(new RegExp(`refused: ${status}.*Retry-After 120 s`));
    expect(sent('ACK')).toHaveLength(1);
    await sipp.stop();
  });
});

describe('calls through Kamailio', () => {
  it('an IP-authenticated trunk refuses a From host that is not the trunk name (403) and relays the right one', async () => {
    const sipp = await uas('uas-answer', { rtpEcho: true });
    const trunk = await startKamailioTrunk({ trunkName: TRUNK, forwardTo: sipp.address });
    const wrong = await call(trunk, { fromHost: 'pbx.customer.example' });
    expect(wrong.report.outcome).toBe('rejected');
    expect(wrong.report.finalStatus).toBe(403);
    expect(wrong.report.message).toMatch(/refused: 403/);
    const right = await call(trunk);
    expect(right.report.outcome).toBe('completed');
    expect(right.report.media?.verdict).toBe('two-way');
    // In-dialog requests followed the Record-Route through the trunk.
    const viaTrunk = trunk
      .received()
      .filter((l) => l.callId === right.report.callId)
      .map((l) => l.method ?? l.status);
    expect(viaTrunk).toEqual(expect.arrayContaining(['INVITE', 'ACK', 'BYE']));
    await trunk.stop();
    await sipp.stop();
  });

  it('answers a proxy\u2019s 407 with digest credentials and gets through', async () => {
    const sipp = await uas('uas-answer', { rtpEcho: true });
    const proxy = await startKamailioProxy({
      users: [{ user: 'pbx1', password: 'proxy-pass-7' }],
      forwardTo: sipp.address,
    });
    const noCreds = await call(proxy);
    expect(noCreds.report.finalStatus).toBe(407);
    const { report, events, sent } = await call(proxy, {
      credentials: { user: 'pbx1', password: 'proxy-pass-7' },
    });
    expect(events.filter((e) => e.type === 'challenged')).toHaveLength(1);
    expect(report.outcome).toBe('completed');
    expect(sent('INVITE')).toHaveLength(2);
    await proxy.stop();
    await sipp.stop();
  });
});
