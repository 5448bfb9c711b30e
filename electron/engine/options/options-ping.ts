// OPTIONS ping (RFC 3261 §11): is the server there, and how long does it take to answer? One
// transaction per try, so a lost request shows up as retransmissions and a longer round trip.
import type { SendTarget, SipEndpoint } from '../core/sip-endpoint';
import { makeBranch, makeCallId, makeTag } from '../sip/ids';
import { fmt } from '../transport/sip-transport';
import { hostPort } from '../../../shared/sip/address-text';

export interface PingResult {
  readonly seq: number;
  readonly ok: boolean;
  readonly status?: number;
  readonly reason?: string;
  /** From the first send to the final response. */
  readonly rttMs?: number;
  readonly retransmissions: number;
  readonly message: string;
  readonly server?: string;
}

export interface PingOptions {
  readonly target: SendTarget;
  readonly serverName: string;
  readonly fromUser?: string;
}

export async function pingOnce(endpoint: SipEndpoint, opts: PingOptions, seq: number): Promise<PingResult> {
  const { target } = opts;
  const uri = `sip:${hostPort(target.address, target.port)}`;
  const local = await endpoint.contactAddressFor(target);
  const user = opts.fromUser ?? 'sipkit';
  const outcome = await endpoint.request(
    {
      method: 'OPTIONS',
      requestUri: uri,
      branch: makeBranch(),
      from: `<sip:${user}@${local.address}>;tag=${makeTag()}`,
      to: `<${uri}>`,
      callId: makeCallId('sipkit'),
      cseq: seq,
      contact: `<sip:${user}@${local.address}:${local.port}>`,
      headers: [['Accept', 'application/sdp']],
    },
    target,
  );
  const where = `${opts.serverName} (${fmt(target)})`;
  switch (outcome.kind) {
    case 'timeout':
      return {
        seq,
        ok: false,
        retransmissions: outcome.retransmissions,
        message: `no answer from ${where} after ${Math.round(outcome.elapsedMs / 1000)} s and ${outcome.retransmissions + 1} tries`,
      };
    case 'transport-error':
      return {
        seq,
        ok: false,
        retransmissions: outcome.retransmissions,
        message: `could not reach ${where}: ${outcome.error.message}`,
      };
    case 'response': {
      const res = outcome.response.sip;
      const status = res.status ?? 0;
      // Any final response proves the server is alive; 2xx means it also accepts OPTIONS.
      return {
        seq,
        ok: true,
        status,
        reason: res.reason,
        rttMs: outcome.rttMs,
        retransmissions: outcome.retransmissions,
        server: res.first('server') ?? res.first('user-agent'),
        message: `${status} ${res.reason ?? ''}`.trim(),
      };
    }
  }
}
