// What a SIP failure response means in plain words, and what usually fixes it. RFC 3261 §21 (and
// RFC 6585 for 429, RFC 3329/4028/5393 for the rest) define the codes; the wording is for a
// technician who has never read them.

export interface StatusExplanation {
  readonly meaning: string;
  readonly fix: string;
}

const TABLE: Readonly<Record<number, StatusExplanation>> = {
  400: {
    meaning: 'the far end could not read the request: a header is malformed or a required one is missing',
    fix: 'Look at the sip.syntax findings for this message and correct the PBX setting that writes the damaged header.',
  },
  401: {
    meaning: 'the registrar or server wants a username and password (a digest challenge)',
    fix: 'Configure the SIP credentials (username and password) on the PBX for this trunk.',
  },
  403: {
    meaning:
      'the provider understood the request and refuses it: wrong credentials, an address or From host it does not recognise, a blocked destination, or an account problem',
    fix: 'Check the credentials, the trunk Name/From host and the PBX address registered with the provider; the Warning or Reason text often says which.',
  },
  404: {
    meaning: 'the number or user in the Request-URI does not exist where the request was sent',
    fix: 'Check the dialled number format (E.164?) and that the number is routed to this trunk at the provider.',
  },
  405: {
    meaning: 'the far end does not accept this kind of request (method)',
    fix: 'Disable the feature that sends it (e.g. OPTIONS qualify, SUBSCRIBE) toward this server, or check the Allow header for what it does accept.',
  },
  407: {
    meaning: 'a proxy wants a username and password before it forwards the request (a digest challenge)',
    fix: 'Configure outbound authentication (username and password) on the PBX for this trunk.',
  },
  408: {
    meaning: 'the far end gave up waiting for the next hop to answer',
    fix: 'The destination behind the provider did not answer in time; retry, and check the destination is reachable.',
  },
  410: {
    meaning: 'the number or user existed once but is gone for good',
    fix: 'Remove or update the number in the PBX dial plan.',
  },
  413: {
    meaning: 'the request was too large (often an SDP with too many codecs over UDP)',
    fix: 'Offer fewer codecs, or use a transport that allows larger messages.',
  },
  415: {
    meaning: 'the far end cannot read the body type (e.g. a codec description it does not support)',
    fix: 'Send application/sdp bodies only.',
  },
  416: {
    meaning: 'the far end does not accept the URI scheme (e.g. tel: or sips:)',
    fix: 'Use sip: URIs toward this provider.',
  },
  420: {
    meaning: 'the request requires an extension (Require header) the far end does not support',
    fix: 'Remove the Require value (e.g. 100rel, timer) from the PBX settings for this trunk.',
  },
  423: {
    meaning:
      'the registration expiry asked is shorter than the registrar accepts (Min-Expires says its minimum)',
    fix: 'Raise the PBX registration expiry to at least the Min-Expires value.',
  },
  429: {
    meaning:
      'the provider is rate-limiting: too many requests in too short a time (RFC 6585); repeated offenders get blocked',
    fix: 'Slow down: honour Retry-After and lengthen the registration interval or call pacing to the provider limits.',
  },
  480: {
    meaning:
      'the called party exists but is not reachable right now (not registered, do-not-disturb, no route)',
    fix: 'Check the destination is online; for inbound DIDs, that the PBX is registered and the number routed to it.',
  },
  481: {
    meaning: 'the far end does not know the call or transaction this request belongs to',
    fix: 'Usually a BYE or re-INVITE after the far end already dropped the call, or tags/Call-ID rewritten on the way; check NAT and SIP ALG.',
  },
  482: {
    meaning: 'a loop: the request came back to a server it already passed',
    fix: 'Check routing: the PBX and provider route the number back and forth to each other.',
  },
  483: {
    meaning: 'too many hops: Max-Forwards reached zero, usually a routing loop',
    fix: 'Check routing for a loop between the PBX and the provider.',
  },
  484: {
    meaning: 'the dialled number is incomplete',
    fix: 'Check the dial plan sends the full number (with country code where required).',
  },
  485: { meaning: 'the address is ambiguous', fix: 'Dial a more specific number or address.' },
  486: {
    meaning: 'the called party is busy',
    fix: 'Nothing on the trunk: the destination was busy. Retry later or call another number.',
  },
  487: {
    meaning: 'the call was cancelled before it was answered (the caller hung up or a timer fired)',
    fix: 'Normal after a CANCEL; if nobody hung up, check ring-timeout settings.',
  },
  488: {
    meaning: 'the far end accepts no codec or media setting in the offer (SDP)',
    fix: 'Offer the codecs the provider supports (G.711 PCMU/PCMA is the safe choice) and check SRTP settings match.',
  },
  491: {
    meaning: 'both sides tried to change the call at the same moment',
    fix: 'Usually harmless: the re-INVITE is retried after a random delay.',
  },
  500: {
    meaning: 'the provider or far end hit an internal error',
    fix: 'Retry; if it persists, open a ticket with the provider and attach this trace.',
  },
  501: {
    meaning: 'the far end does not implement this request method',
    fix: 'Disable the feature that sends it toward this server.',
  },
  502: {
    meaning: 'a gateway got an invalid answer from the next network',
    fix: 'A carrier problem beyond the provider: retry, then open a ticket with the trace.',
  },
  503: {
    meaning:
      'the service is unavailable: overloaded, in maintenance, or no route/capacity (channel limit reached) for this call',
    fix: 'Check the trunk limits (channels, calls per second) and account status; honour Retry-After; open a ticket if it persists.',
  },
  504: {
    meaning: 'a server timed out waiting for another network',
    fix: 'A carrier problem beyond the provider: retry, then open a ticket with the trace.',
  },
  505: { meaning: 'the SIP version is not supported', fix: 'The PBX must send SIP/2.0.' },
  513: {
    meaning: 'the message is too large for the transport (usually UDP)',
    fix: 'Trim the SDP/headers, or use TCP where the provider allows it.',
  },
  580: {
    meaning: 'a media precondition failed (QoS or encryption could not be set up)',
    fix: 'Disable preconditions/SRTP requirements that the provider does not support.',
  },
  600: {
    meaning: 'the called party is busy everywhere',
    fix: 'Nothing on the trunk: the destination was busy.',
  },
  603: {
    meaning: 'the called party (or a service acting for it) declined the call',
    fix: 'Nothing on the trunk itself, unless every call gets it: then ask the provider why calls are declined (spam labelling, account block).',
  },
  604: {
    meaning: 'the number does not exist anywhere',
    fix: 'Check the dialled number and its format.',
  },
  606: {
    meaning: 'the far end cannot accept the call as offered (media or other session parameters)',
    fix: 'Offer the codecs the provider supports (G.711 is the safe choice).',
  },
};

const CLASS_DEFAULT: Readonly<Record<number, StatusExplanation>> = {
  4: {
    meaning: 'the far end refused this request as sent (a client-side problem in SIP terms)',
    fix: 'Read the reason phrase and any Warning header; correct the request and try again.',
  },
  5: {
    meaning: 'a server failed to handle a request that may well be valid',
    fix: 'Retry later; if it persists, open a ticket with the provider and attach this trace.',
  },
  6: {
    meaning: 'a final answer from the far end: no other destination will accept this request either',
    fix: 'Check the destination; the trunk itself is usually fine.',
  },
};

export function explainStatus(status: number): StatusExplanation {
  return (
    TABLE[status] ??
    CLASS_DEFAULT[Math.floor(status / 100)] ?? {
      meaning: 'an unusual response code',
      fix: 'Read the reason phrase and any Warning header.',
    }
  );
}
