// Every kind of damage the parser reports, each on its own line, with the line quoted. The
// message is always still returned.
import { describe, expect, it } from 'vitest';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { CLEAN_INVITE, CLEAN_REGISTER, REGISTER_OK, withLine } from './messages';

const only = (text: string, transport?: 'tcp') => {
  const doc = parseSipText(text, transport ? { transport } : {});
  expect(doc.problems).toHaveLength(1);
  return { doc, problem: doc.problems[0]! };
};

describe('syntax problems', () => {
  it('reports bare LF line ends once, and still reads the message', () => {
    const { doc, problem } = only(CLEAN_REGISTER.replace(/\r\n/g, '\n'));
    expect(problem.message).toMatch(/bare LF/);
    expect(problem.line).toBe(1);
    expect(doc.callId).toBe('5f2b0c1e6a1d4b0f@192.168.1.20');
  });

  it('reports a start line that is neither request nor status line, and still reads the headers', () => {
    const text = withLine(CLEAN_REGISTER, 'REGISTER', 'Received Packet from 198.51.100.20');
    const doc = parseSipText(text);
    expect(doc.kind).toBe('unknown');
    const start = doc.problems.filter((p) => p.where === 'start-line');
    expect(start).toHaveLength(1);
    expect(start[0]).toMatchObject({ line: 1, text: 'Received Packet from 198.51.100.20' });
    expect(doc.callId).toBe('5f2b0c1e6a1d4b0f@192.168.1.20');
    expect(doc.cseq?.method).toBe('REGISTER');
  });

  it('reads the headers of a message whose start line is missing altogether', () => {
    const text = withLine(CLEAN_REGISTER, 'REGISTER', undefined);
    const doc = parseSipText(text);
    expect(doc.kind).toBe('unknown');
    expect(doc.vias[0]?.host).toBe('192.168.1.20');
    expect(doc.problems.map((p) => p.where)).toContain('start-line');
  });

  it('reports a header line with no colon', () => {
    const { problem, doc } = only(withLine(CLEAN_REGISTER, 'Expires:', 'Expires 300'));
    expect(problem).toMatchObject({ line: 9, text: 'Expires 300' });
    expect(problem.message).toMatch(/no ':'/);
    expect(doc.first('user-agent')).toBe('Asterisk PBX 18.20.0');
  });

  it('reports a Via with no host', () => {
    const { problem } = only(withLine(CLEAN_REGISTER, 'Via:', 'Via: SIP/2.0/UDP;branch=z9hG4bK-1;rport'));
    expect(problem).toMatchObject({ line: 2, where: 'via' });
    expect(problem.message).toMatch(/no host/);
  });

  it("reports a name-addr with '>' but no '<'", () => {
    const { problem, doc } = only(withLine(CLEAN_REGISTER, 'To:', 'To: sip:12032130635@example.com>'));
    expect(problem).toMatchObject({ line: 5, where: 'to', text: 'To: sip:12032130635@example.com>' });
    expect(problem.message).toMatch(/no '<'/);
    expect(doc.to?.uri?.host).toBe('example.com');
  });

  it("reports a '<' that no '>' closes", () => {
    const { problem } = only(withLine(CLEAN_REGISTER, 'To:', 'To: <sip:12032130635@example.com'));
    expect(problem.message).toMatch(/no '>'/);
  });

  it('reports a Contact with no host', () => {
    const { problem } = only(
      withLine(CLEAN_REGISTER, 'Contact:', 'Contact: <sip:2032625093@;transport=udp>'),
    );
    expect(problem).toMatchObject({ line: 8, where: 'contact' });
    expect(problem.message).toMatch(/no host/);
  });

  it('reports a URI without a sip:, sips: or tel: scheme, in headers and in the Request-URI', () => {
    const { problem } = only(
      withLine(CLEAN_REGISTER, 'From:', 'From: <2035550100@reg.example.com>;tag=as5e1d7f31'),
    );
    expect(problem).toMatchObject({ where: 'from', line: 4 });
    expect(problem.message).toMatch(/no scheme/);
    const uri = only(withLine(CLEAN_REGISTER, 'REGISTER', 'REGISTER reg.example.com@x SIP/2.0'));
    expect(uri.problem.where).toBe('start-line');
    const other = only(withLine(CLEAN_REGISTER, 'To:', 'To: <http://example.com/bob>'));
    expect(other.problem.message).toMatch(/not sip:, sips: or tel:/);
  });

  it('reports each mandatory header a request lacks, Max-Forwards included (§8.1.1)', () => {
    let text = CLEAN_REGISTER;
    for (const name of ['Via:', 'From:', 'To:', 'Call-ID:', 'CSeq:', 'Max-Forwards:'])
      text = withLine(text, name, undefined);
    const doc = parseSipText(text);
    expect(doc.problems.map((p) => p.where).sort()).toEqual([
      'call-id',
      'cseq',
      'from',
      'max-forwards',
      'to',
      'via',
    ]);
    expect(doc.problems.every((p) => p.line === 1 && p.text === 'REGISTER sip:reg.example.com SIP/2.0')).toBe(
      true,
    );
  });

  it('reports the mandatory headers a response lacks', () => {
    const doc = parseSipText(withLine(REGISTER_OK, 'CSeq:', undefined));
    expect(doc.problems.map((p) => p.where)).toEqual(['cseq']);
  });

  it('reports a CSeq method that differs from the request method', () => {
    const { problem } = only(withLine(CLEAN_REGISTER, 'CSeq:', 'CSeq: 101 INVITE'));
    expect(problem).toMatchObject({ line: 7, where: 'cseq' });
    expect(problem.message).toMatch(/'INVITE' differs from the request method 'REGISTER'/);
  });

  it('reports a CSeq that is not "<number> <METHOD>"', () => {
    const { problem, doc } = only(withLine(CLEAN_REGISTER, 'CSeq:', 'CSeq: REGISTER'));
    expect(problem.where).toBe('cseq');
    expect(doc.cseq).toBeUndefined();
  });

  it('reports a Content-Length that does not match the body, both ways', () => {
    const short = only(CLEAN_INVITE.slice(0, -20));
    expect(short.problem.where).toBe('content-length');
    expect(short.problem.message).toMatch(/but the body has/);
    // Over a stream (over UDP the octets past Content-Length are discarded: RFC 3261 §18.3).
    const long = only(`${CLEAN_REGISTER}v=0\r\n`, 'tcp');
    expect(long.problem.message).toMatch(/says 0 bytes but the body has 5/);
  });

  it('reports a body with no Content-Length over a stream, not over UDP', () => {
    const noLength = withLine(CLEAN_INVITE, 'Content-Length:', undefined);
    expect(parseSipText(noLength).problems).toEqual([]);
    const overTcp = parseSipText(noLength, { transport: 'tcp' });
    expect(overTcp.problems).toHaveLength(1);
    expect(overTcp.problems[0]?.message).toMatch(/no Content-Length: over TCP/);
    // Without a transport from the caller, the top Via says how the message travelled.
    const viaTls = parseSipText(noLength.replace('SIP/2.0/UDP', 'SIP/2.0/TLS'));
    expect(viaTls.problems[0]?.message).toMatch(/over TLS/);
  });

  it('reports a single-valued header that appears twice', () => {
    // The repeat goes last among the headers; the report points at it.
    const at = CLEAN_REGISTER.split('\r\n').indexOf('') + 1;
    for (const line of [
      'From: <sip:other@example.com>;tag=2',
      'To: <sip:other@example.com>',
      'Call-ID: second@x',
      'CSeq: 102 REGISTER',
      'Max-Forwards: 69',
      'Content-Length: 0',
    ]) {
      const text = CLEAN_REGISTER.replace(/\r\n\r\n$/, `\r\n${line}\r\n\r\n`);
      const { problem } = only(text);
      expect(problem.line).toBe(at);
      expect(problem.text).toBe(line);
      expect(problem.message).toMatch(/appears again \(first on line \d+\)/);
    }
  });

  it('reports a missing empty line after the headers', () => {
    const { problem } = only(CLEAN_REGISTER.replace(/\r\n\r\n$/, '\r\n'));
    expect(problem.message).toMatch(/no empty line/);
  });

  it('never throws, whatever it is given', () => {
    const junk = [
      // ('\r\n\r\n' is a keep-alive, not junk: see keep-alive.test.ts.)
      '',
      '\x00\x01\x02\xff\xfe',
      '<<<>>>""";;;,,,',
      'INVITE',
      'SIP/2.0 abc',
      'Via: \r\nFrom: "unterminated <sip:a@b\r\nContact: <>, ,,<sip:@>\r\n\r\n',
      Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
    ];
    for (const text of junk) {
      const doc = parseSipText(text);
      expect(doc.problems.length).toBeGreaterThan(0);
      expect(Array.isArray(doc.values('via'))).toBe(true);
    }
  });
});
