// `sipkit listen-hep` as the collector of a real Kamailio's siptrace module (HEPv3): every message
// Kamailio received and sent arrives, stored with the addresses Kamailio saw; garbage and a flood
// of non-HEP datagrams are counted, and the listener keeps going.
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import { requireBinary } from '../support/binaries';
import { runProcess, stopAll } from '../support/child-process';
import type { KamailioInstance } from '../support/kamailio';
import { startKamailioSiptrace } from '../support/kamailio-siptrace';
import { freeUdpPort } from '../support/ports';
import { spawnSipkit, type SipkitChild } from '../support/sipkit-cli';
import { PROBE_CALL_ID_PREFIX } from '../support/sip-udp-client';
import { sleep, waitUntil } from '../support/wait';

const SIPSAK = requireBinary('sipsak', 'sipsak');

let dir: string;
let env: Record<string, string>;
let hepPort: number;
let listener: SipkitChild;
let kamailio: KamailioInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sipkit-hep-'));
  env = { SIPKIT_DATA_DIR: path.join(dir, 'data') };
  hepPort = await freeUdpPort();
  listener = spawnSipkit(['--json', 'listen-hep', '--listen', `127.0.0.1:${hepPort}`], env);
  await listener.waitForJson((l) => l.type === 'hep');
  kamailio = await startKamailioSiptrace({ hepPort });
}, 60_000);
afterAll(async () => {
  listener?.kill('SIGKILL');
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

async function sipsak(args: readonly string[]): Promise<void> {
  await runProcess({ name: 'sipsak', command: SIPSAK, args, timeoutMs: 10_000 });
}

describe('sipkit listen-hep', () => {
  it('stores every message Kamailio\u2019s siptrace mirrors, with the addresses Kamailio saw', async () => {
    const sipsakPort = await freeUdpPort();
    const uri = `sip:someone@${kamailio.server}`;
    for (let i = 0; i < 4; i++) await sipsak(['-s', uri, '-l', String(sipsakPort), '-H', '127.0.0.1']);
    await waitUntil(() => kamailio.sent().length >= 4, {
      timeoutMs: 5000,
      describeFailure: () => `Kamailio sent ${kamailio.sent().length} replies`,
    });

    // Garbage on the HEP port: counted, never stored, and the listener carries on.
    const junk = createSocket('udp4');
    for (let i = 0; i < 500; i++) junk.send(Buffer.from(`not hep ${i}`), hepPort, '127.0.0.1');
    junk.send(Buffer.from('HEP3\u0000\u0010garbage!!'), hepPort, '127.0.0.1');
    await sleep(300);
    junk.close();
    await sipsak(['-s', uri, '-l', String(sipsakPort), '-H', '127.0.0.1']);
    await waitUntil(() => kamailio.sent().length >= 5, {
      timeoutMs: 5000,
      describeFailure: () => 'the last OPTIONS was not answered',
    });
    await sleep(500);

    listener.kill('SIGINT');
    const done = await listener.done;
    expect(done.code, done.stderr).toBe(0);
    const result = done.json.at(-1)!;
    expect(result).toMatchObject({ type: 'result', ok: true });
    const ignored = result.ignored as Record<string, number>;
    expect(ignored['not a HEP packet']).toBe(500);
    expect(Object.values(ignored).reduce((a, b) => a + b, 0)).toBe(501);
    expect(result.agents).toEqual(['127.0.0.1']);

    const store = openTraceStore({ file: path.join(dir, 'data', 'sipkit.db'), readonly: true });
    try {
      const stored = store
        .messagesByRun(result.run as number)
        .filter((m) => !m.callId?.startsWith(PROBE_CALL_ID_PREFIX));
      const received = kamailio.received();
      const sent = kamailio.sent();
      expect(received).toHaveLength(5);
      expect(sent).toHaveLength(5);
      expect(stored).toHaveLength(received.length + sent.length);
      const kam = `${kamailio.host}:${kamailio.port}`;
      const text = (e: { address: string; port: number }): string => `${e.address}:${e.port}`;
      // Stored as received by the destination: remote is the sender, local the receiver.
      for (const r of received) {
        const m = stored.find((s) => s.callId === r.callId && s.method === r.method);
        expect(m, `request ${r.method} ${r.callId}`).toBeDefined();
        expect(text(m!.remote)).toBe(r.peer);
        expect(text(m!.local)).toBe(kam);
      }
      for (const r of sent) {
        const m = stored.find((s) => s.callId === r.callId && s.status === r.status);
        expect(m, `reply ${r.status} ${r.callId}`).toBeDefined();
        expect(text(m!.remote)).toBe(kam);
        expect(text(m!.local)).toBe(r.peer);
      }
      expect(
        stored.every((m) => m.remote.address === '127.0.0.1' && m.tsMicros > Date.now() * 1000 - 120e6),
      ).toBe(true);
      expect(store.getRun(result.run as number)).toMatchObject({
        kind: 'capture',
        target: `HEP 127.0.0.1:${hepPort}`,
      });
    } finally {
      store.close();
    }
  }, 60_000);
});
