import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { digestAuthorization, parseDigestChallenge } from './digest';
import { parseHostPort, type HostPort } from './host-port';
import { headerValue, parseSipResponse, type SipResponse } from './sip-message';

// A tiny UDP SIP client for the harness itself: readiness probes and the cases sipsak and
// SIPp cannot cover (SHA-256 digest, reading every header of a reply). Not the product's stack.

/** Call-IDs of requests sent by this client start with this prefix. */
export const HARNESS_CALL_ID_PREFIX = 'sipkit-harness-';
/** Call-IDs of readiness probes, hidden from Kamailio's received()/sent(). */
export const PROBE_CALL_ID_PREFIX = `${HARNESS_CALL_ID_PREFIX}probe-`;

const T1_MS = 500;

export interface RequestContext {
  localHost: string;
  localPort: number;
  branch: string;
}

export interface SipUdpClient {
  readonly localHost: string;
  readonly localPort: number;
  /**
   * Sends the request built by `build` (called again for each retransmission with the same
   * branch) and resolves with the first final response for (callId, cseq).
   */
  request(
    build: (ctx: RequestContext) => string,
    callId: string,
    cseq: number,
    timeoutMs: number,
  ): Promise<SipResponse>;
  close(): void;
}

function token(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

export function newCallId(label = 'call'): string {
  return `${HARNESS_CALL_ID_PREFIX}${label}-${token(8)}`;
}

export async function openSipUdpClient(server: HostPort, localHost = '127.0.0.1'): Promise<SipUdpClient> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, localHost, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const localPort = socket.address().port;
  const waiting = new Set<(response: SipResponse) => void>();
  socket.on('message', (buffer) => {
    let response: SipResponse;
    try {
      response = parseSipResponse(buffer.toString('utf8'));
    } catch {
      return; // a request or garbage: not for us
    }
    for (const deliver of waiting) deliver(response);
  });
  socket.on('error', () => {
    // ICMP errors surface as timeouts of the pending request
  });

  return {
    localHost,
    localPort,
    request(build, callId, cseq, timeoutMs) {
      const ctx: RequestContext = { localHost, localPort, branch: `z9hG4bK${token()}` };
      return new Promise<SipResponse>((resolve, reject) => {
        let retransmitTimer: NodeJS.Timeout | undefined;
        let interval = T1_MS;
        const send = () => {
          socket.send(build(ctx), server.port, server.host);
          retransmitTimer = setTimeout(send, interval);
          interval = Math.min(interval * 2, 4000);
        };
        const finish = () => {
          clearTimeout(retransmitTimer);
          clearTimeout(deadline);
          waiting.delete(deliver);
        };
        const deliver = (response: SipResponse) => {
          const cseqHeader = headerValue(response, 'cseq') ?? '';
          if (headerValue(response, 'call-id') !== callId || Number.parseInt(cseqHeader, 10) !== cseq) return;
          if (response.status < 200) return;
          finish();
          resolve(response);
        };
        const deadline = setTimeout(() => {
          finish();
          reject(new Error(`no final response from ${server.host}:${server.port} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.add(deliver);
        send();
      });
    },
    close() {
      waiting.clear();
      socket.close();
    },
  };
}

/** Sends one OPTIONS and returns the final response; used as a readiness probe. */
export async function sipOptions(server: string | HostPort, timeoutMs = 1000): Promise<SipResponse> {
  const target = typeof server === 'string' ? parseHostPort(server) : server;
  const client = await openSipUdpClient(target);
  const callId = `${PROBE_CALL_ID_PREFIX}${token(8)}`;
  try {
    return await client.request(
      ({ localHost, localPort, branch }) =>
        [
          `OPTIONS sip:${target.host}:${target.port} SIP/2.0`,
          `Via: SIP/2.0/UDP ${localHost}:${localPort};branch=${branch};rport`,
          'Max-Forwards: 70',
          `From: <sip:probe@${localHost}>;tag=${token(4)}`,
          `To: <sip:${target.host}:${target.port}>`,
          `Call-ID: ${callId}`,
          'CSeq: 1 OPTIONS',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      callId,
      1,
      timeoutMs,
    );
  } finally {
    client.close();
  }
}

export interface SipRegisterOptions {
  /** "127.0.0.1:PORT" */
  server: string;
  user: string;
  password: string;
  /** Domain of the AoR (default: the server host). */
  domain?: string;
  /** Contact URI, "*" to remove all bindings, or null for a query REGISTER without Contact. */
  contact?: string | null;
  /** Expires header; omitted when undefined. */
  expires?: number;
  callId?: string;
  /** CSeq of the first request (the authenticated retry uses the next number). */
  cseq?: number;
  timeoutMs?: number;
}

export interface SipRegisterResult {
  callId: string;
  localPort: number;
  /** Every final response in order: usually [401/407, final] or just [final]. */
  responses: SipResponse[];
  final: SipResponse;
}

/** REGISTER with one digest round (MD5, SHA-256 or SHA-512-256; qop=auth if offered). */
export async function sipRegister(opts: SipRegisterOptions): Promise<SipRegisterResult> {
  const server = parseHostPort(opts.server);
  const domain = opts.domain ?? server.host;
  const callId = opts.callId ?? newCallId('register');
  const fromTag = token(4);
  const requestUri = `sip:${domain}`;
  const contact = opts.contact === undefined ? `sip:${opts.user}@127.0.0.1:5060` : opts.contact;
  const timeoutMs = opts.timeoutMs ?? 4000;
  const client = await openSipUdpClient(server);

  const build =
    (cseq: number, authorization?: { header: string; value: string }) =>
    ({ localHost, localPort, branch }: RequestContext) =>
      [
        `REGISTER ${requestUri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${localHost}:${localPort};branch=${branch};rport`,
        'Max-Forwards: 70',
        `From: <sip:${opts.user}@${domain}>;tag=${fromTag}`,
        `To: <sip:${opts.user}@${domain}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        ...(contact === null ? [] : [contact === '*' ? 'Contact: *' : `Contact: <${contact}>`]),
        ...(opts.expires === undefined ? [] : [`Expires: ${opts.expires}`]),
        ...(authorization ? [`${authorization.header}: ${authorization.value}`] : []),
        'User-Agent: sipkit-harness',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');

  try {
    const firstCseq = opts.cseq ?? 1;
    const first = await client.request(build(firstCseq), callId, firstCseq, timeoutMs);
    const responses = [first];
    if (first.status === 401 || first.status === 407) {
      const challengeHeader = headerValue(
        first,
        first.status === 401 ? 'www-authenticate' : 'proxy-authenticate',
      );
      if (!challengeHeader) throw new Error(`${first.status} without a challenge header:\n${first.raw}`);
      const value = digestAuthorization(parseDigestChallenge(challengeHeader), {
        username: opts.user,
        password: opts.password,
        method: 'REGISTER',
        uri: requestUri,
      });
      const header = first.status === 401 ? 'Authorization' : 'Proxy-Authorization';
      responses.push(
        await client.request(build(firstCseq + 1, { header, value }), callId, firstCseq + 1, timeoutMs),
      );
    }
    const final = responses[responses.length - 1] ?? first;
    return { callId, localPort: client.localPort, responses, final };
  } finally {
    client.close();
  }
}
