// Issue 16's speed target for text logs: a 100,000-message Asterisk pjsip log (`pjsip set logger
// on` in the `full` log: registrations with their digest challenge, OPTIONS qualifies, outbound and
// inbound calls INVITE/100/180/200/ACK/BYE/200, dialplan lines between them) analysed by the real
// CLI (`bin/sipkit.mjs analyze`), wall time and peak RSS from /usr/bin/time -v. The yardstick is
// tshark reading a pcap of the same 100,000 messages in the same run (`tshark -Y sip`, every message
// dissected). Numbers, not assertions: the target is under 3 s and 300 MB.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePcap } from '../test/unit/import/pcap/capture-writer';
import { udpFrame } from '../test/unit/import/pcap/packet-builder';

const MESSAGES = 100_000;
const PBX = { address: '203.0.113.10', port: 5060 };
const PROVIDER = { address: '198.51.100.20', port: 5060 };

interface LogEntry {
  readonly micros: number;
  readonly out: boolean;
  readonly text: string;
}

function iso(micros: number): string {
  return new Date(micros / 1000).toISOString().replace('T', ' ').replace('Z', '').slice(0, 23);
}

function message(start: string, headers: readonly string[], body = ''): string {
  return `${[start, ...headers, `Content-Length: ${body.length}`].join('\r\n')}\r\n\r\n${body}`;
}

function sdp(address: string, port: number): string {
  return [
    'v=0',
    `o=- 1 1 IN IP4 ${address}`,
    's=Asterisk',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/** One exchange: the requests and responses of a registration, a qualify or a call. */
function* exchanges(): Generator<readonly { out: boolean; text: string; gapMs: number }[]> {
  const pbx = `${PBX.address}:${PBX.port}`;
  const prov = `${PROVIDER.address}:${PROVIDER.port}`;
  for (let n = 0; ; n++) {
    const branch = (k: number) => `z9hG4bK-${n}-${k}`;
    const kind = n % 10;
    if (kind === 0) {
      const callId = `reg-${n}@${PBX.address}`;
      const common = (cseq: number) => [
        `From: <sip:5551230000@${PROVIDER.address}>;tag=r${n}`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
      ];
      const via = (k: number) => `Via: SIP/2.0/UDP ${pbx};rport;branch=${branch(k)}`;
      const contact = `Contact: <sip:5551230000@${pbx};transport=udp>`;
      yield [
        {
          out: true,
          gapMs: 5,
          text: message(`REGISTER sip:${PROVIDER.address} SIP/2.0`, [
            via(1),
            'Max-Forwards: 70',
            ...common(1).slice(0, 1),
            `To: <sip:5551230000@${PROVIDER.address}>`,
            ...common(1).slice(1),
            contact,
            'Expires: 3600',
            'User-Agent: Asterisk PBX 20.5.0',
          ]),
        },
        {
          out: false,
          gapMs: 20,
          text: message('SIP/2.0 401 Unauthorized', [
            `${via(1)};received=${PBX.address}`,
            ...common(1).slice(0, 1),
            `To: <sip:5551230000@${PROVIDER.address}>;tag=p${n}`,
            ...common(1).slice(1),
            `WWW-Authenticate: Digest realm="${PROVIDER.address}", nonce="n${n}", algorithm=MD5, qop="auth"`,
          ]),
        },
        {
          out: true,
          gapMs: 3,
          text: message(`REGISTER sip:${PROVIDER.address} SIP/2.0`, [
            via(2),
            'Max-Forwards: 70',
            ...common(2).slice(0, 1),
            `To: <sip:5551230000@${PROVIDER.address}>`,
            ...common(2).slice(1),
            contact,
            'Expires: 3600',
            `Authorization: Digest username="5551230000", realm="${PROVIDER.address}", nonce="n${n}", uri="sip:${PROVIDER.address}", response="0123456789abcdef0123456789abcdef", algorithm=MD5, qop=auth, nc=00000001, cnonce="c${n}"`,
            'User-Agent: Asterisk PBX 20.5.0',
          ]),
        },
        {
          out: false,
          gapMs: 20,
          text: message('SIP/2.0 200 OK', [
            `${via(2)};received=${PBX.address}`,
            ...common(2).slice(0, 1),
            `To: <sip:5551230000@${PROVIDER.address}>;tag=p${n}`,
            ...common(2).slice(1),
            `${contact};expires=3600`,
          ]),
        },
      ];
    } else if (kind === 1 || kind === 5) {
      const callId = `qual-${n}@${PBX.address}`;
      const via = `Via: SIP/2.0/UDP ${pbx};rport;branch=${branch(1)}`;
      const dialog = [`From: <sip:asterisk@${PBX.address}>;tag=q${n}`, `To: <sip:${PROVIDER.address}>`];
      yield [
        {
          out: true,
          gapMs: 5,
          text: message(`OPTIONS sip:${prov} SIP/2.0`, [
            via,
            'Max-Forwards: 70',
            ...dialog,
            `Call-ID: ${callId}`,
            'CSeq: 1 OPTIONS',
            `Contact: <sip:asterisk@${pbx}>`,
          ]),
        },
        {
          out: false,
          gapMs: 15,
          text: message('SIP/2.0 200 OK', [
            `${via};received=${PBX.address}`,
            dialog[0]!,
            `${dialog[1]!};tag=o${n}`,
            `Call-ID: ${callId}`,
            'CSeq: 1 OPTIONS',
            'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
          ]),
        },
      ];
    } else {
      // Calls: outbound (the PBX calls out) and inbound (the provider calls a DID), alternately.
      const outbound = kind % 2 === 0;
      const caller = outbound ? pbx : prov;
      const callee = outbound ? prov : pbx;
      const callId = `call-${n}@${outbound ? PBX.address : PROVIDER.address}`;
      const from = outbound
        ? `From: "Front desk" <sip:5551230000@${PROVIDER.address}>;tag=a${n}`
        : `From: "CALLER ${n % 97}" <sip:1555${String(n % 10_000_000).padStart(7, '0')}@${PROVIDER.address}>;tag=a${n}`;
      const to = outbound
        ? `To: <sip:1212555${String(n % 10_000).padStart(4, '0')}@${PROVIDER.address}>`
        : `To: <sip:5551230000@${PBX.address}>`;
      const ruri = outbound
        ? `sip:1212555${String(n % 10_000).padStart(4, '0')}@${PROVIDER.address}`
        : `sip:5551230000@${pbx}`;
      const via = (k: number, at = caller) => `Via: SIP/2.0/UDP ${at};rport;branch=${branch(k)}`;
      const calleeVia = (k: number) => `Via: SIP/2.0/UDP ${callee};rport;branch=${branch(k)}`;
      const toTag = `${to};tag=b${n}`;
      const callerHost = outbound ? PBX.address : PROVIDER.address;
      const calleeHost = outbound ? PROVIDER.address : PBX.address;
      const resp = (status: string, extra: readonly string[] = [], body = '') =>
        message(
          `SIP/2.0 ${status}`,
          [
            via(1),
            from,
            status.startsWith('100') ? to : toTag,
            `Call-ID: ${callId}`,
            'CSeq: 1 INVITE',
            ...extra,
          ],
          body,
        );
      yield [
        {
          out: outbound,
          gapMs: 5,
          text: message(
            `INVITE ${ruri} SIP/2.0`,
            [
              via(1),
              'Max-Forwards: 70',
              from,
              to,
              `Contact: <sip:${outbound ? '5551230000' : '15550000000'}@${caller}>`,
              `Call-ID: ${callId}`,
              'CSeq: 1 INVITE',
              'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
              'Content-Type: application/sdp',
            ],
            sdp(callerHost, 10_000 + (n % 10_000) * 2),
          ),
        },
        { out: !outbound, gapMs: 10, text: resp('100 Trying') },
        {
          out: !outbound,
          gapMs: 200,
          text: resp('180 Ringing', [`Contact: <sip:${callee}>`]),
        },
        {
          out: !outbound,
          gapMs: 2000,
          text: resp(
            '200 OK',
            [`Contact: <sip:${callee}>`, 'Content-Type: application/sdp'],
            sdp(calleeHost, 20_000 + (n % 10_000) * 2),
          ),
        },
        {
          out: outbound,
          gapMs: 10,
          text: message(`ACK sip:${callee} SIP/2.0`, [
            via(2),
            'Max-Forwards: 70',
            from,
            toTag,
            `Call-ID: ${callId}`,
            'CSeq: 1 ACK',
          ]),
        },
        {
          out: !outbound,
          gapMs: 30_000,
          text: message(`BYE sip:${caller} SIP/2.0`, [
            calleeVia(3),
            'Max-Forwards: 70',
            `${to.replace('To:', 'From:')};tag=b${n}`,
            from.replace('From:', 'To:'),
            `Call-ID: ${callId}`,
            'CSeq: 2 BYE',
          ]),
        },
        {
          out: outbound,
          gapMs: 10,
          text: message('SIP/2.0 200 OK', [
            calleeVia(3),
            `${to.replace('To:', 'From:')};tag=b${n}`,
            from.replace('From:', 'To:'),
            `Call-ID: ${callId}`,
            'CSeq: 2 BYE',
          ]),
        },
      ];
    }
  }
}

/** The messages in log order, starting 2026-12-07 09:00 UTC; exchanges overlap as on a busy PBX. */
export function pjsipLogEntries(count: number): LogEntry[] {
  const entries: LogEntry[] = [];
  let start = Date.UTC(2026, 11, 7, 9) * 1000;
  for (const exchange of exchanges()) {
    let at = start;
    for (const m of exchange) {
      at += m.gapMs * 1000;
      entries.push({ micros: at, out: m.out, text: m.text });
    }
    start += 150_000; // a new exchange every 150 ms
    if (entries.length >= count) break;
  }
  entries.length = count;
  return entries.sort((a, b) => a.micros - b.micros);
}

/** The entries as Asterisk's `full` log prints them with dateformat=%F %T.%3q. */
export function pjsipLog(entries: readonly LogEntry[]): string {
  const out: string[] = [];
  let pid = 4000;
  for (const e of entries) {
    const peer = `UDP:${PROVIDER.address}:${PROVIDER.port}`;
    const kind = e.text.startsWith('SIP/2.0') ? 'response' : 'request';
    const arrow = e.out
      ? `<--- Transmitting SIP ${kind} (${e.text.length} bytes) to ${peer} --->`
      : `<--- Received SIP ${kind} (${e.text.length} bytes) from ${peer} --->`;
    out.push(`[${iso(e.micros)}] VERBOSE[${pid}] res_pjsip_logger.c: ${arrow}`);
    out.push(e.text.replace(/\r\n/g, '\n'));
    if (e.text.startsWith('INVITE')) {
      out.push(
        `[${iso(e.micros + 1000)}] VERBOSE[${pid}][C-0000${(pid % 100).toString(16)}] pbx.c: Executing [s@from-trunk:1] NoOp("PJSIP/provider-00000${pid % 1000}", "Inbound call") in new stack`,
      );
    }
    pid = 4000 + ((pid + 7) % 500);
  }
  return `${out.join('\n')}\n`;
}

function pcapOfEntries(entries: readonly LogEntry[]): Buffer {
  return writePcap(
    entries.map((e) => {
      const [src, dst] = e.out ? [PBX, PROVIDER] : [PROVIDER, PBX];
      return {
        tsMicros: e.micros,
        data: udpFrame(e.text, { src: src.address, srcPort: src.port, dst: dst.address, dstPort: dst.port }),
      };
    }),
    { linkType: 1 },
  );
}

export interface Measured {
  readonly seconds: number;
  /** User + system CPU seconds: what a busy shared machine inflates least. */
  readonly cpuSeconds: number;
  readonly peakMb: number;
  readonly status: number | null;
  readonly tail: string;
}

/** A command under /usr/bin/time -v: wall time and the peak resident set it reports. */
export function timed(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Measured {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 512 * 1024 * 1024,
  });
  const err = r.stderr ?? '';
  const wall = /Elapsed \(wall clock\) time \([^)]*\): (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(err);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
  const seconds =
    wall === null ? Number.NaN : Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const tail = `${r.stdout ?? ''}`.trim().split('\n').slice(-1)[0] ?? '';
  const cpu = (name: string) => Number(new RegExp(`${name} time \\(seconds\\): ([\\d.]+)`).exec(err)?.[1]);
  return {
    seconds,
    cpuSeconds: cpu('User') + cpu('System'),
    peakMb: rss === null ? Number.NaN : Number(rss[1]) / 1024,
    status: r.status,
    tail,
  };
}

export function has(cmd: string, args: readonly string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function line(label: string, m: Measured, extra = ''): void {
  console.log(
    `${label.padEnd(44)} ${m.seconds.toFixed(2).padStart(8)} s  ${m.cpuSeconds.toFixed(2).padStart(7)} CPU-s  ${m.peakMb.toFixed(0).padStart(6)} MB peak RSS${extra}`,
  );
}

/**
 * The CLI bundled from the current sources the way `npm ci` bundles it (esbuild), in a folder of
 * its own inside the repository (so its packages resolve; `dist-cli.tmp-*` is ignored by git): a
 * user's `sipkit` starts from the bundle, and compiling the sources on the fly would be measured too.
 */
export async function bundledCli(): Promise<{ readonly entry: string; readonly dir: string } | undefined> {
  const root = path.join(import.meta.dirname, '..');
  // @ts-expect-error -- a plain .mjs build script without type declarations
  const { buildCli } = (await import('../scripts/build-cli.mjs')) as {
    buildCli(outDir: string): Promise<unknown>;
  };
  const dir = path.join(root, `dist-cli.tmp-bench-${process.pid}`);
  if ((await buildCli(dir)) === undefined) return undefined;
  return { entry: path.join(dir, 'sipkit.js'), dir };
}

export async function benchTextLog(count = MESSAGES): Promise<void> {
  if (!has('/usr/bin/time', ['-v', 'true'])) {
    console.log('text log: /usr/bin/time is not installed (Debian package "time"): skipped');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-textlog-'));
  try {
    const entries = pjsipLogEntries(count);
    const logFile = path.join(dir, 'full.log');
    const pcapFile = path.join(dir, 'same.pcap');
    writeFileSync(logFile, pjsipLog(entries), 'latin1');
    writeFileSync(pcapFile, pcapOfEntries(entries));
    const bundle = await bundledCli();
    const bin = bundle?.entry ?? path.join(import.meta.dirname, '..', 'bin', 'sipkit.mjs');
    // A store of its own, so the bench neither reads nor fills the user's.
    const env = { ...process.env, SIPKIT_DATA_DIR: path.join(dir, 'data') };
    const analyze = timed(process.execPath, [bin, 'analyze', logFile, '--profile', 'generic', '--json'], env);
    if (bundle !== undefined) rmSync(bundle.dir, { recursive: true, force: true });
    else
      console.log(
        'text log: esbuild is missing, so sipkit ran from its sources (tsx compiles them as it starts)',
      );
    if (analyze.status !== 0 && analyze.status !== 1) {
      console.log(`text log: sipkit analyze exited ${analyze.status}: ${analyze.tail}`);
    }
    const read = /"messages":(\d+)/.exec(analyze.tail)?.[1];
    line(
      `sipkit analyze, ${count.toLocaleString('en')}-message pjsip log`,
      analyze,
      `  (${read ?? '?'} read; target < 3 s, < 300 MB)`,
    );
    if (!has('tshark', ['--version'])) {
      console.log('tshark is not installed: no yardstick');
      return;
    }
    const tshark = timed('tshark', ['-r', pcapFile, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID']);
    line(`yardstick: tshark -Y sip, same ${count.toLocaleString('en')} as pcap`, tshark);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/text-log.bench.ts [COUNT] [--keep DIR]`: this bench alone; --keep writes the log and the
// pcap to DIR and keeps them (for profiling with node --cpu-prof).
if (import.meta.url === `file://${process.argv[1]}`) {
  const keep = process.argv.indexOf('--keep');
  if (keep > 0) {
    const dir = process.argv[keep + 1]!;
    const entries = pjsipLogEntries(Number(process.argv[2] ?? MESSAGES));
    writeFileSync(path.join(dir, 'full.log'), pjsipLog(entries), 'latin1');
    writeFileSync(path.join(dir, 'same.pcap'), pcapOfEntries(entries));
  } else await benchTextLog(Number(process.argv[2] ?? MESSAGES));
}
