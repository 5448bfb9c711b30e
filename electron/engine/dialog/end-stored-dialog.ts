// Ends a call that an earlier process left up: the BYE is built from what the trace store kept of
// the call (our INVITE and the far side's 2xx), as RFC 3261 §12.1.2 builds the caller's dialog —
// Call-ID and tags, the 2xx's Contact as the Request-URI, its Record-Route reversed as the route
// set — with CSeq one above the last we sent (§12.2.1.1). A 401/407 is answered with digest
// credentials when the caller can supply them, as any in-dialog request would be (§22.2).
import { DigestAuthenticator, type AuthHeader } from '../auth/digest-authenticator';
import type { SendTarget, SipEndpoint } from '../core/sip-endpoint';
import type { RequestSpec } from '../sip/build-message';
import { parseWire } from '../sip/parse-message';
import { Dialog } from './dialog';

export interface StoredCall {
  /** The bytes of our last INVITE of the call, and of the far side's 2xx to it. */
  readonly invite: Uint8Array;
  readonly answer: Uint8Array;
  /** The highest CSeq number we sent in the call. */
  readonly lastCseq: number;
  /** Where the 2xx came from: used when the route set or Contact has no IP address to send to. */
  readonly answeredFrom: SendTarget;
}

export interface Credentials {
  readonly user: string;
  /** Asked only when a challenge arrives, so no password is read for a server that does not ask. */
  readonly password: () => Promise<string>;
}

export type HangupOutcome =
  | { readonly kind: 'confirmed'; readonly status: number }
  /** 481: the far side no longer had the call (it timed out or was ended another way). */
  | { readonly kind: 'gone'; readonly status: number }
  | { readonly kind: 'failed'; readonly reason: string };

/** Most challenges a BYE gets answered: a proxy's 407 then a 401, plus one stale nonce. */
const MAX_ROUNDS = 4;

export function dialogFromStored(call: StoredCall): Dialog {
  const invite = parseWire(call.invite);
  const answer = parseWire(call.answer);
  if (!invite.ok) throw new Error(`the stored INVITE does not parse: ${invite.error}`);
  if (!answer.ok) throw new Error(`the stored 2xx does not parse: ${answer.error}`);
  const i = invite.sip;
  const spec: RequestSpec = {
    method: 'INVITE',
    requestUri: i.requestUri ?? '',
    branch: '',
    from: i.first('from') ?? '',
    to: i.first('to') ?? '',
    callId: i.callId,
    cseq: call.lastCseq,
    ...(i.first('contact') !== undefined ? { contact: i.first('contact') } : {}),
  };
  return Dialog.asCaller(spec, answer.sip);
}

export async function endStoredDialog(
  endpoint: SipEndpoint,
  call: StoredCall,
  credentials?: Credentials,
): Promise<HangupOutcome> {
  const dialog = dialogFromStored(call);
  const target = dialog.sendTarget(call.answeredFrom);
  let auth: DigestAuthenticator | undefined;
  let authHeaders: readonly AuthHeader[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const bye = dialog.request('BYE', { headers: authHeaders.map((h) => [h.name, h.value] as const) });
    const outcome = await endpoint.request(bye, target);
    if (outcome.kind === 'timeout') return { kind: 'failed', reason: 'no answer to the BYE (timed out)' };
    if (outcome.kind === 'transport-error') return { kind: 'failed', reason: outcome.error.message };
    const res = outcome.response.sip;
    const status = res.status ?? 0;
    if (status >= 200 && status < 300) return { kind: 'confirmed', status };
    if (status === 481) return { kind: 'gone', status };
    if ((status === 401 || status === 407) && credentials) {
      auth ??= new DigestAuthenticator({
        username: credentials.user,
        password: await credentials.password(),
      });
      const step = auth.respond({
        status,
        headerValues: res.header(status === 401 ? 'www-authenticate' : 'proxy-authenticate'),
        method: 'BYE',
        uri: bye.requestUri,
      });
      if (step.kind === 'failed') return { kind: 'failed', reason: step.reason };
      authHeaders = step.headers;
      continue;
    }
    return { kind: 'failed', reason: `${status} ${res.reason ?? ''}`.trim() };
  }
  return { kind: 'failed', reason: 'the server kept challenging the BYE' };
}
