// Address text as support staff will search for it: RFC 5952 canonical IPv6.
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6 } from '../../../../electron/import/pcap/ip-address';
import { ipv6Bytes } from './packet-builder';

const v6 = (address: string): string => formatIpv6(Buffer.from(ipv6Bytes(address)), 0);

describe('formatIpv6 (RFC 5952)', () => {
  it('compresses the longest run of zero groups, the first one on a tie', () => {
    expect(v6('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(v6('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1');
    expect(v6('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(v6('0:0:0:0:0:0:0:0')).toBe('::');
    expect(v6('fe80:0:0:0:0:0:0:0')).toBe('fe80::');
  });

  it('leaves a single zero group alone and drops leading zeros', () => {
    expect(v6('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(v6('2001:0db8:00aa:0001:0:0:0:000f')).toBe('2001:db8:aa:1::f');
  });

  it('writes IPv4-mapped addresses with a dotted tail', () => {
    const bytes = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]);
    expect(formatIpv6(bytes, 0)).toBe('::ffff:192.0.2.1');
  });
});

describe('formatIpv4', () => {
  it('dotted quad at an offset', () => {
    expect(formatIpv4(Buffer.from([9, 10, 0, 0, 255, 7]), 2)).toBe('0.0.255.7');
  });
});
