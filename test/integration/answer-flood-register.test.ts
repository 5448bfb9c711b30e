// The Contact socket of a registration under a flood (issue 14): `sipkit answer --register`
// registers with Kamailio and keeps refreshing (every 2 s here) while the seeded fuzzer floods that
// same socket. Every refresh must still go through: the registrar's responses share the socket
// with the flood, and the fair receive queue must keep serving them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { fuzzSip } from '../support/sip-fuzzer';
import { spawnSipkit, type SipkitChild } from '../support/sipkit-cli';

const PASSWORD = 'flood-proof-71';
let k: KamailioHandle | undefined;
let dataDir: string | undefined;
const children: SipkitChild[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await k?.stop();
  await stopAll();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a registration’s Contact socket under a flood', () => {
  it('keeps the registration refreshed while 40,000 fuzzed datagrams hit the socket', async () => {
    k = await startKamailio({ users: [{ user: 'dave', password: PASSWORD }] });
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-flood-reg-'));
    const child = spawnSipkit(
      [
        'answer',
        '--register',
        '--server',
        k.server,
        '--user',
        'dave',
        '--expires',
        '4',
        '--listen',
        '127.0.0.1:0',
        '--json',
      ],
      { SIPKIT_DATA_DIR: dataDir, SIPKIT_PASSWORD: PASSWORD },
    );
    children.push(child);
    const listening = await child.waitForJson((l) => l.event === 'listening', 30_000);
    await child.waitForJson((l) => l.event === 'registered', 15_000);

    const events: Record<string, unknown>[] = [];
    void child
      .waitForJson((l) => {
        events.push(l);
        return false;
      }, 120_000)
      .catch(() => undefined);
    const flood = await fuzzSip({
      target: { address: '127.0.0.1', port: listening.port as number },
      count: 40_000,
      rate: 4_000,
      seed: 1402,
      maxMs: 30_000,
    });
    const during = events.slice();

    const stopAsked = Date.now();
    child.kill('SIGTERM');
    const done = await child.done;
    const stopMs = Date.now() - stopAsked;

    const refreshes = during.filter((l) => l.event === 'registered' && l.refresh === true);
    const failures = during.filter((l) => l.type === 'register' && l.level === 'warning');
    console.log('registration under flood', {
      sent: flood.sent,
      seconds: flood.elapsedMs / 1000,
      refreshes: refreshes.length,
      events: during.filter((l) => l.type === 'register').map((l) => String(l.message).slice(0, 90)),
      stopMs,
    });
    expect(flood.sent).toBe(40_000);
    // A refresh 2 s after each 200 (Expires 4), its round trip slowed by the flood but within the
    // 2 s left of the binding: one every 3 s at least over the ten-second flood, none refused or lost.
    expect(refreshes.length).toBeGreaterThanOrEqual(Math.floor(flood.elapsedMs / 3000));
    expect(refreshes.length).toBeGreaterThanOrEqual(3);
    expect(failures.map((l) => l.message)).toEqual([]);
    expect(stopMs).toBeLessThan(2000);
    expect(done.json.some((l) => l.event === 'unregistered')).toBe(true);
  }, 120_000);
});
