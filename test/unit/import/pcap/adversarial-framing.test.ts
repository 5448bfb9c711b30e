// Issue 14: SIP over TCP in a capture is framed in linear time however hostile the stream: headers
// arriving a segment at a time are searched once, buffered bytes are copied O(1) times, and the
// resync search walks each line once. Inputs are sized so that a linear pass takes well under a
// second and a quadratic one minutes; the 20 s timeout is the only bound.
import { describe, expect, it } from 'vitest';
import { readPcap, type PcapImport } from '../../../../electron/import/pcap/read-pcap';
import * as adv from '../../../support/adversarial-sip';
import { writePcap } from './capture-writer';
import { TCP_SYN, tcpFrame } from './packet-builder';

const LIMIT = { timeout: 20_000 };
const MiB = 2 ** 20;

/** One TCP connection carrying `text` in segments of `segment` bytes, read back by the importer. */
function overTcp(text: string, segment = 1400): PcapImport {
  const bytes = Buffer.from(text, 'latin1');
  const frames = [{ data: tcpFrame(1000, '', {}, TCP_SYN) }];
  for (let at = 0; at < bytes.length; at += segment) {
    frames.push({ data: tcpFrame(1001 + at, bytes.subarray(at, at + segment)) });
  }
  return readPcap(writePcap(frames, { linkType: 1 }));
}

const texts = (r: PcapImport): string[] => r.messages.map((m) => m.text);

describe('pcap SIP framing over TCP on hostile streams', () => {
  it('frames one message of 200,000 folded header lines', LIMIT, () => {
    const text = adv.foldedLines(200_000);
    const r = overTcp(text);
    expect(texts(r)).toEqual([text]);
    expect(r.messages[0]?.truncated).toBeUndefined();
  });

  it('frames the same message arriving 100 bytes at a time', LIMIT, () => {
    const text = adv.foldedLines(200_000);
    expect(texts(overTcp(text, 100))).toEqual([text]);
  });

  it('frames one header of 1 MiB, 100,000 headers and 100,000 commas', LIMIT, () => {
    for (const text of [adv.longHeader(MiB), adv.manyHeaders(100_000), adv.manyCommas(100_000)]) {
      expect(texts(overTcp(text))).toEqual([text]);
    }
  });

  it('frames a body of 10 MiB of CRLF by its Content-Length', LIMIT, () => {
    const text = adv.crlfBody(10 * MiB);
    expect(texts(overTcp(text))).toEqual([text]);
  });

  it('skips 200,000 empty lines between two messages (RFC 3261 §7.5)', LIMIT, () => {
    const r = overTcp(adv.emptyLinesBetween(200_000));
    expect(r.messages.map((m) => m.text.match(/Call-ID: (\S+)/)?.[1])).toEqual([
      'first@example.com',
      'second@example.com',
    ]);
  });

  it('frames 20,000 messages back to back', LIMIT, () => {
    const r = overTcp(adv.manyMessages(20_000));
    expect(r.messages).toHaveLength(20_000);
    expect(r.messages[19_999]?.text).toContain('Call-ID: m19999@example.com');
  });

  it('skips a 1 MiB start line as not SIP, and reads a line of 100,000 "SIP/2.0" once', LIMIT, () => {
    const long = overTcp(adv.longStartLine(MiB));
    expect(long.messages).toEqual([]);
    expect(long.warnings.join('\n')).toMatch(/bytes outside any SIP message skipped/);
    // Mid-stream (no SYN seen) the framer searches for a start line: a line packed with the
    // version it looks for must not be walked once per occurrence.
    const junk = `${'SIP/2.0'.repeat(100_000)}\r\n${adv.manyMessages(1)}`;
    const bytes = Buffer.from(junk, 'latin1');
    const frames = [];
    for (let at = 0; at < bytes.length; at += 1400) {
      frames.push({ data: tcpFrame(1 + at, bytes.subarray(at, at + 1400)) });
    }
    const r = readPcap(writePcap(frames, { linkType: 1 }));
    expect(r.messages.map((m) => m.text)).toEqual([adv.manyMessages(1)]);
  });

  it('keeps 20,000 messages run together without blank lines as one cut-off message', LIMIT, () => {
    const text = adv.messagesWithoutBlankLines(20_000);
    const r = overTcp(text);
    expect(texts(r)).toEqual([text]);
    expect(r.messages[0]?.truncated).toBe(true);
  });
});
