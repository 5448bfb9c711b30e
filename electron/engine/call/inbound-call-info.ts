// What an inbound call presented: the numbers and identities a technician compares with what the
// caller sent (rule trunk.caller-id) and which registration or region delivered it (reg.inbound-rr).
import sip from 'sip';
import type { Endpoint } from '../../../shared/trace-types';
import { splitList } from '../../../shared/sip/split-outside';
import type { ParsedSip } from '../sip/parse-message';

export interface InboundCallInfo {
  readonly callId: string;
  readonly requestUri: string;
  readonly from: string;
  readonly to: string;
  /** The caller ID as a phone shows it: From display name and user. */
  readonly callerName?: string;
  readonly callerNumber?: string;
  readonly pAssertedIdentity?: string;
  readonly remotePartyId?: string;
  readonly privacy?: string;
  readonly diversion: readonly string[];
  readonly historyInfo: readonly string[];
  readonly source: Endpoint;
  /** The registration (region) whose registrar sent the call, when it came from one. */
  readonly deliveredBy?: string;
}

export interface KnownRegistrar {
  readonly label: string;
  readonly address: string;
  readonly port: number;
}

export function describeInbound(
  sipMsg: ParsedSip,
  source: Endpoint,
  registrars: readonly KnownRegistrar[] = [],
): InboundCallInfo {
  const from = sipMsg.message.headers.from;
  const fromUri = from ? sip.parseUri(from.uri) : undefined;
  const name = from?.name?.replace(/^"|"$/g, '').trim();
  const delivered =
    registrars.find((r) => r.address === source.address && r.port === source.port) ??
    registrars.find((r) => r.address === source.address);
  return {
    callId: sipMsg.callId,
    requestUri: sipMsg.requestUri ?? '',
    from: sipMsg.first('from') ?? '',
    to: sipMsg.first('to') ?? '',
    callerName: name || undefined,
    callerNumber: fromUri?.user,
    pAssertedIdentity: sipMsg.first('p-asserted-identity'),
    remotePartyId: sipMsg.first('remote-party-id'),
    privacy: sipMsg.first('privacy'),
    diversion: sipMsg.header('diversion').flatMap(splitList),
    historyInfo: sipMsg.header('history-info').flatMap(splitList),
    source,
    deliveredBy: delivered?.label,
  };
}
