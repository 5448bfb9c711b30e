import { describe, expect, it } from 'vitest';
import {
  bracketed,
  endpointText,
  hostPort,
  ipv4MappedBytes,
  unbracketed,
} from '../../../../shared/sip/address-text';

describe('address text', () => {
  it('brackets IPv6 so the port stays apart (RFC 3986 §3.2.2)', () => {
    expect(hostPort('192.0.2.1', 5060)).toBe('192.0.2.1:5060');
    expect(hostPort('2001:db8::1', 5060)).toBe('[2001:db8::1]:5060');
    expect(hostPort('[2001:db8::1]', 5061)).toBe('[2001:db8::1]:5061');
    expect(endpointText({ address: '::1', port: 5080 })).toBe('[::1]:5080');
    expect(bracketed('pbx.example.com')).toBe('pbx.example.com');
    expect(unbracketed('[::1]')).toBe('::1');
  });

  it('writes an IPv4 address as IPv4-mapped IPv6 (RFC 4291 §2.5.5.2)', () => {
    expect([...ipv4MappedBytes(Uint8Array.of(192, 0, 2, 7))]).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 7,
    ]);
    const v6 = new Uint8Array(16).fill(1);
    expect(ipv4MappedBytes(v6)).toBe(v6);
  });
});
