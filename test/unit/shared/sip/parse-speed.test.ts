// The parser reads traces of 100k messages: it must stay linear. One measured case (10,000
// REGISTER / 200 OK messages), and long hostile lines that would expose a backtracking regex.
import { describe, expect, it } from 'vitest';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { CLEAN_REGISTER, REGISTER_OK } from './messages';

describe('parser speed', () => {
  it('parses 10,000 typical REGISTER and 200 OK messages in well under a second each thousand', () => {
    const messages: string[] = [];
    for (let i = 0; i < 5000; i++) {
      messages.push(
        CLEAN_REGISTER.replace('CSeq: 101', `CSeq: ${101 + i}`).replace('77d1', `77d1-${i}`),
        REGISTER_OK.replace('CSeq: 101', `CSeq: ${101 + i}`).replace('77d1', `77d1-${i}`),
      );
    }
    const started = performance.now();
    let problems = 0;
    let bindings = 0;
    for (const m of messages) {
      const doc = parseSipText(m);
      problems += doc.problems.length;
      bindings += doc.contacts.length;
    }
    const ms = performance.now() - started;
    console.info(
      `tolerant parse: 10,000 messages in ${ms.toFixed(0)} ms (${((ms * 1000) / 10_000).toFixed(1)} µs each)`,
    );
    expect(problems).toBe(0);
    expect(bindings).toBe(5000 * 3);
    // Measured about 0.3-0.8 s on a 2-core CI machine; 100k messages then take seconds, not minutes.
    expect(ms).toBeLessThan(5000);
  });

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
    const started = performance.now();
    for (const line of hostile) {
      const doc = parseSipText(`INVITE sip:a@b SIP/2.0\r\n${line}\r\n\r\n`);
      expect(doc.kind).toBe('request');
    }
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
