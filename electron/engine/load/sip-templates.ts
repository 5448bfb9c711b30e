// Every request the load generator sends. INVITE and CANCEL come from fixed templates (their only
// per-call fields are the call id and the CSeq digit); requests inside a dialog (ACK, BYE) depend
// on what the far side sent and are built as one string each.
import { ID_WIDTH } from './call-ids';
import { FixedTemplate } from './fixed-template';
import { splitList } from '../../../shared/sip/split-outside';

export interface TemplateContext {
  readonly fromUser: string;
  readonly fromHost: string;
  readonly toUser: string;
  /** Request-URI and To host (with :port when not 5060). */
  readonly domain: string;
  /** Our address and SIP port as put in Via and Contact. */
  readonly localAddress: string;
  readonly localPort: number;
  readonly rtpPort: number;
  readonly runTag: string;
  readonly userAgent?: string;
}

export interface DialogInfo {
  readonly to: string;
  readonly target: string;
  readonly routes: string;
}

const FIELDS = [
  { name: 'ID', width: ID_WIDTH },
  { name: 'K', width: 1 },
  { name: 'N', width: 1 },
];

export class LoadTemplates {
  readonly requestUri: string;
  private readonly invite: FixedTemplate;
  private readonly cancel: FixedTemplate;
  private readonly sdp: string;
  private readonly values = ['', '', ''];
  private readonly via: string;

  constructor(readonly ctx: TemplateContext) {
    this.requestUri = `sip:${ctx.toUser}@${ctx.domain}`;
    this.via = `SIP/2.0/UDP ${ctx.localAddress}:${ctx.localPort}`;
    this.sdp = [
      'v=0',
      `o=sipkit 1 1 IN IP4 ${ctx.localAddress}`,
      's=sipkit load',
      `c=IN IP4 ${ctx.localAddress}`,
      't=0 0',
      `m=audio ${ctx.rtpPort} RTP/AVP 0 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=sendrecv',
      '',
    ].join('\r\n');
    this.invite = new FixedTemplate(this.inviteText('', '{N}', '{ID}', '{K}'), FIELDS);
    this.cancel = new FixedTemplate(
      [
        `CANCEL ${this.requestUri} SIP/2.0`,
        `Via: ${this.via};branch=z9hG4bK{ID}{K}{N};rport`,
        'Max-Forwards: 70',
        `From: <sip:${ctx.fromUser}@${ctx.fromHost}>;tag={ID}`,
        `To: <${this.requestUri}>`,
        `Call-ID: {ID}-${ctx.runTag}@${ctx.localAddress}`,
        'CSeq: {N} CANCEL',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
      FIELDS,
    );
  }

  callId(id: string): string {
    return `${id}-${this.ctx.runTag}@${this.ctx.localAddress}`;
  }

  /** The INVITE with CSeq `cseq` (1-9); its branch is `i<cseq>`. */
  fillInvite(id: string, cseq: number): Buffer {
    return this.fill(this.invite, id, 'i', cseq);
  }

  /** An INVITE carrying digest answers (after a 401/407): built as a string, it is rare. */
  inviteWithAuth(id: string, cseq: number, auth: readonly { name: string; value: string }[]): Buffer {
    const extra = auth.map((h) => `${h.name}: ${h.value}\r\n`).join('');
    return Buffer.from(this.inviteText(extra, String(cseq), id, 'i'), 'latin1');
  }

  /** CANCEL of the INVITE with CSeq `cseq` (same branch, RFC 3261 §9.1). */
  fillCancel(id: string, cseq: number): Buffer {
    return this.fill(this.cancel, id, 'i', cseq);
  }

  /** ACK of a non-2xx final reply: same branch as the INVITE, the reply's To (RFC 3261 §17.1.1.3). */
  ackNon2xx(id: string, cseq: number, to: string): Buffer {
    const c = this.ctx;
    return Buffer.from(
      `ACK ${this.requestUri} SIP/2.0\r\n` +
        `Via: ${this.via};branch=z9hG4bK${id}i${cseq};rport\r\n` +
        'Max-Forwards: 70\r\n' +
        `From: <sip:${c.fromUser}@${c.fromHost}>;tag=${id}\r\n` +
        `To: ${to}\r\n` +
        `Call-ID: ${this.callId(id)}\r\n` +
        `CSeq: ${cseq} ACK\r\n` +
        'Content-Length: 0\r\n\r\n',
      'latin1',
    );
  }

  /** ACK of a 2xx (a new transaction) or BYE, inside the dialog. */
  inDialog(method: 'ACK' | 'BYE', id: string, cseq: number, dialog: DialogInfo): Buffer {
    const c = this.ctx;
    return Buffer.from(
      `${method} ${dialog.target || this.requestUri} SIP/2.0\r\n` +
        `Via: ${this.via};branch=z9hG4bK${id}${method === 'ACK' ? 'a' : 'b'}${cseq};rport\r\n` +
        dialog.routes +
        'Max-Forwards: 70\r\n' +
        `From: <sip:${c.fromUser}@${c.fromHost}>;tag=${id}\r\n` +
        `To: ${dialog.to}\r\n` +
        `Call-ID: ${this.callId(id)}\r\n` +
        `CSeq: ${cseq} ${method}\r\n` +
        'Content-Length: 0\r\n\r\n',
      'latin1',
    );
  }

  private fill(template: FixedTemplate, id: string, kind: string, cseq: number): Buffer {
    this.values[0] = id;
    this.values[1] = kind;
    this.values[2] = String(cseq);
    return template.fill(this.values);
  }

  private inviteText(extraHeaders: string, cseq: string, id: string, kind: string): string {
    const c = this.ctx;
    return (
      `INVITE ${this.requestUri} SIP/2.0\r\n` +
      `Via: ${this.via};branch=z9hG4bK${id}${kind}${cseq};rport\r\n` +
      'Max-Forwards: 70\r\n' +
      `From: <sip:${c.fromUser}@${c.fromHost}>;tag=${id}\r\n` +
      `To: <${this.requestUri}>\r\n` +
      `Call-ID: ${id}-${c.runTag}@${c.localAddress}\r\n` +
      `CSeq: ${cseq} INVITE\r\n` +
      `Contact: <sip:${c.fromUser}@${c.localAddress}:${c.localPort}>\r\n` +
      extraHeaders +
      `User-Agent: ${c.userAgent ?? 'sipkit-load'}\r\n` +
      'Content-Type: application/sdp\r\n' +
      `Content-Length: ${Buffer.byteLength(this.sdp, 'latin1')}\r\n\r\n` +
      this.sdp
    );
  }
}

/** Route header lines for a UAC's route set: the 2xx's Record-Route in reverse (RFC 3261 §12.1.2). */
export function routeLines(recordRoutes: readonly string[]): string {
  if (recordRoutes.length === 0) return '';
  const entries = recordRoutes.flatMap(splitList).reverse();
  return entries.map((e) => `Route: ${e}\r\n`).join('');
}
