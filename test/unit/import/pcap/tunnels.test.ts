// SIP inside tunnels: GRE (plain, with key/sequence/checksum, PPTP's PPP), ERSPAN type I/II/III
// mirror sessions, VXLAN, MPLS label stacks and pseudowires, QinQ VLAN stacks, PPPoE. Each keeps
// the inner addresses; damaged or endlessly nested headers are skipped with a reason, never thrown.
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { writePcap } from './capture-writer';
import { erspanII, erspanIII, gre, greFrame, ipOf, mplsFrame, vxlanFrame, withVlanTags } from './encapsulate';
import { bytesOf, ethernet, udpFrame, sipMessage } from './packet-builder';

const OPTIONS = sipMessage('OPTIONS sip:pbx.example.com SIP/2.0');
const inner = udpFrame(OPTIONS, { src: '10.0.0.5', dst: '10.0.0.9', srcPort: 5080, dstPort: 5060 });

function read(...frames: Buffer[]) {
  return readPcap(
    writePcap(
      frames.map((data, i) => ({ data, tsMicros: 1_700_000_000_000_000 + i })),
      { linkType: 1 },
    ),
  );
}

function expectInner(result: ReturnType<typeof read>, count = 1): void {
  expect(result.skipped).toEqual([]);
  expect(result.messages).toHaveLength(count);
  for (const m of result.messages) {
    expect(m.src).toEqual({ address: '10.0.0.5', port: 5080 });
    expect(m.dst).toEqual({ address: '10.0.0.9', port: 5060 });
    expect(m.text).toBe(OPTIONS);
  }
}

describe('GRE (RFC 2784, 2890, 2637)', () => {
  it('reads IP, bridged Ethernet and PPP inside GRE, with any optional fields', () => {
    expectInner(
      read(
        greFrame(gre(0x0800, ipOf(inner))),
        greFrame(gre(0x0800, ipOf(inner), { key: 7, sequence: 9, checksum: true })),
        greFrame(gre(0x6558, inner, { key: 1 })),
        // PPTP: version 1, key (length + call id) always, sequence; PPP address/control + 0x0021.
        greFrame(
          Buffer.concat([
            Buffer.from([0x30, 0x01, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 5, 0xff, 0x03, 0x00, 0x21]),
            ipOf(inner),
          ]),
        ),
      ),
      4,
    );
  });

  it('skips GRE it cannot read with a reason', () => {
    const r = read(
      greFrame(Buffer.from([0, 0, 0x08])),
      greFrame(gre(0x0806, Buffer.alloc(28))),
      greFrame(Buffer.from([0x30, 0x01, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 5])),
    );
    expect(r.messages).toEqual([]);
    expect(r.skipped.map((s) => s.reason)).toEqual([
      'GRE header cut short',
      'GRE carrying protocol 0x0806, not IP or Ethernet',
      'GRE without payload (PPTP acknowledgement or keep-alive)',
    ]);
  });
});

describe('ERSPAN mirror sessions', () => {
  it('reads the mirrored frame of type I, II and III (with and without the platform sub-header)', () => {
    expectInner(
      read(
        greFrame(gre(0x88be, inner)),
        greFrame(erspanII(inner, 100, 1)),
        greFrame(erspanIII(inner, 101, 2)),
        greFrame(erspanIII(inner, 102, 3, true)),
      ),
      4,
    );
  });

  it('skips a header of the wrong version', () => {
    const bad = erspanII(inner, 100, 1);
    bad[8] = 0x70; // version 7
    expect(read(greFrame(bad)).skipped).toEqual([
      { reason: 'ERSPAN type II header with version 7', count: 1 },
    ]);
  });
});

describe('VXLAN (RFC 7348)', () => {
  it('reads the inner Ethernet frame on UDP 4789', () => {
    expectInner(read(vxlanFrame(inner, 5001)));
  });

  it('leaves UDP 4789 that is not VXLAN to the SIP reader', () => {
    const r = read(udpFrame('not vxlan at all, just bytes', { srcPort: 1234, dstPort: 4789 }));
    expect(r.messages).toEqual([]);
    expect(r.skipped).toEqual([{ reason: 'UDP, not SIP', count: 1 }]);
  });
});

describe('MPLS (RFC 3032) and VLAN stacks', () => {
  it('reads IP under one to three labels, and Ethernet over MPLS with a control word', () => {
    const pseudowire = Buffer.concat([Buffer.alloc(4), inner]);
    expectInner(
      read(
        mplsFrame(ipOf(inner), [16]),
        mplsFrame(ipOf(inner), [100, 200, 300]),
        mplsFrame(pseudowire, [42]),
      ),
      3,
    );
  });

  it('reads QinQ stacks of 802.1ad, 802.1Q and the pre-standard 0x9100 tags', () => {
    expectInner(
      read(
        withVlanTags(inner, [
          [0x88a8, 10],
          [0x8100, 20],
        ]),
        withVlanTags(inner, [
          [0x9100, 10],
          [0x8100, 20],
        ]),
        withVlanTags(inner, [
          [0x88a8, 1],
          [0x88a8, 2],
          [0x8100, 3],
        ]),
      ),
      3,
    );
  });

  it('reads PPPoE sessions (RFC 2516)', () => {
    const pppoe = Buffer.concat([Buffer.from([0x11, 0, 0, 1, 0, 0, 0x00, 0x21]), ipOf(inner)]);
    expectInner(read(ethernet(pppoe, { etherType: 0x8864 })));
  });

  it('skips a label stack with no bottom and MPLS of something else', () => {
    const r = read(
      ethernet(Buffer.from([0, 1, 0, 64, 0, 2, 0, 64]), { etherType: 0x8847 }),
      mplsFrame(bytesOf('\x99junk'), [16]),
    );
    expect(r.skipped.map((s) => s.reason)).toEqual([
      'frame too short for its MPLS label stack',
      'MPLS payload neither IP nor Ethernet pseudowire',
    ]);
  });
});

describe('nesting is bounded', () => {
  it('reads VXLAN inside GRE inside QinQ, and refuses tunnels nested past 4', () => {
    expectInner(read(withVlanTags(greFrame(gre(0x0800, ipOf(vxlanFrame(inner, 1)))), [[0x88a8, 5]])));
    let frame = inner;
    for (let i = 0; i < 6; i++) frame = greFrame(gre(0x6558, frame));
    const r = read(frame);
    expect(r.messages).toEqual([]);
    expect(r.skipped).toEqual([{ reason: 'tunnelled too deep (more than 4 tunnels)', count: 1 }]);
  });

  it('never throws on tunnel headers cut anywhere or with random bytes', () => {
    const whole = greFrame(erspanIII(vxlanFrame(mplsFrame(ipOf(inner), [1, 2]), 9), 1, 1));
    for (let cut = 0; cut < whole.length; cut++) expect(() => read(whole.subarray(0, cut))).not.toThrow();
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      const copy = Buffer.from(whole);
      for (let k = 0; k < 4; k++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        copy[14 + (seed % (copy.length - 14))] = seed & 0xff;
      }
      expect(() => read(copy)).not.toThrow();
    }
  });
});
