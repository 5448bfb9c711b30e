// A SIP dialog (RFC 3261 §12): the state two user agents share after an INVITE is answered, and
// the requests built inside it (ACK for the 2xx, BYE, re-INVITE answers).
import { isIP } from 'node:net';
import sip from 'sip';
import type { SendTarget } from '../core/sip-endpoint';
import type { RequestSpec } from '../sip/build-message';
import { makeBranch } from '../sip/ids';
import type { ParsedSip } from '../sip/parse-message';
import { splitList } from '../../../shared/sip/split-outside';

export interface DialogState {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** Our From/To header value without its tag (name-addr). */
  readonly localAddr: string;
  readonly remoteAddr: string;
  /** Where in-dialog requests go: the peer's Contact URI. */
  readonly remoteTarget: string;
  /** Route header values, in the order they are sent. */
  readonly routeSet: readonly string[];
  readonly localContact: string;
}

export class Dialog {
  private localSeq: number;

  private constructor(
    readonly state: DialogState,
    localSeq: number,
  ) {
    this.localSeq = localSeq;
  }

  /**
   * RFC 3261 §12.1.2: the UAC's dialog from a 2xx — route set from Record-Route in reverse,
   * remote target from the 2xx's Contact, remote tag from its To.
   */
  static asCaller(invite: RequestSpec, response: ParsedSip): Dialog {
    const routeSet = recordRoutes(response).reverse();
    return new Dialog(
      {
        callId: invite.callId,
        localTag: tagOf(invite.from) ?? '',
        remoteTag: response.toTag ?? '',
        localAddr: withoutTag(invite.from),
        remoteAddr: withoutTag(response.first('to') ?? invite.to),
        remoteTarget: contactUri(response) ?? invite.requestUri,
        routeSet,
        localContact: invite.contact ?? '',
      },
      invite.cseq,
    );
  }

  /**
   * RFC 3261 §12.1.1: the UAS's dialog from the INVITE — route set from Record-Route in order,
   * remote target from the INVITE's Contact, remote tag from its From.
   */
  static asCallee(invite: ParsedSip, localTag: string, localContact: string): Dialog {
    return new Dialog(
      {
        callId: invite.callId,
        localTag,
        remoteTag: invite.fromTag ?? '',
        localAddr: withoutTag(invite.first('to') ?? ''),
        remoteAddr: withoutTag(invite.first('from') ?? ''),
        remoteTarget: contactUri(invite) ?? '',
        routeSet: recordRoutes(invite),
        localContact,
      },
      0,
    );
  }

  /** A new request in the dialog (RFC 3261 §12.2.1.1), e.g. BYE. */
  request(method: string, extra: Pick<RequestSpec, 'headers' | 'body' | 'contentType'> = {}): RequestSpec {
    this.localSeq++;
    return this.build(method, this.localSeq, extra);
  }

  /** RFC 3261 §13.2.2.4: the ACK for a 2xx carries the INVITE's CSeq number and a new branch. */
  ack(inviteCseq: number, extra: Pick<RequestSpec, 'body' | 'contentType'> = {}): RequestSpec {
    return this.build('ACK', inviteCseq, extra);
  }

  /**
   * Where to send in-dialog requests: the first Route (loose routing) or the remote target. A
   * host name there is not resolved again; the call's original target is used instead.
   */
  sendTarget(fallback: SendTarget): SendTarget {
    const uri = sip.parseUri(stripAngles(this.state.routeSet[0] ?? this.state.remoteTarget));
    if (!uri || isIP(uri.host) === 0) return fallback;
    const transport = (uri.params.transport ?? '').toLowerCase() === 'tcp' ? 'tcp' : fallback.transport;
    return { address: uri.host, port: Number.isFinite(uri.port) && uri.port ? uri.port : 5060, transport };
  }

  private build(
    method: string,
    cseq: number,
    extra: Pick<RequestSpec, 'headers' | 'body' | 'contentType'>,
  ): RequestSpec {
    const s = this.state;
    const strict = s.routeSet.length > 0 && !/;\s*lr\b/i.test(s.routeSet[0]!);
    // §12.2.1.1: with a strict first route, it becomes the Request-URI and the remote target
    // goes last in the Route set.
    const requestUri = strict ? stripAngles(s.routeSet[0]!) : s.remoteTarget;
    const routes = strict ? [...s.routeSet.slice(1), `<${s.remoteTarget}>`] : s.routeSet;
    return {
      method,
      requestUri,
      branch: makeBranch(),
      from: `${s.localAddr};tag=${s.localTag}`,
      to: `${s.remoteAddr};tag=${s.remoteTag}`,
      callId: s.callId,
      cseq,
      contact: method === 'BYE' || method === 'ACK' ? undefined : s.localContact,
      headers: [...routes.map((r) => ['Route', r] as const), ...(extra.headers ?? [])],
      body: extra.body,
      contentType: extra.contentType,
    };
  }
}

function recordRoutes(m: ParsedSip): string[] {
  return m.header('record-route').flatMap(splitList);
}

function contactUri(m: ParsedSip): string | undefined {
  const first = m.header('contact').flatMap(splitList)[0];
  return first ? stripAngles(first) : undefined;
}

function stripAngles(value: string): string {
  const m = /<([^>]*)>/.exec(value);
  return (m ? m[1]! : value.split(';')[0]!).trim();
}

export function withoutTag(value: string): string {
  return value.replace(/;\s*tag=[^;]*/i, '').trim();
}

function tagOf(value: string): string | undefined {
  return /;\s*tag=([^;]*)/i.exec(value)?.[1];
}
