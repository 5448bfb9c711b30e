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

const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');
const withLength = (head: string, body: string): string =>
  `${head}\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;
const declaredLength = (msg: string): number => Number(/^Content-Length: *(\d+)/im.exec(msg)![1]);
const bodyOf = (msg: string): string => msg.slice(msg.indexOf('\r\n\r\n') + 4);

describe('createRedactor: credentials of every scheme', () => {
  const TOKEN = b64('bob:Opensesame-42');

  it('masks Basic credentials in Authorization and Proxy-Authorization, and the password they carry anywhere', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    const msg = withLength(
      [
        'REGISTER sip:pbx.example.net SIP/2.0',
        `Authorization: Basic ${TOKEN}`,
        `Proxy-Authorization:basic   ${b64('bob:proxy-pw-99')}`,
        'Content-Type: text/plain',
      ].join('\r\n'),
      'the phone said Opensesame-42 and proxy-pw-99\r\n',
    );
    const out = r.message(msg);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(b64('bob:proxy-pw-99'));
    expect(out).not.toContain('Opensesame-42');
    expect(out).not.toContain('proxy-pw-99');
    expect(out).toMatch(/^Authorization: Basic \[redacted-credentials-\d+\]\r$/m);
    expect(out).toMatch(/^Proxy-Authorization:basic {3}\[redacted-credentials-\d+\]\r$/m);
    expect(declaredLength(out)).toBe(Buffer.byteLength(bodyOf(out), 'latin1'));
    // The same token quoted elsewhere (a finding's evidence, a log line) maps to the same mask.
    expect(r.text(`seen ${TOKEN} twice`)).not.toContain(TOKEN);
    expect(r.summary().some((s) => /Basic, Bearer and other credentials \(2\)/.test(s))).toBe(true);
  });

  it('masks Bearer tokens and the secret parameters of other non-digest schemes', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    const out = r.message(
      [
        'INVITE sip:bob@b SIP/2.0',
        'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl',
        'Proxy-Authorization: NTLM realm="SIP Communications Service", targetname="pbx", gssapi-data="TlRMTVNTUAADAAAA", crand="5e4d3c2b"',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    expect(out).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(out).not.toContain('TlRMTVNTUAADAAAA');
    expect(out).not.toContain('5e4d3c2b');
    expect(out).toContain('realm="SIP Communications Service"');
  });

  it('masks a credentials line quoted as plain text (finding evidence, a summary)', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    expect(r.text(`Authorization: Basic ${TOKEN}`)).not.toContain(TOKEN);
    expect(r.text(`Proxy-Authorization: Basic ${TOKEN}`)).not.toContain(TOKEN);
    expect(
      r.text('Authorization: Digest username="a", response="0a1b2c3d4e5f60718293a4b5c6d7e8f9"'),
    ).not.toContain('0a1b2c3d4e5f60718293a4b5c6d7e8f9');
  });
});

describe('createRedactor: SIP messages carried in bodies', () => {
  const DIGEST = 'response="feedfacefeedfacefeedfacefeedface", nonce="sipfrag-nonce-77"';

  it('redacts the headers of a message/sipfrag body (NOTIFY after REFER), and Content-Length follows', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    const frag = `INVITE sip:carol@c SIP/2.0\r\nAuthorization: Digest username="bob", realm="c", ${DIGEST}, uri="sip:carol@c"\r\nProxy-Authorization: Basic ${b64('bob:frag-pass-1')}\r\n`;
    const out = r.message(
      withLength(
        'NOTIFY sip:bob@b SIP/2.0\r\nEvent: refer\r\nContent-Type: message/sipfrag;version=2.0',
        frag,
      ),
    );
    expect(out).not.toContain('feedfacefeedface');
    expect(out).not.toContain('sipfrag-nonce-77');
    expect(out).not.toContain(b64('bob:frag-pass-1'));
    expect(out).toContain('response="[redacted-response-');
    expect(declaredLength(out)).toBe(Buffer.byteLength(bodyOf(out), 'latin1'));
  });

  it('redacts a message/sip body, its own Content-Length included, and one inside a multipart body', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    const inner = withLength(
      `REGISTER sip:b SIP/2.0\r\nAuthorization: Digest username="bob", ${DIGEST}\r\nContent-Type: text/plain`,
      'password=inner-pw-5\r\n',
    );
    const single = r.message(withLength('MESSAGE sip:bob@b SIP/2.0\r\nContent-Type: Message/SIP', inner));
    expect(single).not.toContain('feedfacefeedface');
    expect(single).not.toContain('inner-pw-5');
    expect(declaredLength(single)).toBe(Buffer.byteLength(bodyOf(single), 'latin1'));
    const innerOut = bodyOf(single);
    expect(declaredLength(innerOut)).toBe(Buffer.byteLength(bodyOf(innerOut), 'latin1'));

    const multipart = [
      '--b0undary',
      'Content-Type: application/sdp',
      '',
      'v=0',
      '--b0undary',
      'Content-Type: message/sipfrag',
      '',
      `Authorization: Digest ${DIGEST}`,
      '--b0undary--',
      '',
    ].join('\r\n');
    const mixed = r.message(
      withLength('INFO sip:bob@b SIP/2.0\r\nContent-Type: multipart/mixed;boundary="b0undary"', multipart),
    );
    expect(mixed).not.toContain('feedfacefeedface');
    expect(mixed).not.toContain('sipfrag-nonce-77');
    expect(mixed).toContain('--b0undary--');
    expect(declaredLength(mixed)).toBe(Buffer.byteLength(bodyOf(mixed), 'latin1'));
  });
});

describe('createRedactor: a known password in any encoding', () => {
  const PW = 'Tr0ub4dor&3 x';

  it('masks the password base64-encoded (at any byte offset), URL-encoded and hex-encoded', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION, [PW]);
    const encodings = [
      b64(`alice:${PW}`),
      b64(`bo:${PW}`),
      b64(`c:${PW}`),
      b64(PW),
      Buffer.from(PW).toString('base64url'),
      encodeURIComponent(PW),
      encodeURIComponent(PW).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
      PW.replace(/ /g, '+').replace(/&/g, '%26'),
      Buffer.from(PW).toString('hex'),
      Buffer.from(PW).toString('hex').toUpperCase(),
    ];
    for (const enc of encodings) {
      const msg = withLength(`MESSAGE sip:a@b SIP/2.0\r\nX-Blob: v=${enc};x=1`, `data ${enc} end\r\n`);
      const out = r.message(msg);
      expect(out, enc).not.toContain(enc);
      expect(out, enc).toContain('x=1');
      expect(r.text(`in text: ${enc}.`), enc).not.toContain(enc);
    }
  });

  it('leaves base64 that does not hold the password alone', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION, [PW]);
    const other = b64('nothing to see here at all');
    expect(r.text(`X-Blob: ${other}`)).toContain(other);
  });
});

describe('createRedactor: prose stays readable', () => {
  it('keeps "Basic authentication" and similar words, masks a Basic token quoted in prose', () => {
    const r = createRedactor(NO_OPTIONAL_REDACTION);
    const prose = 'Basic authentication is the username and password merely encoded. Bearer tokens expire.';
    expect(r.text(prose)).toBe(prose);
    expect(r.text(`the phone sent Basic ${b64('bob:abc12345')} at boot`)).not.toContain(b64('bob:abc12345'));
  });
});
