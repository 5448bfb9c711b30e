// Registration against a real Kamailio registrar on 127.0.0.1: digest auth, refresh, un-register,
// 423, 429 with back-off, wrong password, a second device on the same credentials, and garbage on
// the wire. Every message our engine sent or received is compared with what Kamailio logged.
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SipEndpoint } from '../../electron/engine/core/sip-endpoint';
import {
  Registration,
  type RegistrationConfig,
  type RegistrationEvent,
} from '../../electron/engine/register/registration';
import { MemoryCapture } from '../../electron/engine/transport/capture-sink';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { registerWithSipsak } from '../support/sipsak';
import { waitUntil } from '../support/wait';

const ALICE = { user: 'alice', password: 'wonder-land-42' };
const BOB = { user: 'bob', password: 'builder-77' };

interface Harness {
  readonly endpoint: SipEndpoint;
  readonly capture: MemoryCapture;
  readonly events: RegistrationEvent[];
  readonly reg: Registration;
}

const open: SipEndpoint[] = [];

async function registration(
  k: KamailioHandle,
  overrides: Partial<RegistrationConfig> = {},
): Promise<Harness> {
  const capture = new MemoryCapture();
  const endpoint = await SipEndpoint.open({ bindAddress: '127.0.0.1', capture });
  open.push(endpoint);
  const reg = new Registration(endpoint, {
    target: { address: k.host, port: k.port, transport: 'udp' },
    serverName: k.host,
    user: ALICE.user,
    password: ALICE.password,
    domain: k.host,
    expires: 60,
    ...overrides,
  });
  const events: RegistrationEvent[] = [];
  reg.onEvent((e) => events.push(e));
  return { endpoint, capture, events, reg };
}

function ofType<T extends RegistrationEvent['type']>(events: readonly RegistrationEvent[], type: T) {
  return events.filter((e): e is Extract<RegistrationEvent, { type: T }> => e.type === type);
}

afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
});

describe('registration against Kamailio (MD5, qop=auth)', () => {
  let k: KamailioHandle;
  beforeAll(async () => {
    k = await startKamailio({ users: [ALICE, BOB], algorithm: 'MD5', qop: true, minExpires: 4 });
  });
  afterAll(async () => k?.stop());

  it('registers, refreshes before expiry, un-registers, and every message matches the registrar log', async () => {
    const h = await registration(k, { expires: 5 });
    const first = await h.reg.start();
    expect(first).toEqual({ ok: true, grantedExpires: 5 });
    await waitUntil(() => ofType(h.events, 'registered').some((e) => e.refresh), {
      timeoutMs: 10_000,
      describeFailure: () => 'no refresh within 10 s',
    });
    await h.reg.stop();
    expect(h.reg.state).toBe('Unregistered');

    const registered = ofType(h.events, 'registered');
    expect(registered[0]!.bindings.filter((b) => b.ours)).toHaveLength(1);
    expect(registered[0]!.nat.behindNat).toBe(false);
    expect(registered[0]!.nat.seen).toEqual(registered[0]!.nat.sent);
    expect(ofType(h.events, 'challenged')[0]).toMatchObject({
      status: 401,
      algorithm: 'MD5',
      realm: k.realm,
    });
    expect(ofType(h.events, 'unregistered')).toHaveLength(1);

    // Each REGISTER we sent was received by Kamailio and each reply it sent reached our capture.
    const callId = h.capture.messages[0]!.callId!;
    await k.waitForLogged(
      (l) =>
        l.direction === 'sent' &&
        l.callId === callId &&
        l.cseqMethod === 'REGISTER' &&
        l.cseq === Math.max(...h.capture.messages.map((m) => m.cseqSeq ?? 0)),
    );
    const ours = (dir: 'in' | 'out') =>
      h.capture.messages
        .filter((m) => m.direction === dir && m.callId === callId)
        .map((m) => `${m.method ?? m.status} ${m.cseqSeq}`);
    const theirs = (dir: 'received' | 'sent') =>
      k
        .received()
        .concat(k.sent())
        .filter((l) => l.direction === dir && l.callId === callId)
        .map((l) => `${l.method ?? l.status} ${l.cseq}`);
    expect(ours('out')).toEqual(theirs('received'));
    expect(ours('in')).toEqual(theirs('sent'));
    expect(ours('out').length).toBeGreaterThanOrEqual(6);
    expect(h.capture.messages.every((m) => m.parsed)).toBe(true);
  });

  it('answers 423 Interval Too Brief with the registrar\u2019s Min-Expires', async () => {
    const h = await registration(k, { expires: 2 });
    const result = await h.reg.start();
    expect(result.ok).toBe(true);
    expect(ofType(h.events, 'interval-too-brief')[0]).toMatchObject({ asked: 2, minExpires: 4 });
    expect(ofType(h.events, 'registered')[0]).toMatchObject({ grantedExpires: 4, askedExpires: 4 });
    await h.reg.stop();
  });

  it('reports a wrong password in plain words, without retrying in a loop', async () => {
    const h = await registration(k, { password: 'not-the-password' });
    const result = await h.reg.start();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/rejected the credentials for user "alice"/);
    const registers = h.capture.messages.filter((m) => m.direction === 'out' && m.method === 'REGISTER');
    expect(registers).toHaveLength(2);
    await h.reg.stop();
    expect(JSON.stringify(h.events)).not.toContain('not-the-password');
  });

  it('shows a second device registered with the same credentials (reg.one-pbx)', async () => {
    await registerWithSipsak({
      server: k.server,
      user: BOB.user,
      password: BOB.password,
      contactHost: '127.0.0.9',
      contactPort: 5099,
      expires: 120,
    });
    const h = await registration(k, { user: BOB.user, password: BOB.password });
    expect((await h.reg.start()).ok).toBe(true);
    const registered = ofType(h.events, 'registered')[0]!;
    expect(registered.bindings).toHaveLength(2);
    expect(registered.otherDevices.map((b) => `${b.host}:${b.port}`)).toEqual(['127.0.0.9:5099']);
    await h.reg.stop();
    expect(ofType(h.events, 'unregistered')[0]!.remaining.map((b) => b.host)).toEqual(['127.0.0.9']);
  });

  it('captures garbage datagrams, flagged, and keeps registering', async () => {
    const h = await registration(k, { expires: 60 });
    const sock = dgram.createSocket('udp4');
    const garbage = [
      Buffer.from([0xde, 0xad, 0xbe, 0xef]),
      Buffer.from('SIP/2.0 200 OK\r\nbroken'),
      Buffer.from('HELLO\r\n\r\n'),
    ];
    for (const g of garbage)
      await new Promise<void>((r) => sock.send(g, h.endpoint.local.port, '127.0.0.1', () => r()));
    sock.close();
    await waitUntil(() => h.capture.messages.filter((m) => !m.parsed).length === garbage.length, {
      timeoutMs: 2000,
      describeFailure: () => 'garbage datagrams not captured',
    });
    expect((await h.reg.start()).ok).toBe(true);
    await h.reg.stop();
    const bad = h.capture.messages.filter((m) => !m.parsed);
    expect(bad.map((m) => Buffer.from(m.raw).equals(garbage[bad.indexOf(m)]!))).toEqual([true, true, true]);
    expect(
      bad.every((m) => m.direction === 'in' && typeof m.parseError === 'string' && m.parseError.length > 0),
    ).toBe(true);
  });
});

describe('registration against Kamailio (SHA-256, 429 rate limit)', () => {
  let k: KamailioHandle;
  beforeAll(async () => {
    k = await startKamailio({
      users: [ALICE],
      algorithm: 'SHA-256',
      qop: true,
      minRegisterInterval: 5,
      retryAfter: 6,
    });
  });
  afterAll(async () => k?.stop());

  it('answers a SHA-256 challenge', async () => {
    const other = await startKamailio({ users: [ALICE], algorithm: 'SHA-256' });
    try {
      const h = await registration(other, { expires: 30 });
      expect((await h.reg.start()).ok).toBe(true);
      expect(ofType(h.events, 'challenged')[0]).toMatchObject({ algorithm: 'SHA-256' });
      await h.reg.stop();
    } finally {
      await other.stop();
    }
  });

  it('backs off after 429 for Retry-After instead of retrying into the block', async () => {
    // Expires 4 makes us refresh after 2 s, sooner than the registrar's 5 s: a 429 follows.
    const h = await registration(k, { expires: 4, persistent: true });
    expect((await h.reg.start()).ok).toBe(true);
    await waitUntil(() => ofType(h.events, 'rate-limited').length > 0, {
      timeoutMs: 8000,
      describeFailure: () => 'no 429 within 8 s',
    });
    const limited = ofType(h.events, 'rate-limited')[0]!;
    expect(limited.retryAfterS).toBe(6);
    expect(limited.backoffS).toBe(6);
    const at429 = h.capture.messages.length;
    await new Promise((r) => setTimeout(r, 3000));
    // No retry storm: nothing was sent while backing off.
    expect(h.capture.messages.slice(at429).filter((m) => m.direction === 'out')).toHaveLength(0);
    expect(h.reg.state).toBe('BackingOff');
    await h.reg.stop();
    const tx429 = k.sent().filter((l) => l.status === 429);
    expect(tx429.length).toBe(1);
    expect(tx429[0]!.retryAfter).toBe(6);
  });
});

describe('registration failures', () => {
  it('reports a 403 in plain words', async () => {
    const k = await startKamailio({ users: [ALICE], wrongPassword: 'forbidden' });
    try {
      const h = await registration(k, { password: 'nope' });
      const result = await h.reg.start();
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/refused the registration \(403/);
      await h.reg.stop();
    } finally {
      await k.stop();
    }
  });

  it('reports silence as a timeout after the RFC timers, with the number of tries', async () => {
    const capture = new MemoryCapture();
    const endpoint = await SipEndpoint.open({
      bindAddress: '127.0.0.1',
      capture,
      timers: { T1: 50, T2: 400, T4: 500 },
    });
    open.push(endpoint);
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    const reg = new Registration(endpoint, {
      target: { address: '127.0.0.1', port: silent.address().port, transport: 'udp' },
      serverName: 'silent',
      user: 'alice',
      password: 'x',
      domain: 'example.test',
      expires: 60,
    });
    const result = await reg.start();
    silent.close();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/no answer from silent .* and 11 tries/);
    expect(capture.messages.filter((m) => m.method === 'REGISTER')).toHaveLength(11);
  });
});
