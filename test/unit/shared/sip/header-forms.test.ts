// The forms RFC 3261 allows and real traces use: folding, compact names, lists, quoted commas,
// name-addr against addr-spec, header against URI parameters, IPv6 references, tel: URIs.
import { describe, expect, it } from 'vitest';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { CLEAN_REGISTER, REGISTER_OK, withLine } from './messages';

describe('header forms', () => {
  it('joins folded lines (§7.3.1) and numbers the header by its first line', () => {
    const text = withLine(
      CLEAN_REGISTER,
      'Contact:',
      'Contact: <sip:2035550100@192.168.1.20:5060>\r\n\t;expires=60',
    );
    const doc = parseSipText(text);
    expect(doc.problems).toEqual([]);
    expect(doc.contacts[0]?.params['expires']).toBe('60');
    const contact = doc.headers.find((h) => h.name === 'contact');
    expect(contact?.line).toBe(8);
    // The folded line is not a header of its own: the next header keeps its place.
    expect(doc.headers.find((h) => h.name === 'expires')?.line).toBe(10);
  });

  it('expands compact forms (§7.3.3) and keeps the name as written', () => {
    const compact = CLEAN_REGISTER.replace('Via:', 'v:')
      .replace('From:', 'f:')
      .replace('To:', 't:')
      .replace('Call-ID:', 'i:')
      .replace('Contact:', 'm:')
      .replace('Content-Length:', 'l:');
    const doc = parseSipText(compact);
    expect(doc.problems).toEqual([]);
    expect(doc.callId).toBe('5f2b0c1e6a1d4b0f@192.168.1.20');
    expect(doc.from?.tag).toBe('as5e1d7f31');
    expect(doc.first('Call-ID')).toBe(doc.first('i'));
    expect(doc.headers.find((h) => h.name === 'via')?.rawName).toBe('v');
    const others =
      'c: application/sdp\r\nk: timer\r\ns: hi\r\ne: gzip\r\no: dialog\r\nr: <sip:x@y>\r\nu: refer\r\n';
    const more = parseSipText(compact.replace('l: 0', `${others}l: 0`));
    expect(more.headers.map((h) => h.name)).toEqual(
      expect.arrayContaining([
        'content-type',
        'supported',
        'subject',
        'content-encoding',
        'event',
        'refer-to',
        'allow-events',
      ]),
    );
  });

  it('splits list headers at commas outside quotes and <>, across rows', () => {
    const text = withLine(
      CLEAN_REGISTER,
      'Contact:',
      'Contact: "Smith, John" <sip:john@192.168.1.20;x=a,b>;q=0.5, sip:desk@192.168.1.21;expires=60\r\nContact: <sip:third@192.168.1.22>',
    );
    const doc = parseSipText(text);
    expect(doc.problems).toEqual([]);
    expect(doc.values('contact')).toEqual([
      '"Smith, John" <sip:john@192.168.1.20;x=a,b>;q=0.5',
      'sip:desk@192.168.1.21;expires=60',
      '<sip:third@192.168.1.22>',
    ]);
    expect(doc.first('m')).toBe(
      '"Smith, John" <sip:john@192.168.1.20;x=a,b>;q=0.5, sip:desk@192.168.1.21;expires=60',
    );
    expect(doc.contacts.map((c) => c.display)).toEqual(['Smith, John', undefined, undefined]);
  });

  it('splits several Vias on one row and on many', () => {
    const text = withLine(
      REGISTER_OK,
      'Via:',
      'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1, SIP/2.0/TCP proxy.example.com;branch=z9hG4bK2\r\nv: SIP / 2.0 / TLS [2001:db8::7]:5061;branch=z9hG4bK3;received=2001:db8::8',
    );
    const doc = parseSipText(text);
    expect(doc.problems).toEqual([]);
    expect(doc.vias.map((v) => [v.transport, v.host, v.port, v.branch])).toEqual([
      ['UDP', '10.0.0.1', 5060, 'z9hG4bK1'],
      ['TCP', 'proxy.example.com', undefined, 'z9hG4bK2'],
      ['TLS', '2001:db8::7', 5061, 'z9hG4bK3'],
    ]);
    expect(doc.vias[2]?.received).toBe('2001:db8::8');
    expect(doc.values('via')).toHaveLength(3);
  });

  it('tells header parameters from URI parameters (§20.10)', () => {
    const named = parseSipText(
      withLine(CLEAN_REGISTER, 'To:', 'To: <sip:bob@example.com;transport=tcp>;tag=88a'),
    );
    expect(named.to?.tag).toBe('88a');
    expect(named.to?.uri?.params['transport']).toBe('tcp');
    expect(named.to?.params['transport']).toBeUndefined();
    // Without < >, everything after the first ';' belongs to the header.
    const bare = parseSipText(withLine(CLEAN_REGISTER, 'To:', 'To: sip:bob@example.com;tag=88a'));
    expect(bare.problems).toEqual([]);
    expect(bare.to?.tag).toBe('88a');
    expect(bare.to?.uriText).toBe('sip:bob@example.com');
    expect(bare.to?.uri?.params['tag']).toBeUndefined();
  });

  it('reads IPv6 references in URIs and tel: URIs', () => {
    const text = withLine(
      CLEAN_REGISTER,
      'Contact:',
      'Contact: <sip:2035550100@[2001:db8::20]:5062;transport=udp>',
    ).replace('Expires: 300', 'P-Asserted-Identity: <tel:+12035550100;phone-context=example.com>');
    const doc = parseSipText(text);
    expect(doc.problems).toEqual([]);
    expect(doc.contacts[0]?.uri).toMatchObject({
      host: '2001:db8::20',
      port: 5062,
      params: { transport: 'udp' },
    });
    expect(doc.values('p-asserted-identity')).toEqual(['<tel:+12035550100;phone-context=example.com>']);
  });

  it('skips CRLFs before the start line (§7.5) and still counts them as lines', () => {
    const doc = parseSipText(`\r\n\r\n${CLEAN_REGISTER}`);
    expect(doc.problems).toEqual([]);
    expect(doc.headers[0]?.line).toBe(4);
  });

  it('answers values() and first() for headers that are absent', () => {
    const doc = parseSipText(CLEAN_REGISTER);
    expect(doc.values('route')).toEqual([]);
    expect(doc.first('route')).toBeUndefined();
    expect(doc.values('Allow')).toEqual([]);
  });
});
