// Turns the DNS error codes of node:dns (c-ares) into words a PBX engineer reads at a glance,
// and carries which lookup failed so discovery can tell "no such record" (fall back, per
// RFC 3263) from "the DNS server is broken" (say so).

export type DnsRecordType = 'SRV' | 'A' | 'AAAA';

/** Codes that mean the name or the record type does not exist: an answer, not a failure. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'ENODATA']);

const REASONS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'no such record',
  ENODATA: 'no such record',
  ETIMEOUT: 'the DNS server did not answer',
  // Nothing listens at the DNS server's address and port (e.g. a wrong '127.0.0.1:5353').
  ECONNREFUSED: 'the DNS server refused the query',
  // The server answered REFUSED: it serves other zones and does not recurse (dnsmasq does this
  // for names outside its zones when it has no upstream).
  EREFUSED: 'the DNS server refused to answer for this name',
  ESERVFAIL: 'the DNS server failed to answer (SERVFAIL)',
  EFORMERR: 'the DNS server could not understand the query',
  EBADRESP: 'the DNS server sent a malformed answer',
  EBADNAME: 'the name is not a valid DNS name',
  ENOTIMP: 'the DNS server does not support this query',
  ECANCELLED: 'the DNS query was cancelled',
  EDESTRUCTION: 'the DNS query was cancelled',
  ECONNRESET: 'the connection to the DNS server was reset',
};

/** Plain words for a node:dns error code; unknown codes are shown as they are. */
export function describeDnsCode(code: string | undefined): string {
  if (code === undefined) return 'the DNS lookup failed';
  return REASONS[code] ?? `the DNS lookup failed (${code})`;
}

export function isNotFoundCode(code: string | undefined): boolean {
  return code !== undefined && NOT_FOUND_CODES.has(code);
}

/** A failed lookup of one record type for one name. The message is one line. */
export class DnsLookupError extends Error {
  override readonly name = 'DnsLookupError';
  readonly rrtype: DnsRecordType;
  readonly query: string;
  readonly code: string;
  /** The plain-words reason, without the record type and name. */
  readonly reason: string;
  /** True when the DNS answered that there is no such record (not a server failure). */
  readonly notFound: boolean;

  constructor(rrtype: DnsRecordType, query: string, code: string, reason: string = describeDnsCode(code)) {
    super(`${rrtype} ${query}: ${reason}`);
    this.rrtype = rrtype;
    this.query = query;
    this.code = code;
    this.reason = reason;
    this.notFound = isNotFoundCode(code);
  }
}

/** Wraps whatever node:dns threw into a DnsLookupError. */
export function toDnsLookupError(rrtype: DnsRecordType, query: string, err: unknown): DnsLookupError {
  if (err instanceof DnsLookupError) return err;
  const code = errorCode(err);
  return new DnsLookupError(
    rrtype,
    query,
    code ?? 'EUNKNOWN',
    code === undefined ? errorText(err) : undefined,
  );
}

function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] || 'the DNS lookup failed' : String(err);
}
