// Requests the far side sends us during a load run (a BYE ending a held call, an OPTIONS
// keep-alive, anything else) go through npm `sip`'s full parser, off the fast path, and get a
// minimal stateless response that copies Via, From, To, Call-ID and CSeq (RFC 3261 §8.2.6.2).
import { headerValues } from '../sip/raw-headers';
import type { ParsedSip } from '../sip/parse-message';

export function responseTo(req: ParsedSip, status: number, reason: string, toTag: string): Buffer {
  const lines = [`SIP/2.0 ${status} ${reason}`];
  for (const via of headerValues(req.parts, 'via')) lines.push(`Via: ${via}`);
  const from = headerValues(req.parts, 'from')[0] ?? '';
  let to = headerValues(req.parts, 'to')[0] ?? '';
  if (req.toTag === undefined && status > 100) to = `${to};tag=${toTag}`;
  lines.push(
    `From: ${from}`,
    `To: ${to}`,
    `Call-ID: ${req.callId}`,
    `CSeq: ${req.cseq.seq} ${req.cseq.method}`,
  );
  lines.push('Content-Length: 0', '', '');
  return Buffer.from(lines.join('\r\n'), 'latin1');
}
