import type { HostPort } from './host-port';
import { headerValue, parseSipMessage, type SipMessage } from './sip-message';
import { openUdpEndpoint, type UdpEndpoint } from './udp-endpoint';

// A hand-scripted SIP endpoint for checking SIPp scenarios: the test reads each message SIPp
// sends and writes each reply itself, so every header on both sides is visible. Not a stack:
// no transactions or retransmissions (loopback does not lose datagrams).

export interface ReceivedSip {
  message: SipMessage;
  from: HostPort;
}

export interface SipUdpPeer {
  readonly host: string;
  readonly port: number;
  readonly udp: UdpEndpoint;
  /** Every SIP message received so far, in order. */
  messages(): ReceivedSip[];
  waitFor(predicate: (message: SipMessage) => boolean, timeoutMs?: number): Promise<ReceivedSip>;
  send(text: string, to: HostPort): Promise<void>;
  close(): Promise<void>;
}

function tryParse(data: Buffer): SipMessage | undefined {
  try {
    return parseSipMessage(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function openSipUdpPeer(): Promise<SipUdpPeer> {
  const udp = await openUdpEndpoint();
  const messages = () =>
    udp.datagrams().flatMap((d) => {
      const message = tryParse(d.data);
      return message ? [{ message, from: d.from }] : [];
    });
  return {
    host: udp.host,
    port: udp.port,
    udp,
    messages,
    async waitFor(predicate, timeoutMs = 5000) {
      const datagram = await udp.waitFor(
        (d) => {
          const message = tryParse(d.data);
          return message !== undefined && predicate(message);
        },
        timeoutMs,
        'matching SIP message',
      );
      const message = tryParse(datagram.data);
      if (!message) throw new Error('unreachable: matched datagram does not parse');
      return { message, from: datagram.from };
    },
    send: (text, to) => udp.send(text, to),
    close: () => udp.close(),
  };
}

/** CRLF-joined message text with Content-Length filled in. */
export function sipText(startLine: string, headers: readonly string[], body = ''): string {
  return [startLine, ...headers, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
}

/**
 * A response to `request` (RFC 3261 8.2.6.2): its Vias, From, Call-ID and CSeq, its To with
 * `toTag` added when given and not already there, then `headers` and `body`.
 */
export function sipResponse(
  request: SipMessage,
  status: number,
  reason: string,
  opts: { toTag?: string; headers?: readonly string[]; body?: string } = {},
): string {
  const to = headerValue(request, 'to') ?? '';
  const tagged = opts.toTag && !/;\s*tag=/i.test(to) ? `${to};tag=${opts.toTag}` : to;
  return sipText(
    `SIP/2.0 ${status} ${reason}`,
    [
      ...(request.headers.get('via') ?? []).map((via) => `Via: ${via}`),
      ...(request.headers.get('record-route') ?? []).map((rr) => `Record-Route: ${rr}`),
      `From: ${headerValue(request, 'from') ?? ''}`,
      `To: ${tagged}`,
      `Call-ID: ${headerValue(request, 'call-id') ?? ''}`,
      `CSeq: ${headerValue(request, 'cseq') ?? ''}`,
      ...(opts.headers ?? []),
    ],
    opts.body,
  );
}
