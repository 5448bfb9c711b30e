// What `sipkit analyze FILE` stores for each message (the run `sipkit traces show` lists and the
// Traces screen draws: method or status, Call-ID, CSeq, or UNPARSED with why) is the engine
// parser's reading, whether it is taken from the trace's own tolerant parse (each message parsed
// once) or read again by the engine's parser: the same for the committed logs and captures, the
// RFC 4475 torture messages, and a broken message.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTraceFile } from '../../../electron/analysis/load-trace-file';
import { capturesOf, summaryOfDoc } from '../../../electron/analysis/store-import';
import { traceFromImported } from '../../../electron/analysis/to-trace';
import type { ImportedMessage } from '../../../electron/import/imported-message';
import { INVALID, VALID } from '../shared/sip/rfc4475-messages';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function fixtureMessages(): ImportedMessage[] {
  const out: ImportedMessage[] = [];
  for (const folder of ['text', 'pcap']) {
    for (const name of readdirSync(FIXTURES + folder).filter((f) => /\.(txt|pcap|pcapng)$/.test(f)))
      out.push(...loadTraceFile(`${FIXTURES}${folder}/${name}`).messages);
  }
  return out;
}

function asImported(texts: readonly string[]): ImportedMessage[] {
  return texts.map((text, k) => ({
    tsMicros: 1_000_000 + k,
    transport: 'udp',
    src: { address: '192.0.2.1', port: 5060 },
    dst: { address: '192.0.2.2', port: 5060 },
    text,
    sourceLine: k + 1,
  }));
}

describe('the stored summary of an imported message', () => {
  const messages = [
    ...fixtureMessages(),
    ...asImported([...VALID, ...INVALID].map((c) => c.text)),
    // Broken in ways the engine's parser words itself: no blank line, a line that is no header.
    ...asImported([
      'OPTIONS sip:pbx.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\nCall-ID: x',
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK2\r\nnot a header\r\nCall-ID: y\r\n\r\n',
    ]),
  ];
  const docs = traceFromImported(messages).map((m) => m.doc);

  it('is the engine parser’s for every message, read from the trace’s parse or not', () => {
    expect(messages.length).toBeGreaterThan(100);
    expect(capturesOf(messages, docs)).toEqual(capturesOf(messages));
  });

  it('is read from the trace’s parse for clean messages, and by the engine’s parser for broken ones', () => {
    const fromDoc = messages.filter((m, k) => summaryOfDoc(docs[k]!, m.text) !== undefined);
    // Most messages in real traces are clean: those are parsed once.
    expect(fromDoc.length).toBeGreaterThan(messages.length / 2);
    const broken = capturesOf(messages.slice(-2), docs.slice(-2));
    expect(broken.map((c) => c.parsed)).toEqual([false, false]);
    expect(broken[0]!.parseError).toMatch(/no blank line after the headers/);
    expect(broken[1]!.parseError).toMatch(/line 3 is not a header/);
    expect(broken[1]!.callId).toBe('y');
  });
});
