// The caller ID an INVITE presents, as a phone would show it: P-Asserted-Identity (RFC 3325) wins
// over Remote-Party-ID (draft-ietf-sip-privacy) which wins over From; Privacy: id hides it.
import { firstHeaderLine, headerLineEvidence } from './message-text';
import { userNumber } from './sip-values';
import type { Call } from './calls';
import type { Evidence, TraceMessage } from './trace-model';

export interface PresentedCallerId {
  /** The number (or user) shown. */
  readonly number: string;
  readonly display?: string;
  /** Which header it came from. */
  readonly source: 'p-asserted-identity' | 'remote-party-id' | 'from';
  readonly privacy?: string;
  /** The From line and the identity headers present, quoted. */
  readonly evidence: readonly Evidence[];
  /** "From: …; P-Asserted-Identity: …" in one line. */
  readonly summary: string;
}

interface LooseNameAddr {
  readonly display?: string;
  readonly user?: string;
}

/** Reads `"Name" <sip:user@host>`, `Name <tel:+1…>` or a bare URI without a full parser. */
export function looseNameAddr(value: string): LooseNameAddr {
  const quoted = /^\s*"((?:[^"\\]|\\.)*)"/.exec(value)?.[1];
  const token = /^\s*([^<"]+?)\s*</.exec(value)?.[1];
  const uri = /<([^>]*)>/.exec(value)?.[1] ?? value.trim().split(/[;\s]/)[0] ?? '';
  const user = /^(?:sips?|tel):([^@;>?]+)/i.exec(uri.trim())?.[1];
  const display = quoted ?? token;
  return { display: display && display.trim() !== '' ? display : undefined, user: userNumber(user) };
}

export function presentedCallerId(invite: TraceMessage): PresentedCallerId {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  const fromLine = firstHeaderLine(invite, 'from');
  if (fromLine) evidence.push(headerLineEvidence(invite, fromLine));
  const from = invite.doc.from;
  parts.push(`From: ${from?.display ? `"${from.display}" ` : ''}${from?.uri?.user ?? from?.uriText ?? '?'}`);
  let chosen: PresentedCallerId['source'] = 'from';
  let number = userNumber(from?.uri?.user) ?? from?.uriText ?? '';
  let display = from?.display;
  for (const name of ['remote-party-id', 'p-asserted-identity'] as const) {
    const line = firstHeaderLine(invite, name);
    if (!line) continue;
    evidence.push(headerLineEvidence(invite, line));
    const id = looseNameAddr(line.value);
    parts.push(`${line.rawName}: ${id.display ? `"${id.display}" ` : ''}${id.user ?? line.value}`);
    if (id.user) {
      chosen = name;
      number = id.user;
      display = id.display ?? display;
    }
  }
  const privacyLine = firstHeaderLine(invite, 'privacy');
  if (privacyLine) {
    evidence.push(headerLineEvidence(invite, privacyLine));
    parts.push(`Privacy: ${privacyLine.value}`);
  }
  return {
    number,
    display,
    source: chosen,
    privacy: privacyLine?.value,
    evidence,
    summary: parts.join('; '),
  };
}

export function formatCallerId(id: PresentedCallerId): string {
  return `${id.number}${id.display ? ` "${id.display}"` : ''}`;
}

/** The number a call was placed to: the Request-URI user, else the To user. */
export function dialledNumber(call: Call): string | undefined {
  const ruri = looseNameAddr(`<${call.invite.doc.requestUri ?? ''}>`).user;
  return ruri ?? userNumber(call.invite.doc.to?.uri?.user);
}
