import { describe, expect, it } from 'vitest';
import { formatServerSpec, parseServerSpec } from '../../../../electron/engine/discovery/parse-server';

describe('parseServerSpec', () => {
  it.each([
    ['pbx.example.com', { host: 'pbx.example.com' }],
    ['pbx.example.com:5070', { host: 'pbx.example.com', port: 5070 }],
    ['192.0.2.10', { host: '192.0.2.10' }],
    ['192.0.2.10:5070', { host: '192.0.2.10', port: 5070 }],
    ['[::1]:5060', { host: '::1', port: 5060 }],
    ['[2001:db8::1]', { host: '2001:db8::1' }],
    ['::1', { host: '::1' }],
    ['2001:db8::5', { host: '2001:db8::5' }],
    ['sip:reg.example.com:5080;transport=tcp', { host: 'reg.example.com', port: 5080, transport: 'tcp' }],
    ['pbx.example.com;transport=tcp', { host: 'pbx.example.com', transport: 'tcp' }],
    ['sip:reg.example.com', { host: 'reg.example.com' }],
    ['SIP:alice@Reg.Example.COM;lr;transport=UDP?subject=x', { host: 'reg.example.com', transport: 'udp' }],
    ['sip:[2001:db8::1]:5062', { host: '2001:db8::1', port: 5062 }],
    ['  pbx.example.com.  ', { host: 'pbx.example.com' }],
    ['localhost', { host: 'localhost' }],
    ['sip:5060', { host: 'sip', port: 5060 }],
    ['pbx:65535', { host: 'pbx', port: 65535 }],
  ])('reads %s', (input, expected) => {
    expect(parseServerSpec(input)).toEqual(expected);
  });

  it.each([
    ['pbx:abc', '"pbx:abc" is not a valid server: the port must be a number from 1 to 65535'],
    ['pbx:0', '"pbx:0" is not a valid server: the port must be a number from 1 to 65535'],
    ['pbx:65536', '"pbx:65536" is not a valid server: the port must be a number from 1 to 65535'],
    ['pbx:', '"pbx:" is not a valid server: the port must be a number from 1 to 65535'],
    ['', '"" is not a valid server: it is empty'],
    ['sip:', '"sip:" is not a valid server: the host is missing'],
    [':5060', '":5060" is not a valid server: the host is missing'],
    ['192.0.2', '"192.0.2" is not a valid server: "192.0.2" is not an IPv4 address'],
    ['300.1.1.1', '"300.1.1.1" is not a valid server: "300.1.1.1" is not an IPv4 address'],
    [
      'pbx_a!.example.com',
      '"pbx_a!.example.com" is not a valid server: "pbx_a!.example.com" is not a valid host name',
    ],
    [
      'pbx..example.com',
      '"pbx..example.com" is not a valid server: "pbx..example.com" is not a valid host name',
    ],
    [
      '2001:db8::1:5060:x',
      '"2001:db8::1:5060:x" is not a valid server: an IPv6 address with a port goes in brackets, like [2001:db8::1]:5060',
    ],
    ['[::1', '"[::1" is not a valid server: the "[" of the IPv6 address is not closed'],
    ['[pbx]:5060', '"[pbx]:5060" is not a valid server: "pbx" in brackets is not an IPv6 address'],
    ['[::1]5060', '"[::1]5060" is not a valid server: only ":port" may follow the "]" of an IPv6 address'],
    [
      'pbx;transport=tls',
      '"pbx;transport=tls" is not a valid server: transport=tls is not supported: use udp or tcp',
    ],
    ['pbx;transport=', '"pbx;transport=" is not a valid server: transport= needs a value: udp or tcp'],
    [
      'sips:pbx.example.com',
      '"sips:pbx.example.com" is not a valid server: sips: needs TLS, and SIP Field Kit speaks UDP and TCP only (use sip:)',
    ],
  ])('rejects %s with a one-line reason', (input, message) => {
    expect(() => parseServerSpec(input)).toThrow(new Error(message));
    expect(message).not.toContain('\n');
  });
});

describe('formatServerSpec', () => {
  it.each([
    ['pbx.example.com', 'pbx.example.com'],
    ['sip:pbx.example.com:5070;transport=tcp', 'pbx.example.com:5070;transport=tcp'],
    ['[2001:db8::1]:5060', '[2001:db8::1]:5060'],
    ['2001:db8::1', '2001:db8::1'],
  ])('writes %s back as %s, which parses to the same spec', (input, text) => {
    const spec = parseServerSpec(input);
    expect(formatServerSpec(spec)).toBe(text);
    expect(parseServerSpec(text)).toEqual(spec);
  });
});
