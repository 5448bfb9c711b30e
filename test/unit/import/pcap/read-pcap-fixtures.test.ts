// Every committed capture (test/fixtures/pcap, made from real SIPp/Kamailio/sipsak traffic by
// make-fixtures.ts) read by readPcap and by tshark: the same SIP messages, in the same frames,
// with the same times, addresses, ports and text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPcap, type PcapImport } from '../../../../electron/import/pcap/read-pcap';
import { tsharkSipMessages } from './tshark-sip';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/pcap/', import.meta.url));

interface FixtureFacts {
  readonly format: 'pcap' | 'pcapng';
  readonly linkTypes: readonly string[];
  readonly transport: 'udp' | 'tcp' | 'both';
  /** Anything else this fixture is there to show. */
  readonly check?: (result: PcapImport) => void;
}

const skippedCount = (result: PcapImport, reason: string): number =>
  result.skipped.find((s) => s.reason === reason)?.count ?? 0;

const FIXTURES_FACTS: Readonly<Record<string, FixtureFacts>> = {
  'sipp-udp-rtp.pcap': {
    format: 'pcap',
    linkTypes: ['ETHERNET'],
    transport: 'udp',
    check: (r) => expect(skippedCount(r, 'UDP, not SIP')).toBeGreaterThan(100), // the RTP
  },
  'sipp-tcp.pcapng': { format: 'pcapng', linkTypes: ['ETHERNET'], transport: 'tcp' },
  'sipp-tcp-mtu300.pcapng': {
    format: 'pcapng',
    linkTypes: ['ETHERNET'],
    transport: 'tcp',
    // MSS 248: every INVITE and 200 OK spans two or three segments.
    check: (r) => expect(r.messages.filter((m) => m.text.length > 248).length).toBeGreaterThan(10),
  },
  'sipsak-two-per-write.pcapng': {
    format: 'pcapng',
    linkTypes: ['ETHERNET'],
    transport: 'both',
    check: (r) => {
      const options = r.messages.filter((m) => m.transport === 'tcp' && m.text.startsWith('OPTIONS'));
      // One segment with both (default MTU), then two segments split inside and between them.
      expect(options).toHaveLength(4);
      expect(options[0]?.sourceLine).toBe(options[1]?.sourceLine);
      expect(options[2]?.sourceLine).toBeLessThan(options[3]?.sourceLine ?? 0);
      expect(options.map((m) => /Call-ID: (\S+)/.exec(m.text)?.[1])).toEqual([
        'two-in-one-1@127.0.0.1',
        'two-in-one-2@127.0.0.1',
        'two-in-one-1@127.0.0.1',
        'two-in-one-2@127.0.0.1',
      ]);
    },
  },
  'kamailio-sipsak-sll.pcap': { format: 'pcap', linkTypes: ['LINUX_SLL'], transport: 'both' },
  'kamailio-sipsak-sll2.pcapng': { format: 'pcapng', linkTypes: ['LINUX_SLL2'], transport: 'both' },
  'ipv4-fragments-ns.pcap': {
    format: 'pcap',
    linkTypes: ['ETHERNET'],
    transport: 'udp',
    check: (r) => {
      expect(r.messages.filter((m) => m.text.length > 2500)).toHaveLength(2); // INVITE, 200 OK
      expect(r.packets).toBeGreaterThan(r.messages.length + 8);
    },
  },
  'ipv6-fragments.pcapng': {
    format: 'pcapng',
    linkTypes: ['ETHERNET'],
    transport: 'udp',
    check: (r) => {
      expect(r.messages.every((m) => m.src?.address === '::1' && m.dst?.address === '::1')).toBe(true);
      expect(r.messages.filter((m) => m.text.length > 2500)).toHaveLength(2);
    },
  },
  'rawip.pcap': { format: 'pcap', linkTypes: ['RAW'], transport: 'tcp' },
  'null-loopback.pcap': { format: 'pcap', linkTypes: ['NULL'], transport: 'udp' },
  'openbsd-loop-ipv6.pcapng': { format: 'pcapng', linkTypes: ['LOOP'], transport: 'udp' },
  'vlan.pcapng': { format: 'pcapng', linkTypes: ['ETHERNET'], transport: 'tcp' },
  'big-endian-ns.pcap': { format: 'pcap', linkTypes: ['LINUX_SLL'], transport: 'both' },
  'big-endian-pow2.pcapng': { format: 'pcapng', linkTypes: ['ETHERNET'], transport: 'tcp' },
  'multi-interface.pcapng': { format: 'pcapng', linkTypes: ['ETHERNET', 'LINUX_SLL2'], transport: 'both' },
  'two-sections.pcapng': {
    format: 'pcapng',
    linkTypes: ['ETHERNET'],
    transport: 'both',
    check: (r) => {
      const v6 = r.messages.filter((m) => m.src?.address === '::1').length;
      expect(v6).toBe(6);
      expect(r.messages.length - v6).toBe(48);
    },
  },
};

/** "SIP/2.0 200 OK" / "OPTIONS sip:… SIP/2.0" at the start of `text`. */
const START_LINE = /^(SIP\/2\.0 \d{3} |[A-Za-z]+ \S+ SIP\/2\.0\r\n)/;

describe('readPcap on real captures, against tshark', () => {
  for (const [name, facts] of Object.entries(FIXTURES_FACTS)) {
    // tshark takes a few hundred milliseconds per file; more on a busy machine.
    it(name, { timeout: 30_000 }, () => {
      const path = `${FIXTURES}${name}`;
      const bytes = readFileSync(path);
      expect(bytes.length).toBeLessThan(200 * 1024);
      const result = readPcap(bytes);
      const reference = tsharkSipMessages(path);

      expect(result.format).toBe(facts.format);
      expect(result.linkTypes).toEqual(facts.linkTypes);
      expect(result.stoppedAt).toBeUndefined();
      expect(result.warnings).toEqual([]);
      expect(reference.length).toBeGreaterThan(0);
      expect(result.messages).toHaveLength(reference.length);
      result.messages.forEach((ours, i) => {
        const theirs = reference[i];
        expect(theirs).toBeDefined();
        if (!theirs) return;
        expect({
          packet: ours.sourceLine,
          tsMicros: ours.tsMicros,
          transport: ours.transport,
          src: ours.src,
          dst: ours.dst,
          truncated: ours.truncated ?? false,
        }).toEqual({
          packet: theirs.frame,
          tsMicros: theirs.tsMicros,
          transport: theirs.transport,
          src: theirs.src,
          dst: theirs.dst,
          truncated: false,
        });
        // tshark's header field runs to the end of the segment when another message follows
        // in it; then what follows ours must be that next message.
        if (ours.text !== theirs.text) {
          expect(theirs.text.startsWith(ours.text)).toBe(true);
          expect(theirs.text.slice(ours.text.length)).toMatch(START_LINE);
        }
      });
      const transports = new Set(result.messages.map((m) => m.transport));
      expect([...transports].sort()).toEqual(facts.transport === 'both' ? ['tcp', 'udp'] : [facts.transport]);
      facts.check?.(result);
    });
  }
});
