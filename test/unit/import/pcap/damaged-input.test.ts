// Damaged files: whatever was readable is imported, stoppedAt says where and why reading
// stopped, and no byte sequence makes readPcap throw.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPcap, type PcapImport } from '../../../../electron/import/pcap/read-pcap';
import { sectionHeader, writePcap, writePcapng } from './capture-writer';
import { sipMessage, udpFrame } from './packet-builder';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/pcap/', import.meta.url));
const fixture = (name: string): Buffer => readFileSync(`${FIXTURES}${name}`);

const OK = sipMessage('SIP/2.0 200 OK');

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Messages a cut-short file must still give: those the whole file completed before the cut. */
function expectPrefixOf(cut: PcapImport, full: PcapImport): void {
  const stop = cut.stoppedAt?.packet ?? cut.packets + 1;
  const complete = cut.messages.filter((m) => !m.truncated);
  expect(complete).toEqual(full.messages.filter((m) => m.sourceLine < stop));
  for (const partial of cut.messages.filter((m) => m.truncated)) {
    expect(full.messages.some((m) => m.text.startsWith(partial.text))).toBe(true);
  }
}

describe('readPcap: files that are not captures', () => {
  it('an empty file', () => {
    expect(readPcap(new Uint8Array(0))).toEqual({
      messages: [],
      format: 'unknown',
      linkTypes: [],
      packets: 0,
      skipped: [],
      stoppedAt: { packet: 1, offset: 0, reason: 'empty file (0 bytes)' },
      warnings: ['empty file (0 bytes)'],
    });
  });

  it('a file too short for a magic number', () => {
    expect(readPcap(Buffer.from([0xd4, 0xc3])).warnings).toEqual([
      'file too short to be a pcap or pcapng file (2 bytes)',
    ]);
  });

  it('a file with another magic number: one clear line', () => {
    const elf = readPcap(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    expect(elf.format).toBe('unknown');
    expect(elf.messages).toEqual([]);
    expect(elf.warnings).toEqual(['not a pcap or pcapng file (magic 0x7f454c46)']);
    // A SIP text trace handed to the wrong importer.
    expect(readPcap(Buffer.from(OK, 'latin1')).warnings).toEqual([
      'not a pcap or pcapng file (magic 0x5349502f)',
    ]);
  });

  it('a pcap file cut inside its file header', () => {
    const result = readPcap(writePcap([], { linkType: 1 }).subarray(0, 10));
    expect(result.format).toBe('pcap');
    expect(result.stoppedAt).toEqual({
      packet: 1,
      offset: 0,
      reason: 'file ends inside the pcap file header (10 of 24 bytes)',
    });
  });

  it('a pcapng file that is only a section header', () => {
    const result = readPcap(sectionHeader(false));
    expect(result).toMatchObject({ format: 'pcapng', packets: 0, messages: [], warnings: [] });
    expect(result.stoppedAt).toBeUndefined();
  });
});

describe('readPcap: cut-short files', () => {
  for (const name of ['sipp-udp-rtp.pcap', 'sipp-tcp-mtu300.pcapng', 'sipsak-two-per-write.pcapng']) {
    it(`${name}, cut anywhere: the messages before the cut, then a stop reason`, () => {
      const whole = fixture(name);
      const full = readPcap(whole);
      for (let length = 1; length < whole.length; length += 53) {
        const cut = readPcap(whole.subarray(0, length));
        expectPrefixOf(cut, full);
        if (cut.stoppedAt) {
          expect(cut.stoppedAt.offset).toBeLessThan(length);
          expect(cut.stoppedAt.reason).not.toContain('\n');
        }
        if (cut.stoppedAt && cut.format !== 'unknown') {
          expect(cut.warnings).toContain(
            `stopped reading at byte ${cut.stoppedAt.offset} (packet ${cut.stoppedAt.packet}): ${cut.stoppedAt.reason}`,
          );
        }
      }
    });
  }

  it('says where a pcap file ends inside a packet', () => {
    const file = writePcap([{ data: udpFrame(OK) }, { data: udpFrame(OK) }], { linkType: 1 });
    const result = readPcap(file.subarray(0, file.length - 5));
    expect(result.messages).toHaveLength(1);
    const secondRecord = 24 + 16 + udpFrame(OK).length;
    expect(result.stoppedAt).toEqual({
      packet: 2,
      offset: secondRecord,
      reason: `file ends inside packet 2 (${udpFrame(OK).length - 5} of ${udpFrame(OK).length} bytes)`,
    });
  });

  it('says where a pcapng file ends inside a block', () => {
    const file = writePcapng([
      { interfaces: [{ linkType: 1 }], blocks: [{ kind: 'epb', frame: { data: udpFrame(OK) } }] },
    ]);
    const result = readPcap(file.subarray(0, file.length - 1));
    expect(result.stoppedAt?.packet).toBe(1);
    expect(result.stoppedAt?.reason).toMatch(
      /^block of \d+ bytes \(type 0x00000006\) runs past the end of the file/,
    );
  });
});

describe('readPcap: damage after a good part', () => {
  const pcap = (): Buffer => writePcap([{ data: udpFrame(OK) }, { data: udpFrame(OK) }], { linkType: 1 });
  const pcapng = (): Buffer =>
    writePcapng([
      { interfaces: [{ linkType: 1 }], blocks: [{ kind: 'epb', frame: { data: udpFrame(OK) } }] },
    ]);

  it('random bytes after a pcap file', () => {
    const next = random(1);
    const garbage = Buffer.from(Array.from({ length: 300 }, () => Math.floor(next() * 256)));
    const good = pcap();
    const result = readPcap(Buffer.concat([good, garbage]));
    expect(result.messages).toHaveLength(2);
    expect(result.stoppedAt).toMatchObject({ packet: 3, offset: good.length });
  });

  it('zero padding after a pcap file (a capture cut off by a crash)', () => {
    const good = pcap();
    const result = readPcap(Buffer.concat([good, Buffer.alloc(4096)]));
    expect(result.messages).toHaveLength(2);
    expect(result.stoppedAt).toEqual({
      packet: 3,
      offset: good.length,
      reason: 'bad record: packet 3 is empty (zero padding or damage)',
    });
  });

  it('a record with an impossible captured length', () => {
    const file = pcap();
    file.writeUInt32LE(0x7fffffff, 24 + 8);
    expect(readPcap(file).stoppedAt).toEqual({
      packet: 1,
      offset: 24,
      reason: 'bad record: packet 1 claims 2147483647 captured bytes',
    });
  });

  it('text after a pcapng file', () => {
    const good = pcapng();
    const result = readPcap(Buffer.concat([good, Buffer.from('this is not a block at all, just text\n')]));
    expect(result.messages).toHaveLength(1);
    expect(result.stoppedAt?.offset).toBe(good.length);
    expect(result.stoppedAt?.packet).toBe(2);
  });

  it('a pcapng block whose length is not a multiple of 4, or below 12', () => {
    for (const length of [30, 8]) {
      // A second IDB and EPB after the first packet.
      const file = Buffer.concat([pcapng(), pcapng().subarray(sectionHeader(false).length)]);
      const second = pcapng().length;
      file.writeUInt32LE(length, second + 4);
      expect(readPcap(file).stoppedAt).toEqual({
        packet: 2,
        offset: second,
        reason: `bad block length ${length} (block type 0x00000001)`,
      });
    }
  });

  it('a pcapng block whose trailing length disagrees with its leading one', () => {
    const file = pcapng();
    file.writeUInt32LE(999, file.length - 4);
    const result = readPcap(file);
    expect(result.messages).toEqual([]);
    expect(result.stoppedAt?.reason).toMatch(/^bad block length: block starts with \d+, ends with 999$/);
  });

  it('a section of a pcapng major version this reader does not know', () => {
    const second = sectionHeader(false);
    second.writeUInt16LE(2, 12);
    const good = pcapng();
    const result = readPcap(Buffer.concat([good, second]));
    expect(result.messages).toHaveLength(1);
    expect(result.stoppedAt).toEqual({
      packet: 2,
      offset: good.length,
      reason: 'unsupported pcapng version 2 in section header',
    });
  });

  it('a section header with a bad byte-order magic', () => {
    const second = sectionHeader(false);
    second.writeUInt32LE(0x12345678, 8);
    const good = pcapng();
    const result = readPcap(Buffer.concat([good, second]));
    expect(result.messages).toHaveLength(1);
    expect(result.stoppedAt).toEqual({
      packet: 2,
      offset: good.length,
      reason: 'bad byte-order magic 0x78563412 in section header',
    });
  });
});

describe('readPcap: never throws', () => {
  for (const name of ['sipp-tcp-mtu300.pcapng', 'ipv4-fragments-ns.pcap', 'big-endian-pow2.pcapng']) {
    it(`on ${name} with random bytes changed`, () => {
      const next = random(name.length);
      const whole = fixture(name);
      for (let round = 0; round < 150; round++) {
        const damaged = Buffer.from(whole);
        const changes = 1 + Math.floor(next() * 20);
        for (let i = 0; i < changes; i++) {
          // Keep the magic so the damage reaches the readers, not only the format check.
          damaged[4 + Math.floor(next() * (damaged.length - 4))] = Math.floor(next() * 256);
        }
        expect(() => readPcap(damaged)).not.toThrow();
      }
    });
  }
});
