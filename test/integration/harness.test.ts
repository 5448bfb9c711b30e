import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../support/binaries';
import { runningProcessCount, startProcess, stopAll } from '../support/child-process';
import { startDnsmasq, type DnsmasqHandle } from '../support/dnsmasq';
import { startKamailio, type KamailioHandle, type ParsedLogLine } from '../support/kamailio';
import { freeUdpPort, portIsFree } from '../support/ports';
import { isPidAlive, livingGroupMembers } from '../support/process-liveness';
import { contactsOf, headerValue } from '../support/sip-message';
import { registerWithSipsak, SipsakError } from '../support/sipsak';
import { sipOptions, sipRegister } from '../support/sip-udp-client';
import { sleep } from '../support/wait';

// Smoke test of the real-peer harness: every helper the integration tests rely on is exercised
// against the real binaries, including the failure paths the product has to diagnose.

afterAll(stopAll);

const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((user) => ({
  user,
  password: `${user}-secret`,
}));

function passwordOf(user: string): string {
  return `${user}-secret`;
}

async function sipsakFailure(promise: Promise<unknown>): Promise<SipsakError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SipsakError)) throw new Error(`expected sipsak to fail, got ${String(err)}`);
  return err;
}

function linesFor(lines: readonly ParsedLogLine[], callId: string): string[] {
  return lines.filter((l) => l.callId === callId).map((l) => `${l.method ?? l.status} ${l.cseq}`);
}

async function sleepUntil(time: number): Promise<void> {
  await sleep(Math.max(0, time - Date.now()));
}

function expectStopped(pid: number): void {
  expect(isPidAlive(pid)).toBe(false);
  expect(livingGroupMembers(pid)).toEqual([]);
}

describe('Kamailio registrar, MD5, WWW challenge (sipsak as the second device)', () => {
  let kamailio: KamailioHandle;

  beforeAll(async () => {
    kamailio = await startKamailio({ users, algorithm: 'MD5', minExpires: 30 });
  });
  afterAll(() => kamailio?.stop());

  it('answers OPTIONS with 200 and hides its readiness probes from the logs', async () => {
    const response = await sipOptions(kamailio.server);
    expect(response.status).toBe(200);
    expect(kamailio.received()).toEqual([]);
    expect(kamailio.startupMs).toBeLessThan(5000);
  });

  it('registers alice: 401 challenge, then 200 listing the contact; logs both directions', async () => {
    const result = await registerWithSipsak({
      server: kamailio.server,
      user: 'alice',
      password: passwordOf('alice'),
    });
    expect(result.finalStatus).toBe(200);

    const ok = await kamailio.waitForLogged(
      (l) => l.direction === 'sent' && l.status === 200 && l.cseq === 2,
    );
    expect(ok.contacts).toEqual([`<${result.contact}>;expires=60`]);
    expect(ok.cseqMethod).toBe('REGISTER');
    expect(linesFor(kamailio.received(), ok.callId)).toEqual(['REGISTER 1', 'REGISTER 2']);
    expect(linesFor(kamailio.sent(), ok.callId)).toEqual(['401 1', '200 2']);
    const rx = kamailio.received().find((l) => l.callId === ok.callId);
    expect(rx?.peer).toBe(ok.peer);
    expect(rx?.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(rx?.transport).toBe('udp');
  });

  it('rejects a wrong password with a fresh 401 (sipsak exits 2)', async () => {
    const err = await sipsakFailure(
      registerWithSipsak({ server: kamailio.server, user: 'bob', password: 'wrong' }),
    );
    expect(err.exitCode).toBe(2);
    expect(err.finalStatus).toBe(401);
    expect(err.finalResponse).toMatch(/WWW-Authenticate: Digest realm="sipkit\.test"/);
  });

  it('keeps two bindings when a second device registers with the same credentials', async () => {
    const first = await registerWithSipsak({
      server: kamailio.server,
      user: 'carol',
      password: passwordOf('carol'),
      contactHost: '127.0.0.8',
    });
    const second = await registerWithSipsak({
      server: kamailio.server,
      user: 'carol',
      password: passwordOf('carol'),
      contactHost: '127.0.0.9',
    });
    expect(second.finalResponse).toContain(first.contact);
    expect(second.finalResponse).toContain(second.contact);

    // A query REGISTER (no Contact) from our own client lists every binding of the AoR.
    const query = await sipRegister({
      server: kamailio.server,
      user: 'carol',
      password: passwordOf('carol'),
      contact: null,
    });
    expect(query.final.status).toBe(200);
    expect(contactsOf(query.final).map((c) => c.replace(/;.*$/, ''))).toEqual(
      expect.arrayContaining([`<${first.contact}>`, `<${second.contact}>`]),
    );
    expect(contactsOf(query.final)).toHaveLength(2);

    // Un-registering one device leaves the other.
    await registerWithSipsak({
      server: kamailio.server,
      user: 'carol',
      password: passwordOf('carol'),
      contactHost: '127.0.0.8',
      expires: 0,
    });
    const after = await sipRegister({
      server: kamailio.server,
      user: 'carol',
      password: passwordOf('carol'),
      contact: null,
    });
    // Kamailio counts the remaining lifetime down in whole seconds: 60, or 59 once a second boundary passed.
    const remaining = contactsOf(after.final);
    expect(remaining).toHaveLength(1);
    expect(remaining[0]).toMatch(
      new RegExp(`^<${second.contact.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>;expires=(60|59)$`),
    );
  });

  it('answers 423 Interval Too Brief with Min-Expires when Expires < minExpires', async () => {
    const err = await sipsakFailure(
      registerWithSipsak({
        server: kamailio.server,
        user: 'dave',
        password: passwordOf('dave'),
        expires: 10,
      }),
    );
    expect(err.finalStatus).toBe(423);
    expect(err.finalResponse).toMatch(/^Min-Expires: 30$/m);
    const logged = await kamailio.waitForLogged((l) => l.direction === 'sent' && l.status === 423);
    expect(logged.minExpires).toBe(30);
  });

  it('serves the same registrar over TCP on the same port', async () => {
    const result = await registerWithSipsak({
      server: kamailio.server,
      user: 'erin',
      password: passwordOf('erin'),
      transport: 'tcp',
    });
    expect(result.finalStatus).toBe(200);
    const rx = await kamailio.waitForLogged((l) => l.direction === 'received' && l.transport === 'tcp');
    expect(rx.method).toBe('REGISTER');
  });

  it('stops every Kamailio process', async () => {
    const pid = kamailio.pid;
    const started = Date.now();
    await kamailio.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    expectStopped(pid);
  });
});

describe('Kamailio registrar, SHA-256 (own digest client: sipsak and SIPp speak MD5 only)', () => {
  let kamailio: KamailioHandle;

  beforeAll(async () => {
    kamailio = await startKamailio({ users, algorithm: 'SHA-256', qop: true });
  });
  afterAll(() => kamailio?.stop());

  it('challenges with algorithm=SHA-256 and accepts a SHA-256 digest', async () => {
    const result = await sipRegister({
      server: kamailio.server,
      user: 'alice',
      password: passwordOf('alice'),
      contact: 'sip:alice@127.0.0.7:5070',
      expires: 120,
    });
    const [challenge, final] = result.responses;
    expect(challenge?.status).toBe(401);
    expect(headerValue(challenge!, 'www-authenticate')).toMatch(/algorithm=SHA-256/);
    expect(headerValue(challenge!, 'www-authenticate')).toMatch(/qop="auth"/);
    expect(final?.status).toBe(200);
    expect(contactsOf(final!)).toEqual(['<sip:alice@127.0.0.7:5070>;expires=120']);
  });

  it('answers a wrong SHA-256 password with another 401', async () => {
    const result = await sipRegister({ server: kamailio.server, user: 'bob', password: 'wrong' });
    expect(result.responses.map((r) => r.status)).toEqual([401, 401]);
  });

  it('keeps two bindings for two devices', async () => {
    const common = { server: kamailio.server, user: 'carol', password: passwordOf('carol'), expires: 300 };
    await sipRegister({ ...common, contact: 'sip:carol@127.0.0.8:5060' });
    const second = await sipRegister({ ...common, contact: 'sip:carol@127.0.0.9:5060' });
    expect(contactsOf(second.final)).toHaveLength(2);
  });
});

describe('Kamailio registrar, proxy challenge with 403 for wrong passwords', () => {
  let kamailio: KamailioHandle;

  beforeAll(async () => {
    kamailio = await startKamailio({ users, challenge: 'proxy', wrongPassword: 'forbidden', qop: true });
  });
  afterAll(() => kamailio?.stop());

  it('challenges with 407 and accepts sipsak', async () => {
    const result = await registerWithSipsak({
      server: kamailio.server,
      user: 'alice',
      password: passwordOf('alice'),
    });
    expect(result.finalStatus).toBe(200);
    expect(result.output.join('\n')).toMatch(/^Proxy-Authenticate: Digest .*qop="auth"/m);
  });

  it('answers 403 to a wrong password and to an unknown user', async () => {
    const wrong = await sipRegister({ server: kamailio.server, user: 'bob', password: 'wrong' });
    expect(wrong.responses.map((r) => r.status)).toEqual([407, 403]);
    const unknown = await sipRegister({ server: kamailio.server, user: 'mallory', password: 'x' });
    expect(unknown.responses.map((r) => r.status)).toEqual([407, 403]);
  });
});

describe('Kamailio 429 rule', () => {
  let kamailio: KamailioHandle;

  beforeAll(async () => {
    kamailio = await startKamailio({ users, minRegisterInterval: 2, retryAfter: 7 });
  });
  afterAll(() => kamailio?.stop());

  it('blocks a quick second authenticated REGISTER with 429 + Retry-After, never an un-register', async () => {
    const server = kamailio.server;
    const alice = { server, user: 'alice', password: passwordOf('alice') };
    // The first attempt's unauthenticated try (401) must not count, or this would already be 429.
    await registerWithSipsak(alice);
    // Kamailio stamped the accepted REGISTER before this point, so our clock only overestimates.
    const accepted = Date.now();

    const err = await sipsakFailure(registerWithSipsak(alice));
    expect(err.exitCode).toBe(1);
    expect(err.finalStatus).toBe(429);
    expect(err.finalResponse).toMatch(/^Retry-After: 7$/m);
    const logged = await kamailio.waitForLogged((l) => l.direction === 'sent' && l.status === 429);
    expect(logged.retryAfter).toBe(7);

    // Another user is not affected by alice's window.
    await registerWithSipsak({ ...alice, user: 'bob', password: passwordOf('bob') });

    // Half-way through the window: un-registering passes, registering is still blocked.
    await sleepUntil(accepted + 1000);
    await registerWithSipsak({ ...alice, expires: 0 });
    expect((await sipsakFailure(registerWithSipsak(alice))).finalStatus).toBe(429);

    // 2.2 s after the accepted REGISTER but only 1.2 s after the last 429 and the un-register:
    // the window runs from the last accepted binding REGISTER, so alice gets in again.
    await sleepUntil(accepted + 2200);
    expect((await registerWithSipsak(alice)).finalStatus).toBe(200);
  });
});

describe('Kamailio 429 rule with blockExtendsWindow', () => {
  let kamailio: KamailioHandle;

  beforeAll(async () => {
    kamailio = await startKamailio({ users, minRegisterInterval: 2, blockExtendsWindow: true });
  });
  afterAll(() => kamailio?.stop());

  it('keeps blocking a client that retries inside the window', async () => {
    const alice = { server: kamailio.server, user: 'alice', password: passwordOf('alice') };
    expect((await sipRegister(alice)).final.status).toBe(200);
    const accepted = Date.now();

    await sleepUntil(accepted + 1000);
    const blocked = await sipRegister(alice);
    expect(blocked.final.status).toBe(429);
    expect(headerValue(blocked.final, 'retry-after')).toBe('2');
    const blockedAt = Date.now();

    // 2.2 s after the success, but only 1.2 s after the blocked try: still blocked.
    await sleepUntil(accepted + 2200);
    expect((await sipRegister(alice)).final.status).toBe(429);
    const blockedAgainAt = Date.now();
    expect(blockedAgainAt - blockedAt).toBeLessThan(2000);

    await sleepUntil(blockedAgainAt + 2100);
    expect((await sipRegister(alice)).final.status).toBe(200);
  });
});

describe('dnsmasq on loopback', () => {
  let dns: DnsmasqHandle;
  let resolver: Resolver;

  beforeAll(async () => {
    dns = await startDnsmasq({
      srv: [
        { name: '_sip._udp.pbx.test', target: 'sip1.pbx.test', port: 5070, priority: 10, weight: 60 },
        { name: '_sip._udp.pbx.test', target: 'sip2.pbx.test', port: 5080, priority: 20, weight: 40 },
      ],
      a: [
        { name: 'sip1.pbx.test', address: '127.0.0.1' },
        { name: 'sip2.pbx.test', address: '127.0.0.2' },
        { name: 'sip2.pbx.test', address: '::1' },
      ],
      naptr: [
        {
          name: 'pbx.test',
          order: 10,
          preference: 10,
          flags: 'S',
          service: 'SIP+D2U',
          replacement: '_sip._udp.pbx.test',
        },
      ],
    });
    resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([dns.server]);
  });
  afterAll(() => dns?.stop());

  it('answers SRV, A, AAAA and NAPTR queries', async () => {
    const srv = await resolver.resolveSrv('_sip._udp.pbx.test');
    expect(srv.sort((a, b) => a.priority - b.priority)).toEqual([
      { name: 'sip1.pbx.test', port: 5070, priority: 10, weight: 60 },
      { name: 'sip2.pbx.test', port: 5080, priority: 20, weight: 40 },
    ]);
    expect(await resolver.resolve4('sip1.pbx.test')).toEqual(['127.0.0.1']);
    expect(await resolver.resolve6('sip2.pbx.test')).toEqual(['::1']);
    const naptr = await resolver.resolveNaptr('pbx.test');
    expect(naptr).toEqual([
      expect.objectContaining({ flags: 'S', service: 'SIP+D2U', replacement: '_sip._udp.pbx.test' }),
    ]);
  });

  it('answers NXDOMAIN for anything else', async () => {
    await expect(resolver.resolve4('unknown.pbx.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolveSrv('_sip._tcp.example.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('stops dnsmasq', async () => {
    const pid = dns.pid;
    await dns.stop();
    expectStopped(pid);
  });
});

describe('generic process helpers', () => {
  it('waits for a log line and stops the process group by pid', async () => {
    const proc = startProcess({
      name: 'sleeper',
      command: requireBinary('sh', 'dash'),
      // The background sleep is a forked child in the same process group, like Kamailio's workers.
      args: ['-c', 'sleep 30 & echo ready; wait'],
    });
    await expect(proc.waitForLine(/^ready$/, 5000)).resolves.toBe('ready');
    await expect(proc.waitForLine(/never printed/, 100)).rejects.toThrow(
      /sleeper \(pid \d+, still running\)[^]*ready/,
    );
    await proc.stop(200);
    expectStopped(proc.pid);
  });

  it('reports an early exit with the last output lines', async () => {
    const proc = startProcess({
      name: 'doomed',
      command: requireBinary('sh', 'dash'),
      args: ['-c', 'echo "config error: nothing to see" >&2; exit 3'],
    });
    await expect(proc.waitUntilReady('never', async () => false, 5000)).rejects.toThrow(
      /doomed stopped before it was ready[^]*exited with code 3[^]*config error: nothing to see/,
    );
    await proc.stop();
  });

  it('names the Debian package when a binary is missing', () => {
    expect(() => requireBinary('sipkit-no-such-binary', 'sipkit-fake-package')).toThrow(
      /apt-get install sipkit-fake-package/,
    );
  });

  it('hands out ports free for UDP and TCP, and refuses to start Kamailio on a taken one', async () => {
    const kamailio = await startKamailio({ users });
    expect(await portIsFree('127.0.0.1', kamailio.port)).toBe(false);
    await expect(startKamailio({ users, port: kamailio.port })).rejects.toThrow(/already in use/);
    const port = await freeUdpPort();
    expect(port).not.toBe(kamailio.port);
    expect(await portIsFree('127.0.0.1', port)).toBe(true);
    await kamailio.stop();
  });
});

describe('cleanup', () => {
  it('stopAll leaves no started process running', async () => {
    const kamailio = await startKamailio({ users });
    const dns = await startDnsmasq({});
    expect(runningProcessCount()).toBeGreaterThanOrEqual(2);
    await stopAll();
    expect(runningProcessCount()).toBe(0);
    expectStopped(kamailio.pid);
    expectStopped(dns.pid);
  });
});
