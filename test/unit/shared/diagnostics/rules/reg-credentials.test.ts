import { describe, expect, it } from 'vitest';
import {
  regCredentialsRule,
  redactAuthorization,
} from '../../../../../shared/diagnostics/rules/reg-credentials';
import { findingsOf, PBX, profile, REGISTRAR, registerFlow, request } from '../trace-builder';

function registerWith(header: string, ruri = 'sip:sip.example.net') {
  return [
    {
      at: 0,
      from: PBX,
      to: REGISTRAR,
      text: request({
        method: 'REGISTER',
        ruri,
        viaHost: PBX,
        branch: 'z9hG4bK-c1',
        from: '<sip:1001@sip.example.net>;tag=1',
        to: '<sip:1001@sip.example.net>',
        callId: 'cred',
        cseq: 1,
        contact: '<sip:1001@192.0.2.10:5060>',
        headers: header ? [header] : [],
      }),
    },
  ];
}

describe('reg.credentials', () => {
  it('flags Basic authentication and never quotes the secret', () => {
    const findings = findingsOf(regCredentialsRule, registerWith('Authorization: Basic MTAwMTpodW50ZXIy'));
    expect(findings.map((f) => f.severity)).toEqual(['error']);
    expect(findings[0]?.evidence[0]?.text).toBe('Authorization: Basic <redacted>');
    expect(JSON.stringify(findings)).not.toContain('MTAwMTpodW50ZXIy');
  });

  it('flags a password parameter and a password in a SIP URI', () => {
    const param = findingsOf(
      regCredentialsRule,
      registerWith('Authorization: Digest username="1001", password="hunter2"'),
    );
    expect(param[0]?.title).toContain('password parameter');
    expect(JSON.stringify(param)).not.toContain('hunter2');
    const uri = findingsOf(regCredentialsRule, registerWith('', 'sip:1001:hunter2@sip.example.net'));
    expect(uri[0]).toMatchObject({
      severity: 'error',
      evidence: [{ line: 1, text: 'REGISTER sip:1001:<redacted>@sip.example.net SIP/2.0' }],
    });
  });

  it('notes digest responses as info, redacted', () => {
    const findings = findingsOf(regCredentialsRule, registerFlow({ at: 0 }));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['info', 'The trace holds 1 digest response for 1001 (MD5)'],
    ]);
    expect(findings[0]?.evidence[0]?.text).toContain('response="<redacted>"');
    expect(redactAuthorization('Authorization: Digest response=abc, cnonce="x"')).toBe(
      'Authorization: Digest response="<redacted>", cnonce="<redacted>"',
    );
  });

  it('finds nothing in requests without credentials', () => {
    expect(findingsOf(regCredentialsRule, registerWith(''), profile('skyetel'))).toEqual([]);
  });
});
