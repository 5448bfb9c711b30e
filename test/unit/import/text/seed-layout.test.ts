// The IP-trunk guide's layout (seed 000): "Received Packet from" before the message. Its sample
// INVITE is imported with its four damages, each pointing at the right line of the file.
import { describe, expect, it } from 'vitest';
import { readTextTrace } from '../../../../electron/import/text-trace';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { fixture, fixtureLines } from './fixtures';

const NAME = 'seed-000-sample-invite.txt';

describe('the "Received Packet from" layout', () => {
  it('imports the seed INVITE and flags its four damages on their file lines', () => {
    const r = readTextTrace(fixture(NAME), { fileName: NAME });
    expect(r.format).toBe('received-packet');
    expect(r.messages).toHaveLength(1);
    const m = r.messages[0]!;
    const fileLines = fixtureLines(NAME);
    expect(fileLines[m.sourceLine - 1]).toMatch(/^INVITE sip:18452130635@/);

    const doc = parseSipText(m.text, { transport: m.transport });
    expect(doc.method).toBe('INVITE');
    // A problem's line is within the message; the file line is sourceLine + line - 1.
    const damaged = doc.problems
      .filter((p) => ['via', 'to', 'contact'].includes(p.where))
      .map((p) => ({ where: p.where, fileLine: fileLines[m.sourceLine + p.line - 2] }));
    expect(damaged).toEqual([
      { where: 'via', fileLine: 'Via: SIP/2.0/UDP;branch=z9hG4bK-55257c08b011e59d61b2d3b1b28533aa;rport' },
      { where: 'to', fileLine: 'To: 12032130635@trunking-customer.15611.service>' },
      { where: 'contact', fileLine: 'Contact: 2032625093@;transport=udp>' },
      { where: 'contact', fileLine: 'Contact: 2032625093@;transport=udp>' },
    ]);
    // Each quoted line is the file's line.
    for (const p of doc.problems) expect(p.text).toBe(fileLines[m.sourceLine + p.line - 2]);
  });

  it('says the file ends where the announced 322-byte SDP should be', () => {
    const r = readTextTrace(fixture(NAME));
    const m = r.messages[0]!;
    expect(m.truncated).toBe(true);
    expect(r.stoppedAt?.line).toBe(m.sourceLine);
    expect(r.stoppedAt?.reason).toMatch(/Content-Length is 322 but the file ends after 0 bytes/);
  });

  it('finds the sample inside the guide, prose around it skipped', () => {
    // A verbatim excerpt of the guide: the note above the sample, the sample, the next step.
    const r = readTextTrace(fixture('seed-000-guide-excerpt.txt'));
    expect(r.format).toBe('received-packet');
    expect(r.messages).toHaveLength(1);
    // The prose after the headers is not SDP, so it is not taken as the body.
    const doc = parseSipText(r.messages[0]!.text);
    expect(doc.body).toBe('');
    expect(doc.first('user-agent')).toBe('Asterisk-PBX');
    expect(r.stoppedAt).toBeUndefined();
    expect(r.warnings.some((w) => /outside any message were skipped/.test(w))).toBe(true);
  });

  it('reads the address and transport given after the marker', () => {
    const text = fixture(NAME).replace(
      'Received Packet from',
      'Received Packet from 198.51.100.20:5060 (UDP)',
    );
    const m = readTextTrace(text).messages[0]!;
    expect(m.src).toEqual({ address: '198.51.100.20', port: 5060 });
    expect(m.transport).toBe('udp');
    const portless = readTextTrace(
      fixture(NAME).replace('Received Packet from', 'Received Packet from 198.51.100.20'),
    );
    expect(portless.messages[0]!.src).toBeUndefined();
    expect(portless.warnings.join(' ')).toMatch(/without a port.*198\.51\.100\.20/);
  });
});
