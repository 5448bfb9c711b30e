// Serialises the requests and responses the engine sends. Requests are built from a spec and
// finished at send time with the Via "sent-by" of the transport actually used (RFC 3261 §18.1.1
// may move a large request from UDP to TCP, and the Via must say so).
import type { TransportName } from '../../../shared/trace-types';
import type { ParsedSip } from './parse-message';
import { hostPort } from '../../../shared/sip/address-text';

export const USER_AGENT = 'SIP Field Kit/0.1';

export interface RequestSpec {
  readonly method: string;
  readonly requestUri: string;
  readonly branch: string;
  /** A complete From header value including ;tag=. */
  readonly from: string;
  /** A complete To header value (with ;tag= inside a dialog). */
  readonly to: string;
  readonly callId: string;
  readonly cseq: number;
  readonly contact?: string;
  readonly maxForwards?: number;
  /** Further headers in order, e.g. [['Expires', '300'], ['Authorization', 'Digest …']]. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
  readonly contentType?: string;
}

export interface SentBy {
  readonly transport: TransportName;
  readonly host: string;
  readonly port: number;
}

export function serializeRequest(spec: RequestSpec, sentBy: SentBy): string {
  const body = spec.body ?? '';
  const lines = [
    `${spec.method} ${spec.requestUri} SIP/2.0`,
    // RFC 3581: ask for rport so the registrar tells us the port it saw (NAT discovery).
    `Via: SIP/2.0/${sentBy.transport.toUpperCase()} ${hostPort(sentBy.host, sentBy.port)};branch=${spec.branch};rport`,
    `Max-Forwards: ${spec.maxForwards ?? 70}`,
    `From: ${spec.from}`,
    `To: ${spec.to}`,
    `Call-ID: ${spec.callId}`,
    `CSeq: ${spec.cseq} ${spec.method}`,
  ];
  if (spec.contact) lines.push(`Contact: ${spec.contact}`);
  for (const [name, value] of spec.headers ?? []) lines.push(`${name}: ${value}`);
  lines.push(`User-Agent: ${USER_AGENT}`);
  if (body) lines.push(`Content-Type: ${spec.contentType ?? 'application/sdp'}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`, '', body);
  return lines.join('\r\n');
}

/**
 * RFC 3261 §8.2.6.2: a response copies Via (all of them, in order), From, Call-ID and CSeq from
 * the request, and To with a tag added when the request's To had none.
 */
export function serializeResponse(
  request: ParsedSip,
  status: number,
  reason: string,
  opts: {
    readonly toTag?: string;
    readonly headers?: ReadonlyArray<readonly [string, string]>;
    readonly body?: string;
  } = {},
): string {
  const body = opts.body ?? '';
  let to = request.first('to') ?? '';
  if (opts.toTag && !/;\s*tag=/i.test(to)) to += `;tag=${opts.toTag}`;
  const lines = [`SIP/2.0 ${status} ${reason}`];
  for (const via of request.header('via')) lines.push(`Via: ${via}`);
  lines.push(`From: ${request.first('from') ?? ''}`, `To: ${to}`, `Call-ID: ${request.callId}`);
  lines.push(`CSeq: ${request.cseq.seq} ${request.cseq.method}`);
  for (const [name, value] of opts.headers ?? []) lines.push(`${name}: ${value}`);
  lines.push(`Server: ${USER_AGENT}`, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`, '', body);
  return lines.join('\r\n');
}
