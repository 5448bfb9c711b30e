// `sipkit analyze` on SIP that arrives wrapped: public captures of an ERSPAN mirror session, GRE
// (PPTP), SCTP, WebSocket and IP-in-IP (../shared/corpus-public, never copied here), and real
// SIPp and Kamailio traffic captured by dumpcap and re-encapsulated here in VXLAN, MPLS, QinQ and
// masked, fragmented WebSocket, plus the HEP Kamailio's siptrace sends to a Homer collector.
// tshark is the oracle: our SIP message and Call-ID counts equal its counts on each file (for HEP,
// which tshark 4.0 does not dissect, Kamailio's own log of what it mirrored), and
// each test states what an expert reads in the capture, with no false error.
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPcap } from '../../electron/import/pcap/read-pcap';
import { requireBinary } from '../support/binaries';
import { runProcess, stopAll, type ManagedProcess } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { startKamailioSiptrace } from '../support/kamailio-siptrace';
import { freeUdpPort } from '../support/ports';
import { PUBLIC_CORPUS, publicCorpusPresent } from '../support/public-corpus';
import { runSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';
import { sleep } from '../support/wait';
import { readPcapFrames, writePcap, type Frame } from '../unit/import/pcap/capture-writer';
import {
  ipOf,
  mplsFrame,
  vxlanFrame,
  withVlanTags,
  wsFragmented,
  wsFrame,
} from '../unit/import/pcap/encapsulate';
import { bytesOf, TCP_ACK, TCP_SYN, tcpFrame } from '../unit/import/pcap/packet-builder';

const TSHARK = requireBinary('tshark', 'tshark');

interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly title: string;
}

interface Counts {
  readonly messages: number;
  readonly callIds: number;
}

/** SIP messages and distinct Call-IDs tshark dissects in a file (`decodeAs`: -d rules). */
function tsharkCounts(file: string, decodeAs: readonly string[] = []): Counts {
  const out = execFileSync(
    TSHARK,
    [
      '-r',
      file,
      ...decodeAs.flatMap((d) => ['-d', d]),
      '-Y',
      'sip',
      '-T',
      'fields',
      '-e',
      'sip.Call-ID',
      '-E',
      'occurrence=a',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const ids = out.split(/[\n,]/).filter((l) => l.length > 0);
  return { messages: ids.length, callIds: new Set(ids).size };
}

/** The same counts from our importer (keep-alives, imported as marks, are not SIP messages). */
function ourCounts(file: string): Counts {
  const sip = readPcap(readFileSync(file)).messages.filter((m) =>
    /^\S+ \S+ SIP\/2\.0\r?\n|^SIP\/2\.0 \d{3}/i.test(m.text),
  );
  const ids = sip.map((m) => /^(?:Call-ID|i)[ \t]*:[ \t]*(\S+)/im.exec(m.text)?.[1]);
  return { messages: sip.length, callIds: new Set(ids).size };
}

let dir: string;
let env: Record<string, string>;

async function analyze(file: string): Promise<{ code: number; findings: JsonFinding[] }> {
  const out = await runSipkit(['analyze', file, '--no-store', '--json'], env);
  return {
    code: out.code ?? -1,
    findings: out.json.filter((l) => l.type === 'finding') as unknown[] as JsonFinding[],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sipkit-encap-'));
  env = { SIPKIT_DATA_DIR: dir };
});
afterAll(async () => {
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!publicCorpusPresent)(
  `public captures of wrapped SIP (skipped: ${PUBLIC_CORPUS} is absent)`,
  () => {
    async function check(file: string, decodeAs: readonly string[] = []): Promise<JsonFinding[]> {
      const full = path.join(PUBLIC_CORPUS, file);
      const tshark = tsharkCounts(full, decodeAs);
      expect(tshark.messages).toBeGreaterThan(0);
      expect(ourCounts(full)).toEqual(tshark);
      const { code, findings } = await analyze(full);
      expect(code).toBe(0); // not 2 "no SIP messages found", and no error finding
      expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
      return findings;
    }

    it('heplify/erspan_sip_ipv4_udp.pcapng: 140 messages of a switch mirror session (ERSPAN type II in GRE)', async () => {
      // A SPAN session of a PBX with phones behind a NAT: 7 dialogs (calls,
      // subscriptions), answered calls whose 200 OK is repeated while the ACK is late.
      const findings = await check('heplify/erspan_sip_ipv4_udp.pcapng');
      expect(findings.some((f) => f.rule === 'sip.nat' && /private 192\.168\.8\.53/.test(f.title))).toBe(
        true,
      );
    });

    it('heplify/sip_sctp.pcap: an INVITE over SCTP (SIP-I with ISUP) refused 403', async () => {
      const findings = await check('heplify/sip_sctp.pcap');
      expect(findings.find((f) => f.rule === 'sip.failure-response')?.title).toMatch(/^INVITE refused: 403/);
      // Its P-Asserted-Identity lists a sip: URI and a tel: URI (RFC 3325 §9.1): both are well formed.
      expect(findings.filter((f) => f.rule === 'sip.syntax')).toEqual([]);
    });

    it('heplify/sip_tcp_websocket.pcap: a WebRTC client over WebSocket (port 8080) relayed to UDP', async () => {
      // The browser's .invalid Contact is not called a NAT problem at warning level.
      const findings = await check('heplify/sip_tcp_websocket.pcap');
      expect(findings.filter((f) => f.severity === 'warning' && /\.invalid/.test(f.title))).toEqual([]);
    });

    it('ndpi/gre.pcapng: one SIP response inside PPTP (GRE version 1, PPP) on a VLAN', async () => {
      await check('ndpi/gre.pcapng');
    });

    it('sngrep/ipip.pcap: a call over TCP inside an IP-in-IP tunnel', async () => {
      await check('sngrep/ipip.pcap');
    });
  },
);

describe('real traffic re-encapsulated', () => {
  let frames: Frame[];
  let captureFile: string;

  const dumpcap = (file: string, filter: string): Promise<ManagedProcess> =>
    startDumpcap({ filter, file, pcap: true });

  beforeAll(async () => {
    // Three SIPp calls (INVITE, 100, 180, 200, ACK, BYE, 200) captured on lo.
    const uas = await startSipp({ scenario: 'uas-answer', rtpEcho: false, keys: { ring_ms: 0 } });
    captureFile = path.join(dir, 'sipp.pcap');
    const capture = await dumpcap(captureFile, `udp port ${uas.port}`);
    const uac = await startSipp({ scenario: 'uac-call', remote: uas.address, calls: 3, rate: 3 });
    await uac.waitForExit(30_000);
    await sleep(500);
    await capture.stop();
    await uas.stop();
    frames = readPcapFrames(readFileSync(captureFile)).frames;
  }, 60_000);

  function write(name: string, wrapped: Frame[]): string {
    const file = path.join(dir, name);
    writeFileSync(file, writePcap(wrapped, { linkType: 1 }));
    return file;
  }

  async function sameAsTshark(file: string, decodeAs: readonly string[] = []): Promise<Counts> {
    const tshark = tsharkCounts(file, decodeAs);
    expect(ourCounts(file)).toEqual(tshark);
    const { code, findings } = await analyze(file);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
    return tshark;
  }

  it('the capture itself: 3 calls, 21 messages', () => {
    expect(tsharkCounts(captureFile)).toEqual({ messages: 21, callIds: 3 });
  });

  it('VXLAN (an overlay network mirror): the same 21 messages and 3 calls', async () => {
    const file = write(
      'vxlan.pcap',
      frames.map((f) => ({ ...f, data: vxlanFrame(f.data, 5001) })),
    );
    expect(await sameAsTshark(file)).toEqual({ messages: 21, callIds: 3 });
  });

  it('MPLS label stacks of one and three labels', async () => {
    const file = write(
      'mpls.pcap',
      frames.map((f, i) => ({ ...f, data: mplsFrame(ipOf(f.data), i % 2 ? [100, 200, 300] : [16]) })),
    );
    expect(await sameAsTshark(file)).toEqual({ messages: 21, callIds: 3 });
  });

  it('QinQ: 802.1ad over 802.1Q, and the pre-standard 0x9100 outer tag', async () => {
    const file = write(
      'qinq.pcap',
      frames.map((f, i) => ({
        ...f,
        data: withVlanTags(f.data, [
          [i % 2 ? 0x9100 : 0x88a8, 100],
          [0x8100, 20],
        ]),
      })),
    );
    expect(await sameAsTshark(file)).toEqual({ messages: 21, callIds: 3 });
  });

  it('WebSocket on port 8443: masked client frames fragmented in 3, several per segment, one across segments', async () => {
    const payloads = frames.map((f) => {
      const d = f.data;
      const ihl = ((d[14] ?? 0) & 0x0f) * 4;
      return { srcPort: Buffer.from(d).readUInt16BE(14 + ihl), data: d.subarray(14 + ihl + 8) };
    });
    const uacPort = payloads[0]!.srcPort;
    const mask = [0xa1, 0x5b, 0x33, 0x07] as const;
    const client = { src: '192.0.2.7', dst: '192.0.2.1', srcPort: 50123, dstPort: 8443 };
    const server = { src: '192.0.2.1', dst: '192.0.2.7', srcPort: 8443, dstPort: 50123 };
    let clientSeq = 1001;
    let serverSeq = 9001;
    const out: Frame[] = [
      { data: tcpFrame(1000, '', client, TCP_SYN) },
      { data: tcpFrame(9000, '', server, TCP_SYN | TCP_ACK) },
    ];
    const send = (fromClient: boolean, bytes: Buffer, ts?: number): void => {
      const flow = fromClient ? client : server;
      const seq = fromClient ? clientSeq : serverSeq;
      out.push({ data: tcpFrame(seq, bytes, flow), ...(ts !== undefined ? { tsMicros: ts } : {}) });
      if (fromClient) clientSeq += bytes.length;
      else serverSeq += bytes.length;
    };
    send(
      true,
      bytesOf(
        'GET /sip HTTP/1.1\r\nHost: pbx.example.com:8443\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n',
      ),
    );
    send(
      false,
      bytesOf(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: sip\r\n\r\n',
      ),
    );
    // Group consecutive messages of one side: pairs share a segment, and a large group is cut
    // in the middle of a frame.
    for (let i = 0; i < payloads.length;) {
      const fromClient = payloads[i]!.srcPort === uacPort;
      const group: Buffer[] = [];
      while (i < payloads.length && (payloads[i]!.srcPort === uacPort) === fromClient && group.length < 2) {
        const p = payloads[i]!.data;
        group.push(fromClient ? wsFragmented(p, 3, mask) : wsFrame(p));
        i++;
      }
      const bytes = Buffer.concat(group);
      const cut = Math.floor(bytes.length / 2) + 3;
      send(fromClient, bytes.subarray(0, cut), frames[i - 1]!.tsMicros);
      send(fromClient, bytes.subarray(cut), frames[i - 1]!.tsMicros);
    }
    const file = write('websocket.pcap', out);
    expect(await sameAsTshark(file, ['tcp.port==8443,http'])).toEqual({ messages: 21, callIds: 3 });
  });

  // tshark 4.0 has no HEP dissector: the oracle is Kamailio's own log of what it received and
  // sent (the messages siptrace mirrored) and tshark's count of datagrams to the collector.
  it.each([3, 2] as const)(
    "HEPv%i that Kamailio's siptrace sends to a Homer collector: the SIP with its original addresses and times",
    async (hepVersion) => {
      const hepPort = await freeUdpPort();
      // Something listens on the collector port, so the capture holds no ICMP unreachables.
      const collector: Socket = createSocket('udp4');
      await new Promise<void>((resolve) => collector.bind(hepPort, '127.0.0.1', resolve));
      const file = path.join(dir, `hep${hepVersion}.pcap`);
      const capture = await dumpcap(file, `udp port ${hepPort}`);
      const kamailio = await startKamailioSiptrace({ hepPort, hepVersion });
      const sipsak = requireBinary('sipsak', 'sipsak');
      for (let i = 0; i < 3; i++) {
        await runProcess({
          name: 'sipsak',
          command: sipsak,
          args: ['-s', `sip:probe@${kamailio.server}`, '-H', '127.0.0.1'],
          timeoutMs: 10_000,
        });
      }
      await sleep(500);
      await capture.stop();
      const seen = [...kamailio.received(), ...kamailio.sent()];
      await kamailio.stop();
      collector.close();

      const datagrams = execFileSync(
        TSHARK,
        ['-r', file, '-Y', `udp.dstport==${hepPort}`, '-T', 'fields', '-e', 'frame.number'],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      )
        .split('\n')
        .filter((l) => l.length > 0).length;
      // 3 OPTIONS and their 3 replies, each mirrored once.
      // 3 sipsak OPTIONS and their replies; the harness's readiness probes are traced too.
      expect(seen).toHaveLength(6);
      const messages = readPcap(readFileSync(file)).messages;
      expect(messages).toHaveLength(datagrams);
      expect(ourCounts(file).messages).toBe(datagrams);
      // Each message Kamailio logged is there on its original hop (sipsak ↔ Kamailio), not as
      // the agent → collector datagram.
      const hops = new Set(
        messages.map(
          (m) =>
            `${m.src?.address}:${m.src?.port}>${m.dst?.address}:${m.dst?.port} ${/Call-ID: (\S+)/i.exec(m.text)?.[1]}`,
        ),
      );
      for (const l of seen) {
        const hop =
          l.direction === 'received' ? `${l.peer}>${kamailio.server}` : `${kamailio.server}>${l.peer}`;
        expect(hops).toContain(`${hop} ${l.callId}`);
      }
      // The agent's timestamps: at or shortly before the frame that carried each one.
      const frameTimes = readPcapFrames(readFileSync(file)).frames.map((f) => f.tsMicros ?? 0);
      messages.forEach((m, i) => {
        expect(m.tsMicros).toBeLessThanOrEqual(frameTimes[i]!);
        expect(frameTimes[i]! - (m.tsMicros ?? 0)).toBeLessThan(1_000_000);
      });
      const { code, findings } = await analyze(file);
      expect(code).toBe(0);
      expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    },
    60_000,
  );
});
