// Call cases no stock SIPp scenario covers, played by a hand-scripted peer whose every message
// the test writes: a 302 redirect, early media (183 with SDP), and a re-INVITE from the far side.
import { afterAll, describe, expect, it } from 'vitest';
import { CallRouter } from '../../electron/engine/call/call-router';
import type { CallEvent } from '../../electron/engine/call/call-types';
import { OutboundCall } from '../../electron/engine/call/outbound-call';
import { rtpMediaFactory } from '../../electron/engine/call/rtp-call-media';
import { SipEndpoint } from '../../electron/engine/core/sip-endpoint';
import { MemoryCapture } from '../../electron/engine/transport/capture-sink';
import { headerValue } from '../support/sip-message';
import { openSipUdpPeer, sipResponse, sipText, type SipUdpPeer } from '../support/sip-udp-peer';

const SDP = (port: number, version = 1): string =>
  [
    'v=0',
    `o=peer 1 ${version} IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');

const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of open) await o.close();
});

async function startCall(peer: SipUdpPeer, holdS = 10) {
  const capture = new MemoryCapture();
  const endpoint = await SipEndpoint.open({ bindAddress: '127.0.0.1', capture });
  open.push(endpoint);
  const router = new CallRouter();
  endpoint.onRequest(router.handle);
  const events: CallEvent[] = [];
  const call = new OutboundCall(endpoint, {
    target: { address: peer.host, port: peer.port, transport: 'udp' },
    serverName: 'peer',
    to: '100',
    toHost: `${peer.host}:${peer.port}`,
    fromUser: 'tech',
    fromHost: 'example.test',
    ringTimeoutS: 10,
    holdS,
    media: 'silence',
    mediaFactory: rtpMediaFactory({ bindAddress: '127.0.0.1' }),
    router,
  });
  call.onEvent((e) => events.push(e));
  return { report: call.run(), events, capture, endpoint };
}

describe('calls against a scripted peer', () => {
  it('reports the targets of a 302 redirect and ACKs it', async () => {
    const peer = await openSipUdpPeer();
    open.push(peer);
    const c = await startCall(peer);
    const invite = await peer.waitFor((m) => m.method === 'INVITE');
    await peer.send(
      sipResponse(invite.message, 302, 'Moved Temporarily', {
        toTag: 'p1',
        headers: ['Contact: <sip:100@127.0.0.1:5099>, <sip:100@127.0.0.2:5099>;q=0.5'],
      }),
      invite.from,
    );
    const report = await c.report;
    expect(report.outcome).toBe('redirected');
    expect(report.contacts).toEqual(['<sip:100@127.0.0.1:5099>', '<sip:100@127.0.0.2:5099>;q=0.5']);
    await peer.waitFor((m) => m.method === 'ACK');
  });

  it('reports early media and answers a re-INVITE from the far side', async () => {
    const peer = await openSipUdpPeer();
    open.push(peer);
    const c = await startCall(peer);
    const invite = await peer.waitFor((m) => m.method === 'INVITE');
    const contact = `Contact: <sip:peer@${peer.host}:${peer.port}>`;
    await peer.send(
      sipResponse(invite.message, 183, 'Session Progress', {
        toTag: 'p2',
        headers: [contact, 'Content-Type: application/sdp'],
        body: SDP(40000),
      }),
      invite.from,
    );
    await peer.send(
      sipResponse(invite.message, 200, 'OK', {
        toTag: 'p2',
        headers: [contact, 'Content-Type: application/sdp'],
        body: SDP(40000),
      }),
      invite.from,
    );
    await peer.waitFor((m) => m.method === 'ACK');

    // A re-INVITE inside the dialog: From and To swap, our Contact is the Request-URI.
    const ourContact = /<([^>]+)>/.exec(headerValue(invite.message, 'contact') ?? '')![1]!;
    const dialogHeaders = [
      `Via: SIP/2.0/UDP ${peer.host}:${peer.port};branch=z9hG4bKreinvite1`,
      `From: ${headerValue(invite.message, 'to')};tag=p2`,
      `To: ${headerValue(invite.message, 'from')}`,
      `Call-ID: ${headerValue(invite.message, 'call-id')}`,
      'Max-Forwards: 70',
      contact,
    ];
    const dest = { host: '127.0.0.1', port: c.endpoint.local.port };
    await peer.send(
      sipText(
        `INVITE ${ourContact} SIP/2.0`,
        [...dialogHeaders, 'CSeq: 1 INVITE', 'Content-Type: application/sdp'],
        SDP(40002, 2),
      ),
      dest,
    );
    const ok = await peer.waitFor(
      (m) =>
        m.status === 200 &&
        (headerValue(m, 'cseq') ?? '').endsWith('INVITE') &&
        headerValue(m, 'call-id') === headerValue(invite.message, 'call-id') &&
        m.body.includes('m=audio'),
    );
    expect(ok.message.body).toMatch(/m=audio \d+ RTP\/AVP 0/);
    await peer.send(
      sipText(`ACK ${ourContact} SIP/2.0`, [
        ...dialogHeaders.map((h) => h.replace('reinvite1', 'reinvite1ack')),
        'CSeq: 1 ACK',
      ]),
      dest,
    );
    await peer.send(
      sipText(`BYE ${ourContact} SIP/2.0`, [
        ...dialogHeaders.map((h) => h.replace('reinvite1', 'bye1')),
        'CSeq: 2 BYE',
      ]),
      dest,
    );

    const report = await c.report;
    expect(report.outcome).toBe('completed');
    expect(report.hungUpBy).toBe('them');
    expect(c.events.find((e) => e.type === 'provisional' && e.status === 183)).toMatchObject({
      earlyMedia: true,
    });
    expect(
      c.events.filter((e) => e.type === 'in-dialog').map((e) => (e as { method: string }).method),
    ).toEqual(['INVITE', 'BYE']);
    await peer.waitFor((m) => m.status === 200 && (headerValue(m, 'cseq') ?? '') === '2 BYE');
  });
});
