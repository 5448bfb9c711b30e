import { describe, expect, it } from 'vitest';
import {
  addressScope,
  isNonRoutable,
  sameAddress,
  splitHostPort,
} from '../../../../shared/diagnostics/address-scope';

describe('addressScope', () => {
  it('classifies IPv4 and IPv6 ranges without node:net', () => {
    expect(['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.1'].map(addressScope)).toEqual([
      'private',
      'private',
      'private',
      'private',
    ]);
    expect(['172.15.0.1', '172.32.0.1', '8.8.8.8', '192.0.2.10'].map(addressScope)).toEqual([
      'public',
      'public',
      'public',
      'public',
    ]);
    expect(addressScope('100.64.1.1')).toBe('cgnat');
    expect(addressScope('127.0.0.1')).toBe('loopback');
    expect(addressScope('169.254.1.1')).toBe('link-local');
    expect(addressScope('0.0.0.0')).toBe('unspecified');
    expect(addressScope('fd00::1')).toBe('private');
    expect(addressScope('fe80::1')).toBe('link-local');
    expect(addressScope('::1')).toBe('loopback');
    expect(addressScope('::')).toBe('unspecified');
    expect(addressScope('2001:db8::1')).toBe('public');
    expect(addressScope('[::ffff:192.168.1.1]')).toBe('private');
    expect(addressScope('pbx.example.com')).toBe('name');
    expect(addressScope('999.1.1.1')).toBe('name');
    expect(isNonRoutable('100.64.0.1')).toBe(true);
    expect(isNonRoutable('0.0.0.0')).toBe(false);
  });

  it('splits and compares addresses', () => {
    expect(splitHostPort('192.0.2.1:5060')).toEqual({ address: '192.0.2.1', port: 5060 });
    expect(splitHostPort('[2001:DB8::1]:5061')).toEqual({ address: '2001:db8::1', port: 5061 });
    expect(splitHostPort('192.0.2.1')).toEqual({ address: '192.0.2.1' });
    expect(sameAddress('::ffff:192.0.2.1', '192.0.2.1')).toBe(true);
  });
});
