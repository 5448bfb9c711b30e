import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningProcessCount, stopAll } from '../support/child-process';
import {
  startKamailioProxy,
  startKamailioTrunk,
  type KamailioProxyHandle,
  type KamailioTrunkHandle,
} from '../support/kamailio-relay';
import { isPidAlive, livingGroupMembers } from '../support/process-liveness';
import { dtmfDigits, parseRtp, parseTelephoneEvent, type RtpPacket } from '../support/rtp-inspect';
import { CALL_MEDIA_SSRC, PCMU_PAYLOAD_TYPE, TELEPHONE_EVENT_PAYLOAD_TYPE } from '../support/rtp-pcap';
import { headerValue, type SipMessage } from '../support/sip-message';
import { openSipUdpPeer, sipResponse, sipText, type SipUdpPeer } from '../support/sip-udp-peer';
import type { HostPort } from '../support/host-port';
import { startSipp, type SippHandle, type SippTracedMessage } from '../support/sipp';
import { udpPortsBoundBy } from '../support/udp-bindings';
import { openUdpEndpoint } from '../support/udp-endpoint';
import { sleep } from '../support/wait';

// Proves the call-test harness: every SIPp scenario against a simple peer (another SIPp, or a
// SIP/RTP endpoint scripted here), and Kamailio as IP-authenticated trunk and as
// authenticating proxy in front of SIPp.

afterAll(stopAll);

const TRUNK_NAME = 'trunking-customer.15611.service';
const PASSWORD = 'correct horse 15611';

function flow(messages: readonly SippTracedMessage[]): string[] {
  return messages.map((m) => `${m.direction} ${m.method ?? m.status} ${m.cseqMethod}`);
}

function find(
  messages: readonly SippTracedMessage[],
  what: (m: SippTracedMessage) => boolean,
): SippTracedMessage {
  const found = messages.find(what);
  if (!found) throw new Error(`message not found among:\n${flow(messages).join('\n')}`);
  return found;
}

/** "m=audio PORT RTP/AVP 0 101" and the c= address of an SDP body. */
function sdpAudio(message: SipMessage): { address: string; port: number; formats: string[] } {
  const media = /^m=audio (\d+) RTP\/AVP ([\d ]+)\r?$/m.exec(message.body);
  const connection = /^c=IN IP4 (\S+)\r?$/m.exec(message.body);
  if (!media?.[1] || !media[2] || !connection?.[1]) throw new Error(`no audio SDP in:\n${message.raw}`);
  return { address: connection[1], port: Number(media[1]), formats: media[2].trim().split(' ') };
}

/** Answers `invite` from the scripted peer: 180, then 200 with SDP pointing at `rtpPort`. */
async function answer(peer: SipUdpPeer, invite: SipMessage, to: HostPort, rtpPort: number): Promise<void> {
  await peer.send(sipResponse(invite, 180, 'Ringing', { toTag: 'answerer1' }), to);
  const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0'];
  sdp.push(`m=audio ${rtpPort} RTP/AVP 0 101`, 'a=rtpmap:101 telephone-event/8000', '');
  await peer.send(
    sipResponse(invite, 200, 'OK', {
      toTag: 'answerer1',
      headers: [`Contact: <sip:answerer@127.0.0.1:${peer.port}>`, 'Content-Type: application/sdp'],
      body: sdp.join('\r\n'),
    }),
    to,
  );
}

function isEndOfEvent(datagram: Buffer, event: number): boolean {
  const packet = parseRtp(datagram);
  if (packet?.payloadType !== TELEPHONE_EVENT_PAYLOAD_TYPE) return false;
  const parsed = parseTelephoneEvent(packet.payload);
  return parsed?.event === event && parsed.end;
}

function expectGone(pid: number): void {
  expect(isPidAlive(pid)).toBe(false);
  expect(livingGroupMembers(pid)).toEqual([]);
}

async function stopAndExpectGone(...handles: { pid: number; stop(): Promise<unknown> }[]): Promise<void> {
  await Promise.all(handles.map((h) => h.stop()));
  for (const h of handles) expectGone(h.pid);
}

describe('SIPp scenarios against simple peers', () => {
  it('uas-answer: ready once its ports are bound; answers SIPp uac with PCMU + telephone-event', async () => {
    const uas = await startSipp({ scenario: 'uas-answer', calls: 1 });
    const bound = udpPortsBoundBy(uas.pid);
    expect(bound.has(uas.port)).toBe(true);
    expect(bound.has(uas.mediaPort)).toBe(true);

    const uac = await startSipp({ scenario: 'uac', remote: uas.address });
    const caller = await uac.waitForExit(10_000);
    expect(caller.exit.code).toBe(0);
    expect(caller.stats?.successfulCalls).toBe(1);
    const callee = await uas.waitForExit(10_000);
    expect(callee.exit.code).toBe(0);
    expect(flow(callee.messages)).toEqual([
      'received INVITE INVITE',
      'sent 100 INVITE',
      'sent 180 INVITE',
      'sent 200 INVITE',
      'received ACK ACK',
      'received BYE BYE',
      'sent 200 BYE',
    ]);
    const ok = find(callee.messages, (m) => m.status === 200 && m.cseqMethod === 'INVITE');
    expect(sdpAudio(ok)).toEqual({ address: '127.0.0.1', port: uas.mediaPort, formats: ['0', '101'] });
    expect(ok.body).toMatch(/^a=rtpmap:101 telephone-event\/8000\r$/m);
    // Both sides logged the same bytes for the same message.
    expect(find(caller.messages, (m) => m.method === 'INVITE').raw).toBe(callee.messages[0]?.raw);
    await stopAndExpectGone(uac, uas);
  });

  it('rtpEcho: RTP sent to the media port comes back unchanged; without it nothing comes back', async () => {
    const echo = await startSipp({ scenario: 'uas-answer', rtpEcho: true });
    const silent = await startSipp({ scenario: 'uas-answer' });
    const rtp = await openUdpEndpoint();
    try {
      const packet = Buffer.from('80000001000000a05349504b' + 'ff'.repeat(160), 'hex');
      await rtp.send(packet, { host: '127.0.0.1', port: silent.mediaPort });
      await rtp.send(packet, { host: '127.0.0.1', port: echo.mediaPort });
      const back = await rtp.waitFor((d) => d.from.port === echo.mediaPort, 2000, 'echoed RTP');
      expect(back.data.equals(packet)).toBe(true);
      // The silent peer had as long as the echo took, and then some, to answer; it never does.
      await sleep(250);
      expect(rtp.datagrams().filter((d) => d.from.port === silent.mediaPort)).toEqual([]);
    } finally {
      await rtp.close();
      await stopAndExpectGone(echo, silent);
    }
  });

  it('uac-call: caller-ID headers and SDP offer, then PCMU + RFC 4733 "123#" RTP, then BYE', async () => {
    const peer = await openSipUdpPeer();
    const rtp = await openUdpEndpoint();
    const sipp = await startSipp({
      scenario: 'uac-call',
      remote: `${peer.host}:${peer.port}`,
      service: '+15557654321',
    });
    const media = sipp.callMedia;
    if (!media) throw new Error('uac-call has a media stream');
    try {
      const { message: invite, from } = await peer.waitFor((m) => m.method === 'INVITE');
      expect(from).toEqual({ host: '127.0.0.1', port: sipp.port });
      expect(invite.uri).toBe(`sip:+15557654321@127.0.0.1:${peer.port}`);
      expect(headerValue(invite, 'from')).toMatch(/^"Alice Caller" <sip:\+15551230001@sipp\.test>;tag=\S+$/);
      expect(headerValue(invite, 'p-asserted-identity')).toBe('<sip:+15551230001@sipp.test>');
      expect(headerValue(invite, 'privacy')).toBe('none');
      expect(headerValue(invite, 'diversion')).toBe('<sip:+15559990000@sipp.test>;reason=unconditional');
      expect(sdpAudio(invite)).toEqual({ address: '127.0.0.1', port: sipp.mediaPort, formats: ['0', '101'] });

      const caller = { host: '127.0.0.1', port: sipp.port };
      await answer(peer, invite, caller, rtp.port);
      const ack = await peer.waitFor((m) => m.method === 'ACK');
      expect(ack.message.uri).toBe(`sip:answerer@127.0.0.1:${peer.port}`);

      const bye = await peer.waitFor((m) => m.method === 'BYE', 10_000);
      await peer.send(sipResponse(bye.message, 200, 'OK'), caller);
      expect((await sipp.waitForExit(10_000)).exit.code).toBe(0);

      const datagrams = rtp.datagrams();
      expect(new Set(datagrams.map((d) => `${d.from.host}:${d.from.port}`))).toEqual(
        new Set([`127.0.0.1:${sipp.mediaPort}`]),
      );
      const packets = datagrams.map((d) => parseRtp(d.data)).filter((p): p is RtpPacket => p !== undefined);
      expect(packets).toHaveLength(media.packets.length);
      expect(packets.every((p) => p.ssrc === CALL_MEDIA_SSRC)).toBe(true);
      expect(packets.map((p) => p.seq)).toEqual(media.packets.map((p) => p.seq));
      expect(dtmfDigits(packets)).toBe('123#');
      const audio = packets.filter((p) => p.payloadType === PCMU_PAYLOAD_TYPE);
      expect(audio.length).toBeGreaterThan(40);
      expect(audio.every((p) => p.payload.length === 160)).toBe(true);
      const ends = packets
        .filter((p) => p.payloadType === TELEPHONE_EVENT_PAYLOAD_TYPE)
        .map((p) => parseTelephoneEvent(p.payload))
        .filter((e) => e?.end);
      expect(ends).toHaveLength(4 * 3); // each end packet three times
      // SIPp keeps the recorded pacing (20 ms per packet), and hangs up after the media.
      const first = datagrams[0];
      const last = datagrams[datagrams.length - 1];
      if (!first || !last) throw new Error('RTP arrived');
      expect(last.atMs - first.atMs).toBeGreaterThan(media.durationMs - 200);
      expect(bye.message.uri).toBe(`sip:answerer@127.0.0.1:${peer.port}`);
      const byeDatagram = peer.udp.datagrams().find((d) => d.data.toString().startsWith('BYE '));
      expect(byeDatagram?.atMs).toBeGreaterThanOrEqual(last.atMs);
    } finally {
      await peer.close();
      await rtp.close();
      await stopAndExpectGone(sipp);
    }
  });

  it("uac-call-until-bye: plays the same media and answers the far end's BYE with 200", async () => {
    const peer = await openSipUdpPeer();
    const rtp = await openUdpEndpoint();
    const sipp = await startSipp({ scenario: 'uac-call-until-bye', remote: `${peer.host}:${peer.port}` });
    const to = { host: '127.0.0.1', port: sipp.port };
    try {
      const { message: invite } = await peer.waitFor((m) => m.method === 'INVITE');
      expect(headerValue(invite, 'diversion')).toBe('<sip:+15559990000@sipp.test>;reason=unconditional');
      await answer(peer, invite, to, rtp.port);
      const { message: ack } = await peer.waitFor((m) => m.method === 'ACK');
      // Hang up once the last digit has ended.
      await rtp.waitFor((d) => isEndOfEvent(d.data, 11), 5000, 'end of "#" (event 11)');
      await peer.send(
        sipText(`BYE sip:+15551230001@${sipp.address};transport=UDP SIP/2.0`, [
          `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK-harness-bye`,
          `From: ${headerValue(ack, 'to') ?? ''}`,
          `To: ${headerValue(ack, 'from') ?? ''}`,
          `Call-ID: ${headerValue(ack, 'call-id') ?? ''}`,
          'CSeq: 1 BYE',
          'Max-Forwards: 70',
        ]),
        to,
      );
      const ok = await peer.waitFor((m) => m.status === 200 && headerValue(m, 'cseq') === '1 BYE');
      expect(headerValue(ok.message, 'call-id')).toBe(headerValue(invite, 'call-id'));
      expect((await sipp.waitForExit(5000)).exit.code).toBe(0);
      const packets = rtp
        .datagrams()
        .map((d) => parseRtp(d.data))
        .filter((p): p is RtpPacket => p !== undefined);
      expect(dtmfDigits(packets)).toBe('123#');
    } finally {
      await peer.close();
      await rtp.close();
      await stopAndExpectGone(sipp);
    }
  });

  it('uas-answer-then-bye: answers, then sends its own BYE along the dialog after hold_ms', async () => {
    const uas = await startSipp({ scenario: 'uas-answer-then-bye', calls: 1, keys: { hold_ms: 300 } });
    const peer = await openSipUdpPeer();
    const to = { host: '127.0.0.1', port: uas.port };
    try {
      const callId = `call-harness-${Date.now()}@127.0.0.1`;
      const common = [
        `From: "Harness" <sip:harness@127.0.0.1>;tag=harness1`,
        `Call-ID: ${callId}`,
        'Max-Forwards: 70',
        `Contact: <sip:harness@127.0.0.1:${peer.port}>`,
      ];
      const sdp = [
        'v=0',
        'o=- 1 1 IN IP4 127.0.0.1',
        's=-',
        'c=IN IP4 127.0.0.1',
        't=0 0',
        'm=audio 9 RTP/AVP 0',
        '',
      ];
      await peer.send(
        sipText(
          `INVITE sip:service@${uas.address} SIP/2.0`,
          [
            `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK-harness-1`,
            `To: <sip:service@${uas.address}>`,
            'CSeq: 1 INVITE',
            ...common,
            'Content-Type: application/sdp',
          ],
          sdp.join('\r\n'),
        ),
        to,
      );
      const ok = await peer.waitFor((m) => m.status === 200);
      expect(peer.messages().map((m) => m.message.status)).toEqual([100, 180, 200]);
      const calleeTo = headerValue(ok.message, 'to') ?? '';
      expect(calleeTo).toMatch(/;tag=/);
      const acked = Date.now();
      await peer.send(
        sipText(`ACK sip:sipp-uas@${uas.address};transport=UDP SIP/2.0`, [
          `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK-harness-2`,
          `To: ${calleeTo}`,
          'CSeq: 1 ACK',
          ...common,
        ]),
        to,
      );

      const { message: bye } = await peer.waitFor((m) => m.method === 'BYE', 5000);
      expect(Date.now() - acked).toBeGreaterThanOrEqual(290);
      expect(bye.uri).toBe(`sip:harness@127.0.0.1:${peer.port}`);
      expect(headerValue(bye, 'from')).toBe(calleeTo);
      expect(headerValue(bye, 'to')).toBe('"Harness" <sip:harness@127.0.0.1>;tag=harness1');
      expect(headerValue(bye, 'call-id')).toBe(callId);
      await peer.send(sipResponse(bye, 200, 'OK'), to);
      expect((await uas.waitForExit(5000)).exit.code).toBe(0);
    } finally {
      await peer.close();
      await stopAndExpectGone(uas);
    }
  });

  it('uas-ring-forever rings until CANCEL, then 200 (CANCEL), 487 and the ACK (uac-call-cancel)', async () => {
    const uas = await startSipp({ scenario: 'uas-ring-forever', calls: 1 });
    const uac = await startSipp({
      scenario: 'uac-call-cancel',
      remote: uas.address,
      keys: { cancel_after_ms: 200 },
    });
    const caller = await uac.waitForExit(10_000);
    expect(caller.exit.code).toBe(0);
    expect(flow(caller.messages)).toEqual([
      'sent INVITE INVITE',
      'received 100 INVITE',
      'received 180 INVITE',
      'sent CANCEL CANCEL',
      'received 200 CANCEL',
      'received 487 INVITE',
      'sent ACK ACK',
    ]);
    const ringing = find(caller.messages, (m) => m.status === 180);
    const cancel = find(caller.messages, (m) => m.method === 'CANCEL');
    expect(cancel.timeMs - ringing.timeMs).toBeGreaterThanOrEqual(190);
    expect(headerValue(cancel, 'via')).toBe(headerValue(caller.messages[0] as SipMessage, 'via'));
    expect((await uas.waitForExit(5000)).exit.code).toBe(0);
    await stopAndExpectGone(uac, uas);
  });

  it('uas-reject: 486 (default) or 503 with Retry-After and Warning; uac-call-rejected checks the status', async () => {
    const busy = await startSipp({ scenario: 'uas-reject' });
    const unavailable = await startSipp({ scenario: 'uas-reject', keys: { status: 503 } });
    try {
      const expect486 = await startSipp({ scenario: 'uac-call-rejected', remote: busy.address });
      const passed = await expect486.waitForExit(10_000);
      expect(passed.exit.code).toBe(0);
      expect(flow(passed.messages)).toEqual([
        'sent INVITE INVITE',
        'received 100 INVITE',
        'received 486 INVITE',
        'sent ACK ACK',
      ]);
      const rejection = find(passed.messages, (m) => m.status === 486);
      expect(rejection.reason).toBe('Busy Here');
      expect(headerValue(rejection, 'retry-after')).toBe('120');
      expect(headerValue(rejection, 'warning')).toBe('399 sipp "Rejected by the SIPp test peer"');

      const expect503 = await startSipp({
        scenario: 'uac-call-rejected',
        remote: unavailable.address,
        keys: { expect: 503 },
      });
      const got503 = await expect503.waitForExit(10_000);
      expect(got503.exit.code).toBe(0);
      expect(find(got503.messages, (m) => m.status === 503).reason).toBe('Service Unavailable');

      // The expectation is real: a 486 where 503 is expected fails the call, without a BYE.
      const wrong = await startSipp({
        scenario: 'uac-call-rejected',
        remote: busy.address,
        keys: { expect: 503 },
      });
      const failed = await wrong.waitForExit(10_000);
      expect(failed.exit.code).toBe(1);
      expect(failed.stats?.failedCalls).toBe(1);
      expect(flow(failed.messages)).toEqual([
        'sent INVITE INVITE',
        'received 100 INVITE',
        'received 486 INVITE',
        'sent ACK ACK',
      ]);
      await stopAndExpectGone(expect486, expect503, wrong);
    } finally {
      await stopAndExpectGone(busy, unavailable);
    }
  });
});

describe('Kamailio as IP-authenticated trunk', () => {
  let uas: SippHandle;
  let trunk: KamailioTrunkHandle;

  beforeAll(async () => {
    uas = await startSipp({ scenario: 'uas-answer', rtpEcho: true });
    trunk = await startKamailioTrunk({ trunkName: TRUNK_NAME, forwardTo: uas.address });
  });
  afterAll(async () => {
    await trunk?.stop();
    await uas?.stop();
  });

  it('relays a call whose From host is the trunk name, Record-Routing the dialog', async () => {
    const uac = await startSipp({
      scenario: 'uac-call',
      remote: trunk.server,
      service: '+15557654321',
      keys: { from_host: TRUNK_NAME, hold_ms: 200 },
    });
    const caller = await uac.waitForExit(10_000);
    expect(caller.exit.code).toBe(0);
    const callId = caller.messages[0]?.callId ?? '';

    await uas.waitForMessage((m) => m.callId === callId && m.method === 'BYE');
    const atUas = uas.messages();
    const invite = find(atUas, (m) => m.callId === callId && m.method === 'INVITE');
    expect(invite.uri).toBe(`sip:+15557654321@${uas.address}`);
    expect(invite.headers.get('record-route')).toEqual([
      expect.stringMatching(new RegExp(`^<sip:${trunk.server};lr`)),
    ]);
    expect(invite.headers.get('via')).toHaveLength(2);
    expect(headerValue(invite, 'from')).toContain(`@${TRUNK_NAME}>`);
    // ACK and BYE took the recorded route: through the trunk, to the callee's Contact.
    const bye = find(atUas, (m) => m.callId === callId && m.method === 'BYE');
    expect(bye.uri).toBe(`sip:sipp-uas@${uas.address};transport=UDP`);
    expect(bye.headers.get('via')).toHaveLength(2);

    await trunk.waitForLogged(
      (l) => l.callId === callId && l.direction === 'sent' && l.status === 200 && l.cseqMethod === 'BYE',
    );
    const lines = (dir: 'received' | 'sent') =>
      (dir === 'received' ? trunk.received() : trunk.sent())
        .filter((l) => l.callId === callId)
        .map((l) => `${l.method ?? l.status} ${l.cseqMethod} ${l.peer}`);
    expect(lines('received')).toEqual([
      `INVITE INVITE ${uac.address}`,
      `100 INVITE ${uas.address}`,
      `180 INVITE ${uas.address}`,
      `200 INVITE ${uas.address}`,
      `ACK ACK ${uac.address}`,
      `BYE BYE ${uac.address}`,
      `200 BYE ${uas.address}`,
    ]);
    expect(lines('sent')).toEqual([
      `100 INVITE ${uac.address}`,
      `INVITE INVITE ${uas.address}`,
      `180 INVITE ${uac.address}`,
      `200 INVITE ${uac.address}`,
      `ACK ACK ${uas.address}`,
      `BYE BYE ${uas.address}`,
      `200 BYE ${uac.address}`,
    ]);
    await stopAndExpectGone(uac);
  });

  it('answers 403 with a Warning when the From host is not the trunk name', async () => {
    const uac = await startSipp({
      scenario: 'uac-call-rejected',
      remote: trunk.server,
      keys: { expect: 403 },
    });
    const caller = await uac.waitForExit(10_000);
    expect(caller.exit.code).toBe(0);
    const forbidden = find(caller.messages, (m) => m.status === 403);
    expect(forbidden.reason).toBe('Forbidden');
    expect(headerValue(forbidden, 'warning')).toBe(
      `399 ${trunk.server} "From host sipp.test does not match trunk name ${TRUNK_NAME}"`,
    );
    expect(uas.messages().filter((m) => m.callId === forbidden.callId)).toEqual([]);
    const ack = await trunk.waitForLogged((l) => l.callId === forbidden.callId && l.method === 'ACK');
    expect(ack.direction).toBe('received');
    await stopAndExpectGone(uac);
  });

  it('relays a CANCEL: 200 from the trunk, CANCEL and ACK downstream, 487 back', async () => {
    const ringing = await startSipp({ scenario: 'uas-ring-forever', calls: 1 });
    const trunk2 = await startKamailioTrunk({ trunkName: TRUNK_NAME, forwardTo: ringing.address });
    const uac = await startSipp({
      scenario: 'uac-call-cancel',
      remote: trunk2.server,
      keys: { from_host: TRUNK_NAME },
    });
    expect((await uac.waitForExit(10_000)).exit.code).toBe(0);
    expect((await ringing.waitForExit(10_000)).exit.code).toBe(0);
    expect(flow(ringing.messages())).toEqual([
      'received INVITE INVITE',
      'sent 100 INVITE',
      'sent 180 INVITE',
      'received CANCEL CANCEL',
      'sent 200 CANCEL',
      'sent 487 INVITE',
      'received ACK ACK',
    ]);
    await trunk2.waitForLogged((l) => l.direction === 'sent' && l.method === 'ACK');
    const sent = trunk2.sent().map((l) => `${l.method ?? l.status} ${l.cseqMethod}`);
    expect(sent).toEqual(expect.arrayContaining(['200 CANCEL', 'CANCEL CANCEL', 'ACK ACK', '487 INVITE']));
    await stopAndExpectGone(uac, ringing, trunk2);
  });
});

describe('Kamailio as authenticating proxy', () => {
  let uas: SippHandle;
  let proxy: KamailioProxyHandle;

  beforeAll(async () => {
    uas = await startSipp({ scenario: 'uas-answer' });
    proxy = await startKamailioProxy({
      users: [{ user: 'alice', password: PASSWORD }],
      forwardTo: uas.address,
      qop: true,
    });
  });
  afterAll(async () => {
    await proxy?.stop();
    await uas?.stop();
  });

  it('answers an INVITE without credentials with 407 + Proxy-Authenticate and relays nothing', async () => {
    const uac = await startSipp({
      scenario: 'uac-call-rejected',
      remote: proxy.server,
      keys: { expect: 407 },
    });
    const caller = await uac.waitForExit(10_000);
    expect(caller.exit.code).toBe(0);
    const challenge = find(caller.messages, (m) => m.status === 407);
    expect(headerValue(challenge, 'proxy-authenticate')).toMatch(
      /^Digest realm="sipkit\.test", nonce="[^"]+", qop="auth", algorithm=MD5$/,
    );
    expect(uas.messages().filter((m) => m.callId === challenge.callId)).toEqual([]);
    await stopAndExpectGone(uac);
  });

  it('relays an authenticated INVITE without its credentials; ACK and BYE pass unchallenged', async () => {
    const uac = await startSipp({
      scenario: 'uac-call',
      remote: proxy.server,
      service: 'alice',
      authUser: 'alice',
      authPassword: PASSWORD,
      keys: { hold_ms: 200 },
    });
    const caller = await uac.waitForExit(10_000);
    expect(caller.exit.code).toBe(0);
    expect(flow(caller.messages)).toEqual([
      'sent INVITE INVITE',
      'received 407 INVITE',
      'sent ACK ACK',
      'sent INVITE INVITE',
      'received 100 INVITE',
      'received 180 INVITE',
      'received 200 INVITE',
      'sent ACK ACK',
      'sent BYE BYE',
      'received 200 BYE',
    ]);
    const retry = caller.messages.filter((m) => m.method === 'INVITE')[1];
    expect(retry && headerValue(retry, 'proxy-authorization')).toMatch(/^Digest username="alice"/);

    const callId = caller.messages[0]?.callId ?? '';
    await uas.waitForMessage((m) => m.callId === callId && m.method === 'BYE');
    const invite = find(uas.messages(), (m) => m.callId === callId && m.method === 'INVITE');
    expect(invite.cseq).toBe(2);
    expect(invite.headers.has('proxy-authorization')).toBe(false);
    expect(invite.headers.get('record-route')).toEqual([
      expect.stringMatching(new RegExp(`^<sip:${proxy.server};lr`)),
    ]);

    await proxy.waitForLogged(
      (l) => l.callId === callId && l.direction === 'sent' && l.cseqMethod === 'BYE' && l.status === 200,
    );
    const challenges = proxy.sent().filter((l) => l.callId === callId && l.status === 407);
    expect(challenges.map((l) => l.cseq)).toEqual([1]);
    await stopAndExpectGone(uac);
  });

  it('challenges a wrong password again', async () => {
    const uac = await startSipp({
      scenario: 'uac-call',
      remote: proxy.server,
      service: 'alice',
      authUser: 'alice',
      authPassword: 'wrong',
    });
    const caller = await uac.waitForExit(10_000);
    expect(caller.exit.code).toBe(1);
    const callId = caller.messages[0]?.callId ?? '';
    await proxy.waitForLogged((l) => l.callId === callId && l.status === 407 && l.cseq === 2);
    expect(uas.messages().filter((m) => m.callId === callId)).toEqual([]);
    await stopAndExpectGone(uac);
  });
});

describe('cleanup', () => {
  it('stopAll leaves no SIPp or Kamailio process behind', async () => {
    const uas = await startSipp({ scenario: 'uas-ring-forever', rtpEcho: true });
    const trunk = await startKamailioTrunk({ trunkName: TRUNK_NAME, forwardTo: uas.address });
    const proxy = await startKamailioProxy({
      users: [{ user: 'bob', password: 'x' }],
      forwardTo: uas.address,
    });
    expect(runningProcessCount()).toBeGreaterThanOrEqual(3);
    await stopAll();
    expect(runningProcessCount()).toBe(0);
    for (const pid of [uas.pid, trunk.pid, proxy.pid]) expectGone(pid);
    // What SIPp traced stays readable after its work dir is gone.
    expect(uas.messages()).toEqual([]);
    expect(uas.stats()?.totalCalls).toBe(0);
  });
});
