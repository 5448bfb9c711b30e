// Header names as the tolerant parser needs them: compact forms, which headers are lists, which
// may appear only once, and how to print a name in a problem message.

// RFC 3261 §7.3.3: compact forms, plus the ones later RFCs registered (o: RFC 6665, r/b: RFC
// 3515/3892, u: RFC 6665, a/j/d: RFC 3841, x: RFC 4028, y/n: RFC 4474).
const COMPACT_FORMS: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  f: 'from',
  t: 'to',
  v: 'via',
  l: 'content-length',
  c: 'content-type',
  k: 'supported',
  s: 'subject',
  e: 'content-encoding',
  o: 'event',
  r: 'refer-to',
  u: 'allow-events',
  a: 'accept-contact',
  b: 'referred-by',
  j: 'reject-contact',
  d: 'request-disposition',
  x: 'session-expires',
  y: 'identity',
  n: 'identity-info',
};

// The same few dozen names recur in every message: remember them (bounded, so a hostile trace
// with endless distinct names cannot grow it).
const seen = new Map<string, string>();

const spellings = new Map<string, string>();

/** One string for each spelling of a header name ("Via", "CSeq"): a trace keeps one per header row. */
export function internHeaderName(raw: string): string {
  const known = spellings.get(raw);
  if (known !== undefined) return known;
  if (spellings.size < 2000) spellings.set(raw, raw);
  return raw;
}

/** Lower-case name with compact forms expanded. */
export function canonicalHeaderName(raw: string): string {
  const known = seen.get(raw);
  if (known !== undefined) return known;
  const lower = raw.trim().toLowerCase();
  const name = Object.hasOwn(COMPACT_FORMS, lower) ? COMPACT_FORMS[lower]! : lower;
  if (seen.size < 2000) seen.set(raw, name);
  return name;
}

// RFC 3261 §7.3.1: a header may be repeated, or its values joined by commas, only where its
// grammar is a comma-separated list (`#element`). These are the list headers of RFC 3261 §20
// and the common extensions. Headers whose values hold commas of their own (Date, the
// authentication headers, Retry-After comments, User-Agent) are deliberately absent.
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  'via',
  'contact',
  'route',
  'record-route',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-encoding',
  'content-language',
  'allow-events',
  'alert-info',
  'call-info',
  'error-info',
  'in-reply-to',
  'warning',
  'path',
  'service-route',
  'p-asserted-identity',
  'p-preferred-identity',
  'p-associated-uri',
  'history-info',
  'diversion',
  'remote-party-id',
  'accept-contact',
  'reject-contact',
  'request-disposition',
  'security-client',
  'security-server',
  'security-verify',
  'reason',
]);

// RFC 3261 §7.3.1 / §20: headers that carry exactly one value; a second row is an error.
export const SINGLE_VALUED: readonly string[] = [
  'from',
  'to',
  'call-id',
  'cseq',
  'max-forwards',
  'content-length',
];

// Headers whose values are name-addr / addr-spec (RFC 3261 §20.10 rules apply) and are checked.
export const ADDRESS_HEADERS: ReadonlySet<string> = new Set([
  'from',
  'to',
  'contact',
  'route',
  'record-route',
  'reply-to',
  'refer-to',
  'referred-by',
  'p-asserted-identity',
  'p-preferred-identity',
  'remote-party-id',
  'diversion',
  'path',
  'service-route',
]);

const PRETTY: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'p-asserted-identity': 'P-Asserted-Identity',
};

/** "max-forwards" → "Max-Forwards", for messages a person reads. */
export function prettyHeaderName(name: string): string {
  return (
    PRETTY[name] ?? name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
  );
}
