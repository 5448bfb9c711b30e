// RFC 4475 §3.1.1: valid messages, however odd, get no problem from the tolerant parser and no
// warning or error from the rules.
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../../../../shared/diagnostics/analyze';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { profile, trace } from '../diagnostics/trace-builder';
import { completeExchange, VALID } from './rfc4475-messages';

const NEAR = '192.0.2.10:5060';
const FAR = '198.51.100.1:5060';

describe('RFC 4475 §3.1.1 valid messages', () => {
  it('holds all 13 cases', () => {
    expect(VALID.map((c) => c.section)).toEqual(Array.from({ length: 13 }, (_, i) => `3.1.1.${i + 1}`));
  });

  for (const c of VALID) {
    it(`${c.name} (§${c.section}): no syntax problem, no warning or error`, () => {
      const doc = parseSipText(c.text, { transport: 'udp' });
      expect(doc.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([]);
      expect(doc.kind).not.toBe('unknown');
      // A request is answered (and a call ended), as on the wire: alone it would be "got no response".
      const rest = doc.kind === 'request' ? completeExchange(c.text) : [];
      const result = analyzeTrace(
        trace([
          { at: 0, from: NEAR, to: FAR, text: c.text },
          ...rest.map((m, i) => ({
            at: 0.05 * (i + 1),
            from: m.from === 'ua' ? NEAR : FAR,
            to: m.from === 'ua' ? FAR : NEAR,
            text: m.text,
          })),
        ]),
        profile(),
      );
      expect(
        result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.title}`),
      ).toEqual([]);
    });
  }

  it('dblreq: the octets after Content-Length are no part of the REGISTER (RFC 3261 §18.3)', () => {
    const doc = parseSipText(VALID.find((c) => c.name === 'dblreq')!.text, { transport: 'udp' });
    expect(doc.method).toBe('REGISTER');
    // Over TCP the same bytes would be two messages run together: the count is then wrong.
    const overTcp = parseSipText(VALID.find((c) => c.name === 'dblreq')!.text, { transport: 'tcp' });
    expect(overTcp.problems.map((p) => p.where)).toContain('content-length');
  });
});
