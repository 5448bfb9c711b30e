// Who a call is between, read tolerantly: the user@host of a From or To, whatever shape it is in.
import { describe, expect, it } from 'vitest';
import { looseUserHost, partyOf } from '../../../electron/analysis/call-party';
import { parseSipText } from '../../../shared/sip/tolerant-parse';

function parties(from: string): string {
  const doc = parseSipText(`OPTIONS sip:x@example.net SIP/2.0\r\nFrom: ${from}\r\n\r\n`);
  return partyOf(doc.from, doc.first('from'));
}

describe('call parties', () => {
  it('gives user@host of a SIP URI, without display name, port, parameters or tag', () => {
    expect(parties('"Alice Smith" <sip:1001@pbx.example.com:5080;transport=udp>;tag=a1')).toBe(
      '1001@pbx.example.com',
    );
    expect(parties('<sips:bob@[2001:db8::1]:5061>;tag=x')).toBe('bob@[2001:db8::1]');
    expect(parties('sip:gw.example.net;tag=9')).toBe('gw.example.net');
    expect(parties('<tel:+15551230000>;tag=t')).toBe('+15551230000');
  });

  it("reads the guide's broken headers: no scheme, no opening '<', no host", () => {
    expect(parties('"2032625093" <2032625093@trunking-customer.15611.service>;tag=1721003968')).toBe(
      '2032625093@trunking-customer.15611.service',
    );
    expect(parties('12032130635@trunking-customer.15611.service>')).toBe(
      '12032130635@trunking-customer.15611.service',
    );
    expect(looseUserHost('2032625093@;transport=udp>')).toBe('2032625093');
  });

  it('is empty for a missing header', () => {
    expect(partyOf(undefined, undefined)).toBe('');
    expect(looseUserHost('   ')).toBe('');
  });
});
