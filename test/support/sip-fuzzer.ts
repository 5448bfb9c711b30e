// A small, deterministic, mutational SIP fuzzer: real INVITE, OPTIONS, REGISTER, BYE and ACK
// messages, each with fresh Call-ID/branch/tags (as a flood of new requests would have), then
// 0–3 mutations of bytes, headers and lengths. The same seed always gives the same datagrams, so a
// failure found with a seed can be replayed. Sent from a few source ports with node:dgram, paced to
// a rate, bounded in count and time; loopback targets only (tests send nowhere else).
import dgram from 'node:dgram';

export interface FuzzTarget {
  readonly address: string;
  readonly port: number;
}

export interface FuzzOptions {
  /** Where to send: must be a loopback address (127.0.0.0/8 or ::1). */
  readonly target: FuzzTarget;
  /** How many datagrams to send. */
  readonly count: number;
  /** Datagrams per second (all source ports together). */
  readonly rate: number;
  /** Same seed, same datagrams in the same order. */
  readonly seed: number;
  /** How many source sockets share the load (default 4). */
  readonly sourcePorts?: number;
  /** Stop sending after this long whatever the count (default: twice the planned time + 5 s). */
  readonly maxMs?: number;
}

export interface FuzzResult {
  /** Datagrams the kernel accepted (the send callback reported no error). */
  readonly sent: number;
  readonly sendErrors: number;
  readonly elapsedMs: number;
  /** What was sent, by base message ("INVITE", "OPTIONS", …); mutated or not. */
  readonly byKind: Readonly<Record<string, number>>;
  /** Datagrams sent without any mutation (well-formed new requests). */
  readonly unmutated: number;
  /** The source ports used, so a test can tell the flood from other traffic. */
  readonly sourcePorts: readonly number[];
}

/** mulberry32: tiny, fast, and good enough to pick mutations; deterministic for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'INVITE' | 'OPTIONS' | 'REGISTER' | 'BYE' | 'ACK';
const KINDS: readonly (readonly [Kind, number])[] = [
  ['INVITE', 0.3],
  ['OPTIONS', 0.2],
  ['REGISTER', 0.2],
  ['BYE', 0.15],
  ['ACK', 0.15],
];

const SDP = [
  'v=0',
  'o=fuzz 2890844526 2890844526 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

interface Ids {
  readonly branch: string;
  readonly callId: string;
  readonly tag: string;
  readonly cseq: number;
  readonly host: string;
  readonly port: number;
}

function baseMessage(kind: Kind, to: FuzzTarget, ids: Ids): string {
  const uri = `sip:${kind === 'REGISTER' ? '' : '15551230000@'}${to.address}:${to.port}`;
  const headers = [
    `Via: SIP/2.0/UDP ${ids.host}:${ids.port};branch=z9hG4bK${ids.branch};rport`,
    'Max-Forwards: 70',
    `From: "Fuzz" <sip:fuzz@${ids.host}>;tag=${ids.tag}`,
    `To: <sip:15551230000@${to.address}>${kind === 'BYE' || kind === 'ACK' ? `;tag=t${ids.tag}` : ''}`,
    `Call-ID: ${ids.callId}@${ids.host}`,
    `CSeq: ${ids.cseq} ${kind}`,
  ];
  if (kind === 'INVITE' || kind === 'REGISTER') headers.push(`Contact: <sip:fuzz@${ids.host}:${ids.port}>`);
  if (kind === 'REGISTER') headers.push('Expires: 60');
  if (kind === 'OPTIONS') headers.push('Accept: application/sdp');
  headers.push('User-Agent: sipkit-fuzzer');
  const body = kind === 'INVITE' ? SDP : '';
  if (body) headers.push('Content-Type: application/sdp');
  headers.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
  return `${kind} ${uri} SIP/2.0\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
}

const GARBAGE_VALUES = [
  '',
  ' ',
  '<<<>>>',
  '\x00\x01\x02',
  '%%%%',
  ';;;;',
  'sip:',
  '"unterminated',
  '-1',
  '9'.repeat(40),
];

type Mutation = (text: string, rnd: () => number) => string;

const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)]!;

function splitHead(text: string): { lines: string[]; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  return { lines: head.split('\r\n'), body: end < 0 ? '' : text.slice(end + 4) };
}

function joinHead(lines: readonly string[], body: string): string {
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

const MUTATIONS: readonly Mutation[] = [
  // flip a few bytes anywhere
  (text, rnd) => {
    const chars = text.split('');
    const n = 1 + Math.floor(rnd() * 8);
    for (let i = 0; i < n; i++)
      chars[Math.floor(rnd() * chars.length)] = String.fromCharCode(Math.floor(rnd() * 256));
    return chars.join('');
  },
  // drop a header line
  (text, rnd) => {
    const { lines, body } = splitHead(text);
    if (lines.length > 1) lines.splice(1 + Math.floor(rnd() * (lines.length - 1)), 1);
    return joinHead(lines, body);
  },
  // duplicate a header line
  (text, rnd) => {
    const { lines, body } = splitHead(text);
    const i = 1 + Math.floor(rnd() * Math.max(1, lines.length - 1));
    lines.splice(i, 0, lines[i] ?? 'X-Dup: 1');
    return joinHead(lines, body);
  },
  // truncate
  (text, rnd) => text.slice(0, Math.floor(rnd() * text.length)),
  // a wrong Content-Length
  (text, rnd) =>
    text.replace(
      /Content-Length: \d+/,
      `Content-Length: ${pick(['0', '5000', '-3', 'abc', '99999999999', String(Math.floor(rnd() * 400))], rnd)}`,
    ),
  // a long header (a length mutation: up to ~6 KB)
  (text, rnd) => {
    const { lines, body } = splitHead(text);
    lines.splice(1, 0, `X-Long: ${'A'.repeat(Math.floor(rnd() * 6000))}`);
    return joinHead(lines, body);
  },
  // garbage in a header value
  (text, rnd) => {
    const { lines, body } = splitHead(text);
    const i = 1 + Math.floor(rnd() * Math.max(1, lines.length - 1));
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon > 0) lines[i] = `${line.slice(0, colon)}: ${pick(GARBAGE_VALUES, rnd)}`;
    return joinHead(lines, body);
  },
  // the request line: another method, scheme or version
  (text, rnd) => {
    const { lines, body } = splitHead(text);
    const [method, uri, version] = (lines[0] ?? '').split(' ');
    const which = Math.floor(rnd() * 3);
    lines[0] = [
      which === 0 ? pick(['INVITE', 'FOO', 'invite', 'SUBSCRIBE', 'REFER', ''], rnd) : method,
      which === 1 ? (uri ?? '').replace(/^sip:/, pick(['http:', 'tel:', 'sips:', '', 'sip::'], rnd)) : uri,
      which === 2 ? pick(['SIP/3.0', 'SIP/2.0 ', 'HTTP/1.1'], rnd) : version,
    ].join(' ');
    return joinHead(lines, body);
  },
  // a broken SDP line
  (text, rnd) =>
    text.replace(
      /^(m=audio|c=IN|v=0|o=fuzz).*$/m,
      pick(['m=audio x RTP/AVP', 'c=IN IP9', 'v=zero', 'o=short', 'm=audio 0 RTP/AVP 0'], rnd),
    ),
  // LF-only line ends
  (text) => text.replace(/\r\n/g, '\n'),
];

/** One fuzzed datagram for message number `index` of a run; pure given `rnd`'s state. */
export function fuzzedDatagram(
  rnd: () => number,
  target: FuzzTarget,
  source: { readonly host: string; readonly port: number },
): { readonly kind: Kind; readonly bytes: Buffer; readonly mutated: boolean } {
  let roll = rnd();
  let kind: Kind = 'INVITE';
  for (const [k, weight] of KINDS) {
    if (roll < weight) {
      kind = k;
      break;
    }
    roll -= weight;
  }
  const id = (): string => Math.floor(rnd() * 2 ** 48).toString(36);
  let text = baseMessage(kind, target, {
    branch: id(),
    callId: id(),
    tag: id(),
    cseq: 1 + Math.floor(rnd() * 1000),
    host: source.host,
    port: source.port,
  });
  // One in ten goes out well-formed: a valid flood must be limited, not only a broken one.
  const mutations = rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < mutations; i++) text = pick(MUTATIONS, rnd)(text, rnd);
  // A datagram cannot be empty and stays under the UDP maximum.
  const bytes = Buffer.from(text.length > 0 ? text.slice(0, 60_000) : '\r\n', 'latin1');
  return { kind, bytes, mutated: mutations > 0 };
}

function isLoopback(address: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(address) || address === '::1';
}

/**
 * Sends `count` fuzzed datagrams to `target` at `rate` per second from `sourcePorts` sockets and
 * resolves with what was sent. Paced in 5 ms slices; stops early at `maxMs`.
 */
export async function fuzzSip(opts: FuzzOptions): Promise<FuzzResult> {
  if (!isLoopback(opts.target.address))
    throw new Error(`fuzzSip: ${opts.target.address} is not a loopback address`);
  if (!(opts.count >= 0 && opts.rate > 0)) throw new Error('fuzzSip: count must be >= 0 and rate > 0');
  const family = opts.target.address.includes(':') ? 'udp6' : 'udp4';
  const bindHost = family === 'udp6' ? '::1' : '127.0.0.1';
  const sockets = await Promise.all(
    Array.from({ length: Math.max(1, opts.sourcePorts ?? 4) }, async () => {
      const s = dgram.createSocket({ type: family, sendBufferSize: 1 << 20 });
      s.on('error', () => undefined);
      await new Promise<void>((resolve) => s.bind(0, bindHost, () => resolve()));
      return s;
    }),
  );
  const ports = sockets.map((s) => s.address().port);
  const rnd = seededRandom(opts.seed);
  const byKind: Record<string, number> = {};
  let sent = 0;
  let sendErrors = 0;
  let queued = 0;
  let unmutated = 0;
  const started = Date.now();
  const maxMs = opts.maxMs ?? (2 * opts.count * 1000) / opts.rate + 5000;
  let outstanding = 0;
  let drained: (() => void) | undefined;

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = Date.now() - started;
      const due = Math.min(opts.count, Math.floor((elapsed * opts.rate) / 1000) + 1);
      // Never more than a slice's worth behind: a stalled sender must not burst the backlog.
      const limit = Math.min(due, queued + Math.ceil(opts.rate / 10));
      while (queued < limit) {
        const socket = sockets[queued % sockets.length]!;
        const d = fuzzedDatagram(rnd, opts.target, { host: bindHost, port: ports[queued % sockets.length]! });
        queued++;
        outstanding++;
        socket.send(d.bytes, opts.target.port, opts.target.address, (err) => {
          outstanding--;
          if (err) sendErrors++;
          else {
            sent++;
            byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
            if (!d.mutated) unmutated++;
          }
          if (outstanding === 0) drained?.();
        });
      }
      if (queued >= opts.count || Date.now() - started >= maxMs) return resolve();
      setTimeout(tick, 5);
    };
    tick();
  });
  if (outstanding > 0) await new Promise<void>((resolve) => (drained = resolve));
  await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return { sent, sendErrors, elapsedMs: Date.now() - started, byKind, unmutated, sourcePorts: ports };
}
