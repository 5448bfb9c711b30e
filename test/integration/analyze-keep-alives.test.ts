// Keep-alives are not broken SIP: `sipkit analyze` counts them per source and destination and
// judges only the SIP around them. Public captures (../shared/corpus-public, never copied here):
// nDPI's "hello" keep-alives of a Huawei phone, X-Lite's five-space keep-alives in sngrep's
// aaa.pcap, CRLF pongs in heplify's capture; and real Kamailio traffic captured by dumpcap: its
// RFC 5626 pong to a CRLF ping over TCP, and UDP keep-alives sent to it. tshark is the oracle for
// how many datagrams are SIP and how many are not.
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { freeUdpPort } from '../support/ports';
import { PUBLIC_CORPUS, publicCorpusPresent } from '../support/public-corpus';
import { runSipkit } from '../support/sipkit-cli';
import { tsharkFrames, tsharkUdpFlows } from '../support/tshark-frames';
import { sleep } from '../support/wait';

interface Flow {
  readonly src: string;
  readonly dst: string;
  readonly count: number;
  readonly kinds: readonly { readonly kind: string; readonly count: number }[];
}

/** Flows in tshark's order (source, then destination), to compare with tsharkUdpFlows. */
function sorted(flows: readonly Flow[]): Flow[] {
  return [...flows].sort((a, b) =>
    a.src === b.src ? a.dst.localeCompare(b.dst) : a.src.localeCompare(b.src),
  );
}

interface Analysis {
  readonly code: number;
  readonly sip: number;
  readonly keepAlives: number;
  readonly flows: readonly Flow[];
  readonly syntax: readonly { readonly severity: string; readonly title: string }[];
}

describe('keep-alives in sipkit analyze', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-keep-alive-'));
    env = { SIPKIT_DATA_DIR: dir };
  });
  afterAll(async () => {
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function analyze(file: string): Promise<Analysis> {
    const run = await runSipkit(['analyze', file, '--no-store', '--json'], env);
    const imported = run.json.find((l) => l.type === 'import' && typeof l.messages === 'number');
    const counted = run.json.find((l) => l.type === 'analyze' && typeof l.keepAlives === 'number');
    return {
      code: run.code,
      sip: imported?.messages as number,
      keepAlives: (imported?.keepAlives as number | undefined) ?? 0,
      flows: (counted?.flows as Flow[] | undefined) ?? [],
      syntax: run.json.filter(
        (l) => l.type === 'finding' && l.rule === 'sip.syntax',
      ) as unknown as Analysis['syntax'],
    };
  }

  describe.skipIf(!publicCorpusPresent)(`public captures (skipped: ${PUBLIC_CORPUS} is absent)`, () => {
    it('ndpi/sip_hello.pcapng: 22 "hello" keep-alives, 11 each way, beside 8 SIP messages; exit 0', async () => {
      const file = path.join(PUBLIC_CORPUS, 'ndpi/sip_hello.pcapng');
      const a = await analyze(file);
      expect(a.sip).toBe(tsharkFrames(file, 'sip'));
      expect(a.keepAlives).toBe(tsharkFrames(file, 'udp && !sip'));
      // The phone and its server, 11 "hello"s each way: the flows tshark sees besides the SIP.
      const flows = tsharkUdpFlows(file, 'udp && !sip');
      expect(flows.map((f) => f.count)).toEqual([11, 11]);
      expect(sorted(a.flows)).toEqual(
        flows.map((f) => ({ ...f, kinds: [{ kind: 'word', count: f.count }] })),
      );
      expect(a.syntax).toEqual([]);
      expect(a.code).toBe(0);
    });

    it("sngrep/aaa.pcap: X-Lite's five-space keep-alives are counted, never a syntax finding", async () => {
      const file = path.join(PUBLIC_CORPUS, 'sngrep/aaa.pcap');
      const a = await analyze(file);
      // X-Lite's blanks: every UDP datagram of five spaces, from the phone to its registrar.
      const flows = tsharkUdpFlows(file, 'udp && !sip && data.len == 5');
      expect(flows).toHaveLength(1);
      expect(flows[0]!.count).toBe(21);
      expect(sorted(a.flows)).toEqual(
        flows.map((f) => ({ ...f, kinds: [{ kind: 'spaces', count: f.count }] })),
      );
      // What remains is about the real SIP (requests without Max-Forwards), never a keep-alive.
      expect(a.syntax.filter((f) => f.severity === 'error' || /start-line/.test(f.title))).toEqual([]);
    });

    it("heplify/rtp_rtcp_sip_ipv4_udp.pcap: a UA's CRLF pongs are counted, not imported as SIP", async () => {
      const file = path.join(PUBLIC_CORPUS, 'heplify/rtp_rtcp_sip_ipv4_udp.pcap');
      const a = await analyze(file);
      expect(a.sip).toBe(tsharkFrames(file, 'sip && !(sip.Method == "" && !sip.Status-Code)'));
      expect(a.flows.map((f) => [f.src, f.dst, f.kinds])).toEqual([
        ['200.57.7.205:5061', '200.57.7.195:5060', [{ kind: 'pong', count: 3 }]],
      ]);
      // What remains is about the real SIP (requests without Max-Forwards), never a keep-alive.
      expect(a.syntax.filter((f) => f.severity === 'error' || /start-line/.test(f.title))).toEqual([]);
      expect(a.code).toBe(0);
    });
  });

  describe('real traffic captured by dumpcap', () => {
    let k: KamailioHandle;
    beforeAll(async () => {
      k = await startKamailio({ users: [{ user: 'ann', password: 'keepalive-test-9' }] });
    });

    it("Kamailio's CRLF pong to a CRLF ping over TCP, and X-Lite/vendor keep-alives over UDP, are counted both ways", async () => {
      const file = path.join(dir, 'keep-alives.pcapng');
      const dumpcap = await startDumpcap({ filter: `port ${k.port}`, file, name: 'dumpcap-keep-alives' });

      // TCP: an OPTIONS makes the connection SIP, then RFC 5626 §4.4.1 pings, which Kamailio answers.
      const uaPort = await freeUdpPort();
      const options = (transport: string, port: number, n: number) =>
        [
          `OPTIONS sip:${k.host}:${k.port} SIP/2.0`,
          `Via: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK-ka-${transport}-${n}`,
          'Max-Forwards: 70',
          `From: <sip:ann@${k.host}>;tag=ka-${n}`,
          `To: <sip:ann@${k.host}>`,
          `Call-ID: keep-alive-${transport}-${n}@127.0.0.1`,
          `CSeq: ${n} OPTIONS`,
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n');
      const tcp = connect({ host: k.host, port: k.port, localAddress: '127.0.0.1' });
      const pongs: string[] = [];
      tcp.on('data', (d: Buffer) => pongs.push(d.toString('latin1')));
      await new Promise<void>((resolve, reject) => tcp.once('connect', resolve).once('error', reject));
      tcp.write(options('TCP', tcp.localPort ?? 0, 1));
      await sleep(300);
      for (let i = 0; i < 2; i++) {
        tcp.write('\r\n\r\n');
        await sleep(300);
      }
      // UDP from a SIP port: an OPTIONS, then the blanks X-Lite sends and a vendor's "hello".
      const udp = createSocket('udp4');
      await new Promise<void>((resolve) => udp.bind(uaPort, '127.0.0.1', resolve));
      const send = (text: string) =>
        new Promise<void>((resolve, reject) =>
          udp.send(Buffer.from(text, 'latin1'), k.port, k.host, (err) => (err ? reject(err) : resolve())),
        );
      await send(options('UDP', uaPort, 2));
      await sleep(200);
      await send('     ');
      await send('hello');
      await send('\r\n\r\n');
      await sleep(1000);
      tcp.destroy();
      udp.close();
      await dumpcap.stop();

      // Kamailio really answered the pings with pongs on the stream.
      expect(pongs.join('')).toMatch(/\r\n/);
      const a = await analyze(file);
      const kam = `${k.host}:${k.port}`;
      const ua = `127.0.0.1:${uaPort}`;
      const byPair = new Map(a.flows.map((f) => [`${f.src} ${f.dst}`, f]));
      expect(byPair.get(`${ua} ${kam}`)?.kinds).toEqual([
        { kind: 'spaces', count: 1 },
        { kind: 'word', count: 1 },
        { kind: 'ping', count: 1 },
      ]);
      const tcpPings = a.flows.find((f) => f.dst === kam && f.src !== ua);
      expect(tcpPings?.kinds).toEqual([{ kind: 'ping', count: 2 }]);
      const tcpPongs = a.flows.find((f) => f.src === kam);
      expect(tcpPongs?.count).toBe(2);
      expect(a.syntax).toEqual([]);
      expect(a.code).toBe(0);
      // Only the OPTIONS and their 200s are SIP, as tshark dissects them.
      expect(a.sip).toBe(tsharkFrames(file, 'sip.CSeq'));
    }, 60_000);
  });
});
