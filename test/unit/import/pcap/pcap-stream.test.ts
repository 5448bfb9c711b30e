// The live reader (pcap-stream.ts) fed a capture in pieces as a pipe would deliver them: every
// committed capture gives the same SIP messages as reading the whole file, whatever the chunk
// sizes, and a stream that is cut, damaged or not a capture says so instead of throwing.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ImportedMessage } from '../../../../electron/import/imported-message';
import { PcapStreamReader } from '../../../../electron/import/pcap/pcap-stream';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/pcap/', import.meta.url));
const captures = readdirSync(FIXTURES).filter((f) => /\.pcap(ng)?$/.test(f));

/** Deterministic chunk sizes from 1 byte to a few kilobytes. */
function chunksOf(bytes: Buffer, seed: number): Buffer[] {
  const out: Buffer[] = [];
  let state = seed;
  for (let at = 0; at < bytes.length;) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const size = state % 7 === 0 ? 1 : 1 + (state % 4096);
    out.push(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  return out;
}

function stream(bytes: Buffer, seed: number): { messages: ImportedMessage[]; reader: PcapStreamReader } {
  const messages: ImportedMessage[] = [];
  const reader = new PcapStreamReader((m) => messages.push(m));
  for (const chunk of chunksOf(bytes, seed)) reader.push(chunk);
  return { messages, reader };
}

const key = (m: ImportedMessage): string =>
  `${m.sourceLine}|${m.tsMicros}|${m.transport}|${m.src?.address}:${m.src?.port}|${m.dst?.address}:${m.dst?.port}|${m.text}`;

describe('PcapStreamReader', () => {
  it('has committed captures to read', () => expect(captures.length).toBeGreaterThan(3));

  for (const file of captures) {
    it(`streams ${file} in pieces to the same messages as the whole file`, () => {
      const bytes = readFileSync(FIXTURES + file);
      const whole = readPcap(bytes);
      const { messages, reader } = stream(bytes, file.length);
      const summary = reader.end();
      expect(summary.format).toBe(whole.format);
      expect(summary.packets).toBe(whole.packets);
      expect(messages.map(key).sort()).toEqual(whole.messages.map(key).sort());
      expect(summary.stoppedAt?.reason).toBe(whole.stoppedAt?.reason);
    });
  }

  it('hands a message on as soon as its packet is in, before the stream ends', () => {
    const bytes = readFileSync(FIXTURES + captures.find((f) => f.includes('udp'))!);
    const seen: ImportedMessage[] = [];
    const reader = new PcapStreamReader((m) => seen.push(m));
    reader.push(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(seen.length).toBeGreaterThan(0);
    expect(reader.stopped).toBeUndefined();
  });

  it('says where a stream cut inside a packet stopped, keeping what came before', () => {
    const bytes = readFileSync(FIXTURES + captures.find((f) => f.endsWith('.pcapng'))!);
    const cut = bytes.subarray(0, bytes.length - 10);
    const { messages, reader } = stream(cut, 3);
    const summary = reader.end();
    expect(summary.stoppedAt?.reason).toMatch(/runs past the end|ends inside/);
    expect(messages.length).toBeGreaterThan(0);
  });

  it('names a stream that is not a capture, and one that brought nothing', () => {
    const text = new PcapStreamReader(() => undefined);
    text.push(Buffer.from('INVITE sip:1@example.com SIP/2.0\r\n'));
    expect(text.stopped).toMatch(/not a pcap or pcapng stream \(magic 0x494e5649\)/);
    expect(text.end().format).toBe('unknown');
    const empty = new PcapStreamReader(() => undefined);
    expect(empty.end().warnings[0]).toBe('no capture data arrived (0 bytes)');
  });

  it('refuses a block length no capture writes instead of waiting for it', () => {
    const bytes = Buffer.from(readFileSync(FIXTURES + 'sipp-tcp.pcapng')); // little-endian
    const reader = new PcapStreamReader(() => undefined);
    // The section header block's own length, then a second block claiming 1 GB.
    const shbLength = bytes.readUInt32LE(4);
    const damaged = Buffer.from(bytes.subarray(0, shbLength + 12));
    damaged.writeUInt32LE(0x40000000, shbLength + 4);
    reader.push(damaged);
    expect(reader.stopped).toMatch(/bad block length 1073741824/);
  });
});
