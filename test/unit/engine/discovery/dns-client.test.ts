import { describe, expect, it } from 'vitest';
import { chooseDnsServers, createDnsClient } from '../../../../electron/engine/discovery/dns-client';
import {
  DnsLookupError,
  describeDnsCode,
  toDnsLookupError,
} from '../../../../electron/engine/discovery/dns-errors';

describe('createDnsClient server choice', () => {
  it('queries the servers it is given, port included', () => {
    const dns = createDnsClient({ servers: ['127.0.0.1:5353'], env: { SIPKIT_DNS_SERVER: '192.0.2.53' } });
    expect(dns.servers).toEqual(['127.0.0.1:5353']);
  });

  it('reads SIPKIT_DNS_SERVER (comma-separated) when given none', () => {
    const dns = createDnsClient({ env: { SIPKIT_DNS_SERVER: ' 127.0.0.1:5353, [::1]:5353 ,' } });
    expect(dns.servers).toEqual(['127.0.0.1:5353', '[::1]:5353']);
  });

  it('uses the system resolver when neither is set', () => {
    expect(createDnsClient({ env: {} }).servers).toEqual([]);
    expect(chooseDnsServers([], { SIPKIT_DNS_SERVER: '' })).toEqual([]);
  });

  it('rejects a server that is not an IP address with one line', () => {
    expect(() => createDnsClient({ servers: ['dns.example.com'] })).toThrow(
      new Error(
        '"dns.example.com" is not a valid DNS server list: use IP addresses, optionally with a port (127.0.0.1:5353)',
      ),
    );
  });
});

describe('DNS errors in plain words', () => {
  it.each([
    ['ENOTFOUND', 'no such record'],
    ['ENODATA', 'no such record'],
    ['ETIMEOUT', 'the DNS server did not answer'],
    ['ECONNREFUSED', 'the DNS server refused the query'],
    ['ESERVFAIL', 'the DNS server failed to answer (SERVFAIL)'],
    ['EWHATEVER', 'the DNS lookup failed (EWHATEVER)'],
  ])('%s → %s', (code, words) => {
    expect(describeDnsCode(code)).toBe(words);
  });

  it('names the record and the query, and tells a missing record from a failing server', () => {
    const missing = toDnsLookupError(
      'SRV',
      '_sip._udp.example.com',
      Object.assign(new Error('x'), { code: 'ENODATA' }),
    );
    expect(missing).toBeInstanceOf(DnsLookupError);
    expect(missing.message).toBe('SRV _sip._udp.example.com: no such record');
    expect(missing.notFound).toBe(true);

    const timeout = toDnsLookupError('A', 'example.com', Object.assign(new Error('x'), { code: 'ETIMEOUT' }));
    expect(timeout.message).toBe('A example.com: the DNS server did not answer');
    expect(timeout.notFound).toBe(false);
  });

  it('keeps the first line of an error without a code', () => {
    const err = toDnsLookupError('AAAA', 'example.com', new Error('socket closed\nstack...'));
    expect(err.message).toBe('AAAA example.com: socket closed');
  });
});
