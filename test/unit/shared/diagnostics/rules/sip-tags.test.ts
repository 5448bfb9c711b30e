import { describe, expect, it } from 'vitest';
import { sipTagsRule } from '../../../../../shared/diagnostics/rules/sip-tags';
import { callFlow, findingsOf, registerFlow } from '../trace-builder';

describe('sip.tags', () => {
  it('flags requests without a From tag: a warning where the far end answered, an error where it refused', () => {
    const specs = callFlow({ at: 0, callId: 't' }).map((s) => ({
      ...s,
      text: s.text.replace(/;tag=a-t/g, ''),
    }));
    const findings = findingsOf(sipTagsRule, specs);
    // The call was answered and hung up: it did not fail because of it (RFC 2543 devices did this).
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'INVITE without a From tag from 192.0.2.10:5060'],
      ['warning', 'ACK without a From tag from 192.0.2.10:5060'],
      ['warning', 'BYE without a From tag from 192.0.2.10:5060'],
    ]);
    expect(findings[0]?.evidence[0]?.text).toBe('From: "Caller" <sip:+12035550100@192.0.2.10>');
    const refused = callFlow({ at: 0, callId: 'r', finalStatus: [400, 'Missing From tag'] }).map((s) => ({
      ...s,
      text: s.text.replace(/;tag=a-r/g, ''),
    }));
    expect(findingsOf(sipTagsRule, refused).map((f) => [f.severity, f.title])).toEqual([
      ['error', 'INVITE without a From tag from 192.0.2.10:5060'],
      ['error', 'ACK without a From tag from 192.0.2.10:5060'],
    ]);
  });

  it('flags a 2xx to INVITE without a To tag (error) and to REGISTER (warning)', () => {
    const call = callFlow({ at: 0, callId: 'u' }).map((s) =>
      s.text.startsWith('SIP/2.0 200 OK') && s.text.includes('INVITE')
        ? { ...s, text: s.text.replace(';tag=b-u', '') }
        : s,
    );
    expect(findingsOf(sipTagsRule, call).map((f) => [f.severity, f.title])).toEqual([
      ['error', '200 to INVITE without a To tag'],
    ]);
    const reg = registerFlow({ at: 0 }).map((s) => ({ ...s, text: s.text.replace(';tag=rt2', '') }));
    expect(findingsOf(sipTagsRule, reg).map((f) => f.severity)).toEqual(['warning']);
  });

  it('passes tagged requests, and 100 Trying and failures without a To tag', () => {
    expect(
      findingsOf(sipTagsRule, [...registerFlow({ at: 0 }), ...callFlow({ at: 5, callId: 'ok' })]),
    ).toEqual([]);
  });
});
