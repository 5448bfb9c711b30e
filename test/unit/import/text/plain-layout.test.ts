// Plain SIP messages separated by blank lines, as pasted into a ticket.
import { describe, expect, it } from 'vitest';
import { readTextTrace } from '../../../../electron/import/text-trace';
import { isStartLine } from '../../../../shared/sip/start-line';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { fixture, fixtureLines } from './fixtures';

const NAME = 'plain-register-call.txt';

describe('plain SIP text', () => {
  const r = readTextTrace(fixture(NAME));
  const docs = r.messages.map((m) => parseSipText(m.text, { transport: m.transport }));

  it('finds every message, in order, each at its start line', () => {
    expect(r.format).toBe('plain-sip');
    const lines = fixtureLines(NAME);
    const starts = lines.flatMap((l, i) => (isStartLine(l) ? [i + 1] : []));
    expect(r.messages.map((m) => m.sourceLine)).toEqual(starts);
    expect(docs.map((d) => d.method ?? d.status)).toEqual([
      'REGISTER',
      401,
      'REGISTER',
      200,
      'OPTIONS',
      200,
      'INVITE',
      100,
      200,
      'ACK',
      'BYE',
      200,
    ]);
  });

  it('takes each body by its Content-Length, so every message parses clean', () => {
    for (const d of docs) expect(d.problems).toEqual([]);
    const invite = docs.find((d) => d.method === 'INVITE')!;
    expect(invite.body).toMatch(/^v=0\r\n[\s\S]*a=sendrecv\r\n$/);
  });

  it('ends a message without Content-Length at the next message', () => {
    const options = docs.find((d) => d.method === 'OPTIONS')!;
    expect(options.first('content-length')).toBeUndefined();
    expect(options.body).toBe('');
    expect(docs[docs.indexOf(options) + 1]?.cseq?.method).toBe('OPTIONS');
  });

  it('has no times or addresses to give, and takes the transport from the Via', () => {
    for (const m of r.messages) {
      expect(m.tsMicros).toBeUndefined();
      expect(m.src).toBeUndefined();
      expect(m.transport).toBe('udp');
    }
  });

  it('rebuilds LF-only text with CRLF and says so, and skips the note above the messages', () => {
    expect(r.messages.every((m) => !/[^\r]\n/.test(m.text))).toBe(true);
    expect(r.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/CRLF/), expect.stringMatching(/1 line/)]),
    );
    expect(r.stoppedAt).toBeUndefined();
  });

  it('keeps a sipfrag body whole even though it looks like a start line', () => {
    const frag = 'SIP/2.0 200 OK\r\n';
    const notify = [
      'NOTIFY sip:2035550100@192.168.1.20:5060 SIP/2.0',
      'Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK-n1',
      'Max-Forwards: 70',
      'From: <sip:15551230000@198.51.100.10>;tag=x1',
      'To: <sip:2035550100@192.168.1.20>;tag=y1',
      'Call-ID: refer-1@198.51.100.10',
      'CSeq: 2 NOTIFY',
      'Event: refer',
      'Content-Type: message/sipfrag;version=2.0',
      `Content-Length: ${frag.length}`,
      '',
      frag,
    ].join('\r\n');
    const got = readTextTrace(`${notify}\r\n`);
    expect(got.messages).toHaveLength(1);
    expect(parseSipText(got.messages[0]!.text).body).toBe(frag);
  });
});
