import { describe, expect, it } from 'vitest';
import { createRedactor, NO_OPTIONAL_REDACTION } from '../../../electron/export/redact';

const REGISTER = [
  'REGISTER sip:pbx.example.net SIP/2.0',
  'Via: SIP/2.0/UDP 10.1.2.3:5060;branch=z9hG4bK1',
  'From: "Alice Smith" <sip:2035550100@pbx.example.net>;tag=1',
  'To: <sip:2035550100@pbx.example.net>',
  'Call-ID: abc@10.1.2.3',
  'CSeq: 2 REGISTER',
  'Authorization: Digest username="2035550100", realm="pbx", nonce="n0nce-VALUE-123", uri="sip:pbx.example.net",',
  ' response="0123456789abcdef0123456789abcdef", cnonce="c-n-o-n-c-e", qop=auth, nc=00000001',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('createRedactor', () => {
  it('always masks digest responses, nonces and cnonces, also on folded lines, and lists them', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    const out = r.message(REGISTER);
    expect(out).not.toContain('0123456789abcdef');
    expect(out).not.toContain('n0nce-VALUE-123');
    expect(out).not.toContain('c-n-o-n-c-e');
    expect(out).toContain('response="[redacted-response-');
    // Nothing optional: numbers, addresses and names stay readable.
    expect(out).toContain('sip:2035550100@pbx.example.net');
    expect(out).toContain('10.1.2.3');
    expect(r.summary()[0]).toBe('Authorization/Proxy-Authorization digest responses (1)');
    expect(r.summary()[1]).toBe('nonces and cnonces (2)');
  });

  it('masks the same nonce to the same token wherever it turns up later', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    const challenge =
      'SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm="pbx", nonce="n0nce-VALUE-123"\r\nContent-Length: 0\r\n\r\n';
    const a = r.message(challenge);
    const b = r.message(REGISTER);
    const token = /nonce="(\[redacted-nonce-\d+\])"/.exec(a)![1]!;
    expect(b).toContain(`nonce="${token}"`);
  });

  it('masks a known password anywhere and password-looking values, whatever the options', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION, ['hunter2-secret']);
    const out = r.message(
      'MESSAGE sip:a@b SIP/2.0\r\nX-Debug: pass=hunter2-secret\r\nContent-Type: text/plain\r\nContent-Length: 38\r\n\r\nsecret=topsecret99 and hunter2-secret\r\n',
    );
    expect(out).not.toContain('hunter2-secret');
    expect(out).not.toContain('topsecret99');
    expect(r.text('the password was hunter2-secret')).not.toContain('hunter2-secret');
  });

  it('keeps Content-Length equal to the redacted body', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    const body = 'password=abcdefghijklmnop\r\n';
    const out = r.message(`MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    const [head, newBody] = out.split('\r\n\r\n');
    expect(Number(/Content-Length: (\d+)/.exec(head!)![1])).toBe(Buffer.byteLength(newBody!, 'latin1'));
  });

  it('optional: phone numbers keep their last 4 digits, addresses map one-to-one, user names become user-N', () => {
    const r = createRedactor({ phoneNumbers: true, ipAddresses: true, userNames: true });
    const out = r.message(REGISTER);
    expect(out).toContain('sip:xxxxxx0100@pbx.example.net');
    expect(out).not.toContain('10.1.2.3');
    expect(out).not.toContain('Alice Smith');
    expect(r.address('10.1.2.3')).toBe(r.address('10.1.2.3'));
    expect(r.address('10.1.2.3')).not.toBe(r.address('10.9.9.9'));
    expect(r.address('10.1.2.3')).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
    expect(r.summary().some((s) => s.startsWith('phone numbers, last 4 digits kept'))).toBe(true);
  });
});
