// The parser reads traces of 100k messages: it must stay linear. A large ordinary case and long
// hostile lines that would expose a backtracking regex, each sized so a linear pass takes well
// under a second and a quadratic one minutes: the test's time limit, not an asserted speed, is
// what catches a regression (speed figures live in npm run bench).
import { describe, expect, it } from 'vitest';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { CLEAN_REGISTER, REGISTER_OK } from './messages';

describe('parser on large input', () => {
  it('parses 10,000 typical REGISTER and 200 OK messages', () => {
    const messages: string[] = [];
    for (let i = 0; i < 5000; i++) {
      messages.push(
        CLEAN_REGISTER.replace('CSeq: 101', `CSeq: ${101 + i}`).replace('77d1', `77d1-${i}`),
        REGISTER_OK.replace('CSeq: 101', `CSeq: ${101 + i}`).replace('77d1', `77d1-${i}`),
      );
    }
    let problems = 0;
    let bindings = 0;
    for (const m of messages) {
      const doc = parseSipText(m);
      problems += doc.problems.length;
      bindings += doc.contacts.length;
    }
    expect(problems).toBe(0);
    expect(bindings).toBe(5000 * 3);
  }, 30_000);

  it('stays linear on long hostile lines', () => {
    const n = 200_000;
    const hostile = [
      `Via: SIP/2.0/UDP ${' '.repeat(n)}x`,
      `To: ${'<'.repeat(n)}`,
      `From: ${'"'.repeat(n)}`,
      `Contact: ${',;'.repeat(n / 2)}`,
      `CSeq: 1${' \t'.repeat(n / 2)}x y`,
      `Route: ${'<sip:a@b>,'.repeat(n / 10)}`,
      `Via: ${'SIP / 2.0 / UDP h;'.repeat(n / 20)}`,
    ];
    for (const line of hostile) {
      const doc = parseSipText(`INVITE sip:a@b SIP/2.0\r\n${line}\r\n\r\n`);
      expect(doc.kind).toBe('request');
    }
  }, 30_000);
});
