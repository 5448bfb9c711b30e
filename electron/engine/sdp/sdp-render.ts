// Shared pieces of the SDP we write: the session header lines and CRLF joining.
import { randomInt } from 'node:crypto';
import type { AddressFamily } from './sdp-types';

/** RFC 8866 §5: "The sequence CRLF (0x0d0a) is used to end a line". Every line, the last too. */
export function renderSdp(lines: readonly string[]): string {
  return lines.map((line) => `${line}\r\n`).join('');
}

export function familyOf(address: string): AddressFamily {
  return address.includes(':') ? 'IP6' : 'IP4';
}

/**
 * RFC 8866 §5.2: the session id "SHOULD be" an NTP-style number but any numeric string unique to
 * this host works; a random one avoids collisions between parallel test calls.
 */
export function newSessionId(): string {
  return String(randomInt(1, 2 ** 47));
}

/** v=, o=, s=, c=, t= : the session part of every description we send. */
export function sessionHeader(opts: {
  readonly address: string;
  readonly sessionId: string;
  readonly sessionVersion: string;
}): string[] {
  const family = familyOf(opts.address);
  return [
    // RFC 8866 §5.1: v=0.
    'v=0',
    // RFC 8866 §5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
    `o=sipkit ${opts.sessionId} ${opts.sessionVersion} IN ${family} ${opts.address}`,
    // RFC 8866 §5.3: s= must not be empty.
    's=SIP Field Kit',
    // RFC 8866 §5.7: c=<nettype> <addrtype> <connection-address>, here at session level.
    `c=IN ${family} ${opts.address}`,
    // RFC 8866 §5.9: "t=0 0" is an unbounded session.
    't=0 0',
  ];
}
