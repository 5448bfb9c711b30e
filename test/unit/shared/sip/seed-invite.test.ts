// The IP-trunk guide's own sample INVITE (seed 000), copied verbatim into a fixture. Its four
// damages — a Via with no host, a To and a Contact that lost their '<sip:', a Contact with no
// host — must each come out as a problem on the right line, and the message must still be read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';

const FIXTURE = new URL('../../../fixtures/text/seed-000-sample-invite.txt', import.meta.url);
// The fixture's first line is the guide's "Received Packet from"; the message follows it.
const INVITE = readFileSync(FIXTURE, 'latin1').split('\n').slice(1).join('\r\n');
const LINES = INVITE.split('\r\n');
const lineOf = (prefix: string): number => LINES.findIndex((l) => l.startsWith(prefix)) + 1;

describe('the seed INVITE', () => {
  const doc = parseSipText(INVITE);

  it('is still read as an INVITE with its dialog identifiers', () => {
    expect(doc.kind).toBe('request');
    expect(doc.method).toBe('INVITE');
    expect(doc.requestUri).toBe('sip:18452130635@dtoys.18235.service;user=phone');
    expect(doc.callId).toBe('153915ad@pbx');
    expect(doc.cseq).toEqual({ seq: 26847, method: 'INVITE' });
    expect(doc.from?.tag).toBe('1721003968');
  });

  it('keeps the From host the trunk is matched on, though the URI lost its sip:', () => {
    expect(doc.from?.display).toBe('2032625093');
    expect(doc.from?.uri?.host).toBe('trunking-customer.15611.service');
    expect(doc.from?.uri?.user).toBe('2032625093');
  });

  it('reports the Via without a host on its line, and keeps its branch and rport', () => {
    const via = doc.problems.filter((p) => p.where === 'via');
    expect(via).toHaveLength(1);
    expect(via[0]!.line).toBe(lineOf('Via:'));
    expect(via[0]!.text).toBe(LINES[lineOf('Via:') - 1]);
    expect(via[0]!.message).toMatch(/no host/);
    expect(doc.vias[0]?.host).toBeUndefined();
    expect(doc.vias[0]?.transport).toBe('UDP');
    expect(doc.vias[0]?.branch).toBe('z9hG4bK-55257c08b011e59d61b2d3b1b28533aa');
    expect(doc.vias[0]?.rport).toBe('');
  });

  it("reports the To whose '<sip:' is missing, once", () => {
    const to = doc.problems.filter((p) => p.where === 'to');
    expect(to).toHaveLength(1);
    expect(to[0]!.line).toBe(lineOf('To:'));
    expect(to[0]!.message).toMatch(/no '<'/);
    expect(to[0]!.message).toMatch(/<sip:/);
    expect(doc.to?.uri?.host).toBe('trunking-customer.15611.service');
  });

  it("reports the Contact twice: no '<' and no host", () => {
    const contact = doc.problems.filter((p) => p.where === 'contact');
    expect(contact.map((p) => p.line)).toEqual([lineOf('Contact:'), lineOf('Contact:')]);
    expect(contact.some((p) => /no '<'/.test(p.message))).toBe(true);
    expect(contact.some((p) => /no host/.test(p.message))).toBe(true);
    expect(doc.contacts).toHaveLength(1);
    expect(doc.contacts[0]?.uriText).toBe('2032625093@;transport=udp');
    expect(doc.contacts[0]?.uri).toBeUndefined();
  });

  it('also reports what the guide left out: the From scheme and the 322-byte body', () => {
    // Not among the four damages the guide shows, but as real: the From URI has no 'sip:'
    // and the SDP the Content-Length announces is not there.
    const rest = doc.problems.filter((p) => !['via', 'to', 'contact'].includes(p.where));
    expect(rest.map((p) => [p.where, p.line])).toEqual([
      ['from', lineOf('From:')],
      ['content-length', lineOf('Content-Length:')],
    ]);
    expect(rest[0]!.message).toMatch(/no scheme/);
    expect(rest[1]!.message).toMatch(/322 bytes but the body has 0/);
  });

  it('lists the damaged headers top to bottom', () => {
    const lines = doc.problems.map((p) => p.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });
});
