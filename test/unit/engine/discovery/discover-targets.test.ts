import { describe, expect, it } from 'vitest';
import { discoverTargets } from '../../../../electron/engine/discovery/discover-targets';
import type { SipTarget } from '../../../../electron/engine/discovery/discovery-types';
import { createFakeDns, randomSequence, seededRandom, srv } from './fake-dns';

const endpoints = (targets: readonly SipTarget[]): string[] =>
  targets.map((t) => `${t.transport} ${t.address}:${t.port} ${t.source} ${t.host}`);

/** The provider from the brief: one SRV name over two regions, each also an A record. */
const provider = {
  srv: {
    '_sip._udp.reg.provider.com': [
      srv('nw1.reg.provider.com', 5060, 10, 60),
      srv('se1.reg.provider.com', 5060, 10, 40),
    ],
  },
  a: { 'nw1.reg.provider.com': ['192.0.2.1'], 'se1.reg.provider.com': ['198.51.100.1'] },
};

describe('discoverTargets: IP addresses', () => {
  it('uses an IPv4 address as it is, on port 5060, without asking DNS', async () => {
    const dns = createFakeDns({});
    const found = await discoverTargets('192.0.2.7', { dns });
    expect(found.targets).toEqual([
      { host: '192.0.2.7', address: '192.0.2.7', port: 5060, transport: 'udp', source: 'ip' },
    ]);
    expect(found.input).toBe('192.0.2.7');
    expect(dns.asked).toEqual([]);
    expect(found.steps).toEqual(['192.0.2.7 is an IP address: no DNS lookup, port 5060']);
  });

  it('keeps the port and transport given with an IP address, IPv6 included', async () => {
    const dns = createFakeDns({});
    const v6 = await discoverTargets('[2001:db8::7]:5070;transport=tcp', { dns });
    expect(endpoints(v6.targets)).toEqual(['tcp 2001:db8::7:5070 ip 2001:db8::7']);
    const v4 = await discoverTargets('sip:192.0.2.7:5080', { dns, transport: 'tcp' });
    expect(endpoints(v4.targets)).toEqual(['tcp 192.0.2.7:5080 ip 192.0.2.7']);
    expect(dns.asked).toEqual([]);
  });
});

describe('discoverTargets: a name with a port (RFC 3263 §4.2)', () => {
  it('looks up A and AAAA only, never SRV, and uses that port', async () => {
    const dns = createFakeDns({
      srv: { '_sip._udp.pbx.example.com': [srv('other.example.com', 5099, 1, 1)] },
      a: { 'pbx.example.com': ['192.0.2.20'] },
      aaaa: { 'pbx.example.com': ['2001:db8::20'] },
    });
    const found = await discoverTargets('pbx.example.com:5070', { dns });
    expect(endpoints(found.targets)).toEqual([
      'udp 192.0.2.20:5070 a pbx.example.com',
      'udp 2001:db8::20:5070 aaaa pbx.example.com',
    ]);
    expect(dns.asked.filter((q) => q.startsWith('SRV'))).toEqual([]);
    expect(found.steps).toContain('A pbx.example.com → 192.0.2.20');
  });

  it('says which name had no address', async () => {
    const dns = createFakeDns({});
    await expect(discoverTargets('pbx.example.com:5070', { dns })).rejects.toThrow(
      new Error('no SIP server found for pbx.example.com:5070: no A/AAAA record for pbx.example.com'),
    );
  });
});

describe('discoverTargets: SRV', () => {
  it('lists every region behind one SRV name, each on its own address', async () => {
    const dns = createFakeDns(provider);
    const found = await discoverTargets('reg.provider.com', { dns, random: randomSequence(0.1) });
    expect(found.targets).toEqual([
      {
        host: 'nw1.reg.provider.com',
        address: '192.0.2.1',
        port: 5060,
        transport: 'udp',
        source: 'srv',
        priority: 10,
        weight: 60,
      },
      {
        host: 'se1.reg.provider.com',
        address: '198.51.100.1',
        port: 5060,
        transport: 'udp',
        source: 'srv',
        priority: 10,
        weight: 40,
      },
    ]);
    expect(found.steps).toEqual([
      'SRV _sip._udp.reg.provider.com → 2 records, in the order to try (RFC 2782): ' +
        'nw1.reg.provider.com:5060 (priority 10, weight 60), se1.reg.provider.com:5060 (priority 10, weight 40)',
      'A nw1.reg.provider.com → 192.0.2.1',
      'AAAA nw1.reg.provider.com → no such record',
      'A se1.reg.provider.com → 198.51.100.1',
      'AAAA se1.reg.provider.com → no such record',
    ]);
  });

  it('orders same-priority targets by the weighted draw', async () => {
    const dns = createFakeDns(provider);
    // Running sums nw1 60, se1 100: a draw of 0.9 → 90 > 60 puts se1 first.
    const high = await discoverTargets('reg.provider.com', { dns, random: randomSequence(0.9) });
    expect(high.targets.map((t) => t.host)).toEqual(['se1.reg.provider.com', 'nw1.reg.provider.com']);
  });

  it('tries the lowest priority number first even when DNS lists it last', async () => {
    const dns = createFakeDns({
      srv: {
        '_sip._udp.example.com': [
          srv('backup.example.com', 5062, 20, 100),
          srv('primary.example.com', 5061, 10, 0),
        ],
      },
      a: { 'backup.example.com': ['192.0.2.2'], 'primary.example.com': ['192.0.2.1'] },
    });
    for (const seed of [1, 2, 3, 4, 5]) {
      const found = await discoverTargets('example.com', { dns, random: seededRandom(seed) });
      expect(endpoints(found.targets)).toEqual([
        'udp 192.0.2.1:5061 srv primary.example.com',
        'udp 192.0.2.2:5062 srv backup.example.com',
      ]);
    }
  });

  it('turns every A and AAAA address of an SRV target into a target, IPv4 first', async () => {
    const dns = createFakeDns({
      srv: {
        '_sip._udp.example.com': [srv('edge.example.com', 5060, 1, 1), srv('v6.example.com', 5080, 2, 1)],
      },
      a: { 'edge.example.com': ['192.0.2.1', '192.0.2.2'] },
      aaaa: { 'edge.example.com': ['2001:db8::1'], 'v6.example.com': ['2001:db8::6'] },
    });
    const found = await discoverTargets('example.com', { dns });
    expect(endpoints(found.targets)).toEqual([
      'udp 192.0.2.1:5060 srv edge.example.com',
      'udp 192.0.2.2:5060 srv edge.example.com',
      'udp 2001:db8::1:5060 srv edge.example.com',
      'udp 2001:db8::6:5080 srv v6.example.com',
    ]);
    expect(found.steps).toContain('A edge.example.com → 192.0.2.1, 192.0.2.2');
    expect(found.steps).toContain('AAAA v6.example.com → 2001:db8::6');
  });

  it('queries _sip._tcp for TCP, from the option or from ;transport=tcp', async () => {
    const zone = {
      srv: { '_sip._tcp.example.com': [srv('tcp.example.com', 5070, 1, 1)] },
      a: { 'tcp.example.com': ['192.0.2.30'] },
    };
    const byOption = createFakeDns(zone);
    const found = await discoverTargets('example.com', { dns: byOption, transport: 'tcp' });
    expect(byOption.asked[0]).toBe('SRV _sip._tcp.example.com');
    expect(endpoints(found.targets)).toEqual(['tcp 192.0.2.30:5070 srv tcp.example.com']);

    const byUri = createFakeDns(zone);
    const fromUri = await discoverTargets('sip:example.com;transport=tcp', { dns: byUri });
    expect(byUri.asked[0]).toBe('SRV _sip._tcp.example.com');
    expect(endpoints(fromUri.targets)).toEqual(['tcp 192.0.2.30:5070 srv tcp.example.com']);
  });

  it('lets ;transport= in the address win over the option, and says so', async () => {
    const dns = createFakeDns({ a: { 'pbx.example.com': ['192.0.2.5'] } });
    const found = await discoverTargets('pbx.example.com;transport=udp', { dns, transport: 'tcp' });
    expect(dns.asked[0]).toBe('SRV _sip._udp.pbx.example.com');
    expect(found.targets.map((t) => t.transport)).toEqual(['udp']);
    expect(found.steps[0]).toBe('transport=udp in the server address overrides the requested tcp');
  });

  it('keeps an address reached under two names once, and notes it', async () => {
    const dns = createFakeDns({
      srv: {
        '_sip._udp.example.com': [srv('sip.example.com', 5060, 1, 0), srv('alias.example.com', 5060, 2, 0)],
      },
      a: { 'sip.example.com': ['192.0.2.1'], 'alias.example.com': ['192.0.2.1', '192.0.2.9'] },
    });
    const found = await discoverTargets('example.com', { dns });
    expect(endpoints(found.targets)).toEqual([
      'udp 192.0.2.1:5060 srv sip.example.com',
      'udp 192.0.2.9:5060 srv alias.example.com',
    ]);
    expect(found.steps).toContain(
      '192.0.2.1:5060 is reached via alias.example.com and sip.example.com: kept once',
    );
  });

  it('skips an SRV target without addresses and keeps the others', async () => {
    const dns = createFakeDns({
      srv: {
        '_sip._udp.example.com': [srv('gone.example.com', 5060, 1, 0), srv('ok.example.com', 5060, 2, 0)],
      },
      a: { 'ok.example.com': ['192.0.2.3'] },
    });
    const found = await discoverTargets('example.com', { dns });
    expect(endpoints(found.targets)).toEqual(['udp 192.0.2.3:5060 srv ok.example.com']);
    expect(found.steps).toContain('A gone.example.com → no such record');
  });

  it('reports a name whose SRV targets have no address', async () => {
    const dns = createFakeDns({
      srv: { '_sip._udp.example.com': [srv('a.example.com', 5060, 1, 0), srv('b.example.com', 5060, 1, 0)] },
      errors: { 'A b.example.com': 'ETIMEOUT' },
    });
    await expect(discoverTargets('example.com', { dns })).rejects.toThrow(
      new Error(
        'no SIP server found for example.com: SRV _sip._udp.example.com lists a.example.com, b.example.com, ' +
          'but none of them resolved: no A/AAAA record for a.example.com, ' +
          'A b.example.com: the DNS server did not answer, no AAAA record for b.example.com',
      ),
    );
  });

  it('treats an SRV target of "." as "no SIP here" and does not fall back to A', async () => {
    const dns = createFakeDns({
      srv: { '_sip._tcp.example.com': [srv('', 0, 0, 0)] },
      a: { 'example.com': ['192.0.2.1'] },
    });
    await expect(discoverTargets('example.com', { dns, transport: 'tcp' })).rejects.toThrow(
      new Error(
        'no SIP server found for example.com: SRV _sip._tcp.example.com says SIP over tcp is not offered there',
      ),
    );
    expect(dns.asked).toEqual(['SRV _sip._tcp.example.com']);
  });
});

describe('discoverTargets: no SRV', () => {
  it('falls back to the A and AAAA records of the name on port 5060', async () => {
    const dns = createFakeDns({
      a: { 'pbx.example.com': ['192.0.2.40'] },
      aaaa: { 'pbx.example.com': ['2001:db8::40'] },
    });
    const found = await discoverTargets('pbx.example.com', { dns });
    expect(endpoints(found.targets)).toEqual([
      'udp 192.0.2.40:5060 a pbx.example.com',
      'udp 2001:db8::40:5060 aaaa pbx.example.com',
    ]);
    expect(found.steps).toEqual([
      'SRV _sip._udp.pbx.example.com → no such record; trying A/AAAA of pbx.example.com at port 5060',
      'A pbx.example.com → 192.0.2.40',
      'AAAA pbx.example.com → 2001:db8::40',
    ]);
  });

  it('lets the user register to each region A record the guide lists', async () => {
    const dns = createFakeDns(provider);
    const [nw1, se1] = await Promise.all(
      ['nw1.reg.provider.com', 'se1.reg.provider.com'].map((name) => discoverTargets(name, { dns })),
    );
    expect(nw1?.targets.map((t) => t.address)).toEqual(['192.0.2.1']);
    expect(se1?.targets.map((t) => t.address)).toEqual(['198.51.100.1']);
  });

  it('falls back to A when the SRV query fails, and says why', async () => {
    const dns = createFakeDns({
      a: { 'pbx.example.com': ['192.0.2.40'] },
      errors: { 'SRV _sip._udp.pbx.example.com': 'ESERVFAIL' },
    });
    const found = await discoverTargets('pbx.example.com', { dns });
    expect(endpoints(found.targets)).toEqual(['udp 192.0.2.40:5060 a pbx.example.com']);
    expect(found.steps[0]).toBe(
      'SRV _sip._udp.pbx.example.com → the DNS server failed to answer (SERVFAIL); trying A/AAAA of pbx.example.com at port 5060',
    );
  });

  it('says what it tried when nothing resolves', async () => {
    const dns = createFakeDns({});
    await expect(discoverTargets('reg.example.com', { dns })).rejects.toThrow(
      new Error(
        'no SIP server found for reg.example.com: no SRV record _sip._udp.reg.example.com, no A/AAAA record for reg.example.com',
      ),
    );
  });

  it('blames the DNS server, not the name, when it does not answer', async () => {
    const dns = createFakeDns({
      errors: {
        'SRV _sip._udp.reg.example.com': 'ETIMEOUT',
        'A reg.example.com': 'ETIMEOUT',
        'AAAA reg.example.com': 'ECONNREFUSED',
      },
    });
    await expect(discoverTargets('reg.example.com', { dns })).rejects.toThrow(
      new Error(
        'no SIP server found for reg.example.com: SRV _sip._udp.reg.example.com: the DNS server did not answer, ' +
          'A reg.example.com: the DNS server did not answer, AAAA reg.example.com: the DNS server refused the query',
      ),
    );
  });

  it('rejects a server it cannot read before asking DNS', async () => {
    const dns = createFakeDns({});
    await expect(discoverTargets('pbx:abc', { dns })).rejects.toThrow(
      '"pbx:abc" is not a valid server: the port must be a number from 1 to 65535',
    );
    expect(dns.asked).toEqual([]);
  });

  it('accepts an already parsed server and shows it as typed', async () => {
    const dns = createFakeDns({ a: { 'pbx.example.com': ['192.0.2.50'] } });
    const found = await discoverTargets({ host: 'pbx.example.com', port: 5070, transport: 'tcp' }, { dns });
    expect(found.input).toBe('pbx.example.com:5070;transport=tcp');
    expect(endpoints(found.targets)).toEqual(['tcp 192.0.2.50:5070 a pbx.example.com']);
  });
});
