// RFC 4475 §3.1.2: each invalid message is flagged by the tolerant parser at the header (or start
// line) it breaks, naming the violation; and sip.syntax turns that into a finding.
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../../../../shared/diagnostics/analyze';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { profile, trace } from '../diagnostics/trace-builder';
import { INVALID } from './rfc4475-messages';

/** §8.1.1.5 mismatches are sip.cseq's (it names both methods); every other case is sip.syntax's. */
const RULE_OF: Readonly<Record<string, string>> = { mismatch01: 'sip.cseq', mismatch02: 'sip.cseq' };

describe('RFC 4475 §3.1.2 invalid messages', () => {
  it('holds all 19 cases', () => {
    expect(INVALID.map((c) => c.section)).toEqual(Array.from({ length: 19 }, (_, i) => `3.1.2.${i + 1}`));
  });

  for (const c of INVALID) {
    it(`${c.name} (§${c.section}): a problem at ${c.where} saying ${String(c.says)}`, () => {
      const doc = parseSipText(c.text, { transport: 'udp' });
      const found = doc.problems.filter((p) => p.where === c.where && c.says.test(p.message));
      expect(found, doc.problems.map((p) => `${p.where}: ${p.message}`).join('\n')).not.toEqual([]);
    });

    it(`${c.name} (§${c.section}): a ${RULE_OF[c.name] ?? 'sip.syntax'} finding names it`, () => {
      const result = analyzeTrace(
        trace([{ at: 0, from: '192.0.2.10:5060', to: '198.51.100.1:5060', text: c.text }]),
        profile(),
      );
      const rule = RULE_OF[c.name] ?? 'sip.syntax';
      const named = result.findings.filter(
        (f) =>
          f.rule === rule &&
          (rule !== 'sip.syntax' || (f.title.includes(`(${c.where})`) && c.says.test(f.title))),
      );
      expect(
        named.map((f) => f.severity).filter((s) => s !== 'info'),
        result.findings.map((f) => f.title).join('\n'),
      ).not.toEqual([]);
    });
  }
});
