// RFC 3263 discovery against a real DNS server (dnsmasq on 127.0.0.1) and `--all-targets`
// registering to each region of a provider that puts two registrars behind one SRV name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverTargets } from '../../electron/engine/discovery/discover-targets';
import { createDnsClient } from '../../electron/engine/discovery/dns-client';
import { startDnsmasq, type DnsmasqHandle } from '../support/dnsmasq';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { useDataDir } from '../support/data-dir';
import { runSipkit } from '../support/sipkit-cli';
import { openSipUdpPeer, sipResponse } from '../support/sip-udp-peer';

const USER = { user: 'dave', password: 'two-regions-9' };

describe('discovery and --all-targets with real DNS', () => {
  let nw1: KamailioHandle;
  let se1: KamailioHandle;
  let dns: DnsmasqHandle;
  const dataDir = useDataDir('sipkit-srv-');

  beforeAll(async () => {
    [nw1, se1] = await Promise.all([startKamailio({ users: [USER] }), startKamailio({ users: [USER] })]);
    dns = await startDnsmasq({
      srv: [
        // Two regions at equal priority (the registration guide's reg.<provider> name) …
        {
          name: '_sip._udp.reg.sipkit.test',
          target: 'nw1.reg.sipkit.test',
          port: nw1.port,
          priority: 10,
          weight: 50,
        },
        {
          name: '_sip._udp.reg.sipkit.test',
          target: 'se1.reg.sipkit.test',
          port: se1.port,
          priority: 10,
          weight: 50,
        },
        // … and a name whose backup must come after its primary whatever the weights.
        {
          name: '_sip._udp.ordered.sipkit.test',
          target: 'backup.sipkit.test',
          port: se1.port,
          priority: 20,
          weight: 100,
        },
        {
          name: '_sip._udp.ordered.sipkit.test',
          target: 'primary.sipkit.test',
          port: nw1.port,
          priority: 10,
          weight: 1,
        },
      ],
      a: [
        { name: 'nw1.reg.sipkit.test', address: '127.0.0.1' },
        { name: 'se1.reg.sipkit.test', address: '127.0.0.1' },
        { name: 'primary.sipkit.test', address: '127.0.0.1' },
        { name: 'backup.sipkit.test', address: '127.0.0.1' },
        { name: 'plain.sipkit.test', address: '127.0.0.3' },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all([nw1?.stop(), se1?.stop(), dns?.stop()]);
  });

  it('orders SRV targets by priority before weight, every time', async () => {
    const client = createDnsClient({ servers: [dns.server] });
    for (let i = 0; i < 10; i++) {
      const d = await discoverTargets('ordered.sipkit.test', { dns: client });
      expect(d.targets.map((t) => t.host)).toEqual(['primary.sipkit.test', 'backup.sipkit.test']);
    }
  });

  it('falls back to the A record on port 5060 when there is no SRV record', async () => {
    const d = await discoverTargets('plain.sipkit.test', { dns: createDnsClient({ servers: [dns.server] }) });
    expect(d.targets).toEqual([expect.objectContaining({ address: '127.0.0.3', port: 5060, source: 'a' })]);
  });

  it('registers to every region with --all-targets and reports each', async () => {
    const env = { SIPKIT_DATA_DIR: dataDir(), SIPKIT_PASSWORD: USER.password, SIPKIT_DNS_SERVER: dns.server };
    const run = await runSipkit(
      ['register', '--server', 'reg.sipkit.test', '--user', USER.user, '--all-targets', '--once', '--json'],
      env,
    );
    expect(run.code).toBe(0);
    const registeredAt = run.json.filter((l) => l.event === 'registered').map((l) => l.target);
    expect(registeredAt.sort()).toEqual([`127.0.0.1:${nw1.port}`, `127.0.0.1:${se1.port}`].sort());
    expect(run.json.at(-1)).toMatchObject({ type: 'result', ok: true });
    // Each registrar saw exactly one registration's REGISTERs (challenge, register, challenge, un-register).
    for (const k of [nw1, se1]) {
      const registers = k.received().filter((l) => l.method === 'REGISTER');
      expect(registers).toHaveLength(4);
    }
  });

  it('moves to the next SRV target when the first answers 503 (RFC 3263 §4.3)', async () => {
    const busy = await openSipUdpPeer();
    const dns2 = await startDnsmasq({
      srv: [
        {
          name: '_sip._udp.failover.sipkit.test',
          target: 'busy.sipkit.test',
          port: busy.port,
          priority: 10,
          weight: 10,
        },
        {
          name: '_sip._udp.failover.sipkit.test',
          target: 'nw1.reg.sipkit.test',
          port: nw1.port,
          priority: 20,
          weight: 10,
        },
      ],
      a: [
        { name: 'busy.sipkit.test', address: '127.0.0.1' },
        { name: 'nw1.reg.sipkit.test', address: '127.0.0.1' },
      ],
    });
    try {
      const env = {
        SIPKIT_DATA_DIR: dataDir(),
        SIPKIT_PASSWORD: USER.password,
        SIPKIT_DNS_SERVER: dns2.server,
      };
      const running = runSipkit(
        ['register', '--server', 'failover.sipkit.test', '--user', USER.user, '--once', '--json'],
        env,
      );
      const register = await busy.waitFor((m) => m.method === 'REGISTER', 15_000);
      await busy.send(
        sipResponse(register.message, 503, 'Service Unavailable', { toTag: 'busy' }),
        register.from,
      );
      const run = await running;
      expect(run.code).toBe(0);
      expect(run.json.find((l) => l.event === 'failover')).toMatchObject({ target: `127.0.0.1:${nw1.port}` });
      expect(run.json.find((l) => l.event === 'registered')).toMatchObject({
        target: `127.0.0.1:${nw1.port}`,
      });
    } finally {
      await dns2.stop();
      await busy.close();
    }
  });

  it('says which name failed when DNS has no record for it', async () => {
    const env = { SIPKIT_DATA_DIR: dataDir(), SIPKIT_PASSWORD: 'x', SIPKIT_DNS_SERVER: dns.server };
    const run = await runSipkit(
      ['register', '--server', 'missing.sipkit.test', '--user', 'x', '--once'],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no SIP server found for missing\.sipkit\.test/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
