// `sipkit listen-hep` as the collector of a real Kamailio's siptrace module (HEPv3): every message
// Kamailio received and sent arrives, stored with the addresses Kamailio saw; garbage and a flood
// of non-HEP datagrams are counted, and the listener keeps going.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import { requireBinary } from '../support/binaries';
import { encodeHep } from '../../electron/export/hep-encode';
import { runProcess, stopAll } from '../support/child-process';
import type { KamailioInstance } from '../support/kamailio';
import { startKamailioSiptrace } from '../support/kamailio-siptrace';
import { freeUdpPort } from '../support/ports';
import { spawnSipkit, type SipkitChild } from '../support/sipkit-cli';
import { PROBE_CALL_ID_PREFIX } from '../support/sip-udp-client';
import { sleep, waitUntil } from '../support/wait';

const SIPSAK = requireBinary('sipsak', 'sipsak');
const OPENSSL = requireBinary('openssl', 'openssl');

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

    expectMirrored(dir, result.run as number, kamailio, 5);
    const store = openTraceStore({ file: path.join(dir, 'data', 'sipkit.db'), readonly: true });
    try {
      expect(store.getRun(result.run as number)).toMatchObject({
        kind: 'capture',
        target: `HEP 127.0.0.1:${hepPort}`,
      });
    } finally {
      store.close();
    }
  }, 60_000);
});

/** Every message Kamailio logged it received and sent is stored once, with the addresses it saw. */
function expectMirrored(dataRoot: string, run: number, kam: KamailioInstance, requests: number): void {
  const store = openTraceStore({ file: path.join(dataRoot, 'data', 'sipkit.db'), readonly: true });
  try {
    const stored = store.messagesByRun(run).filter((m) => !m.callId?.startsWith(PROBE_CALL_ID_PREFIX));
    const received = kam.received();
    const sent = kam.sent();
    expect(received).toHaveLength(requests);
    expect(sent).toHaveLength(requests);
    expect(stored).toHaveLength(received.length + sent.length);
    const at = `${kam.host}:${kam.port}`;
    const text = (e: { address: string; port: number }): string => `${e.address}:${e.port}`;
    // Stored as received by the destination: remote is the sender, local the receiver.
    for (const r of received) {
      const m = stored.find((x) => x.callId === r.callId && x.method === r.method);
      expect(m, `request ${r.method} ${r.callId}`).toBeDefined();
      expect(text(m!.remote)).toBe(r.peer);
      expect(text(m!.local)).toBe(at);
    }
    for (const r of sent) {
      const m = stored.find((x) => x.callId === r.callId && x.status === r.status);
      expect(m, `reply ${r.status} ${r.callId}`).toBeDefined();
      expect(text(m!.remote)).toBe(at);
      expect(text(m!.local)).toBe(r.peer);
    }
    expect(
      stored.every((m) => m.remote.address === '127.0.0.1' && m.tsMicros > Date.now() * 1000 - 120e6),
    ).toBe(true);
  } finally {
    store.close();
  }
}

describe('sipkit listen-hep over a stream', () => {
  it('takes HEPv3 from Kamailio\u2019s siptrace over TCP on the same port as UDP', async () => {
    const tcpDir = mkdtempSync(path.join(tmpdir(), 'sipkit-hep-tcp-'));
    const tcpEnv = { SIPKIT_DATA_DIR: path.join(tcpDir, 'data') };
    try {
      const hep = spawnSipkit(['--json', 'listen-hep', '--listen', '127.0.0.1:0'], tcpEnv);
      const up = await hep.waitForJson((l) => l.type === 'hep');
      expect(up).toMatchObject({ stream: 'tcp' });
      const kam = await startKamailioSiptrace({ hepPort: up.port as number, hepTransport: 'tcp' });
      const sipsakPort = await freeUdpPort();
      for (let i = 0; i < 3; i++)
        await sipsak(['-s', `sip:someone@${kam.server}`, '-l', String(sipsakPort), '-H', '127.0.0.1']);
      await waitUntil(() => kam.sent().length >= 3, {
        timeoutMs: 5000,
        describeFailure: () => `Kamailio sent ${kam.sent().length} replies`,
      });
      await sleep(500);
      hep.kill('SIGINT');
      const done = await hep.done;
      expect(done.code, done.stderr).toBe(0);
      const result = done.json.at(-1)!;
      expect(result).toMatchObject({ type: 'result', ok: true, ignored: {} });
      expectMirrored(tcpDir, result.run as number, kam, 3);
    } finally {
      rmSync(tcpDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('speaks TLS with --tls-cert, and refuses a plain-text connection without stopping', async () => {
    const tlsDir = mkdtempSync(path.join(tmpdir(), 'sipkit-hep-tls-'));
    const tlsEnv = { SIPKIT_DATA_DIR: path.join(tlsDir, 'data') };
    try {
      const cert = path.join(tlsDir, 'cert.pem');
      const key = path.join(tlsDir, 'key.pem');
      await runProcess({
        name: 'openssl-req',
        command: OPENSSL,
        args: [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=localhost',
          '-days',
          '1',
          '-keyout',
          key,
          '-out',
          cert,
        ],
        timeoutMs: 20_000,
      });
      const hep = spawnSipkit(
        ['--json', 'listen-hep', '--listen', '127.0.0.1:0', '--tls-cert', cert, '--tls-key', key],
        tlsEnv,
      );
      const up = await hep.waitForJson((l) => l.type === 'hep');
      expect(up).toMatchObject({ stream: 'tls' });
      const port = up.port as number;
      // An agent across the internet: OpenSSL's own client carries two HEPv3 packets, the second
      // split between writes, then a plain-text client on the same port is refused by TLS.
      const messages = [0, 1].map((i) =>
        encodeHep({
          tsMicros: 1_700_000_000_000_000 + i * 1000,
          direction: 'in',
          transport: 'udp',
          local: { address: '192.0.2.10', port: 5060 },
          remote: { address: '198.51.100.7', port: 5062 + i },
          callId: `tls-${i}@agent`,
          raw: Buffer.from(
            `OPTIONS sip:pbx@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:${5062 + i};branch=z9hG4bK-${i}\r\nFrom: <sip:a@198.51.100.7>;tag=${i}\r\nTo: <sip:pbx@192.0.2.10>\r\nCall-ID: tls-${i}@agent\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
            'latin1',
          ),
        }),
      );
      const client = spawn(
        OPENSSL,
        ['s_client', '-connect', `127.0.0.1:${port}`, '-quiet', '-no_ign_eof', '-verify_quiet'],
        { stdio: ['pipe', 'ignore', 'ignore'] },
      );
      const clientClosed = new Promise((resolve) => client.on('close', resolve));
      try {
        client.stdin.write(messages[0]!);
        const second = Buffer.from(messages[1]!);
        client.stdin.write(second.subarray(0, 20));
        await sleep(200);
        client.stdin.write(second.subarray(20));
        await sleep(500);
        client.stdin.end();
        await clientClosed;
      } finally {
        if (client.exitCode === null) client.kill('SIGKILL');
      }
      const plain = connect(port, '127.0.0.1');
      plain.on('error', () => undefined);
      plain.write(Buffer.from(messages[0]!));
      await new Promise((resolve) => plain.on('close', resolve));
      hep.kill('SIGINT');
      const done = await hep.done;
      expect(done.code, done.stderr).toBe(0);
      const result = done.json.at(-1)!;
      expect(result).toMatchObject({ type: 'result', ok: true, messages: 2, agents: ['127.0.0.1'] });
      expect(result.ignored).toEqual({ 'TLS handshake failed': 1 });
      const store = openTraceStore({ file: path.join(tlsDir, 'data', 'sipkit.db'), readonly: true });
      try {
        const stored = store.messagesByRun(result.run as number);
        expect(stored.map((m) => `${m.remote.address}:${m.remote.port} ${m.callId}`).sort()).toEqual([
          '198.51.100.7:5062 tls-0@agent',
          '198.51.100.7:5063 tls-1@agent',
        ]);
      } finally {
        store.close();
      }
    } finally {
      rmSync(tlsDir, { recursive: true, force: true });
    }
  }, 60_000);
});
