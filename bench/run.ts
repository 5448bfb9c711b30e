// `npm run bench`: throughput of the pieces on the capture path, the CLI's start-up time, and the
// engine against a real Kamailio on loopback. Numbers, not assertions: speed targets live here, never
// in tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../electron/engine/clock';
import { SipEndpoint } from '../electron/engine/core/sip-endpoint';
import { pingOnce } from '../electron/engine/options/options-ping';
import { parseWire } from '../electron/engine/sip/parse-message';
import { TimerWheel } from '../electron/engine/timer-wheel';
import { openTraceStore } from '../electron/store/sqlite-trace-store';
import type { CapturedMessage } from '../shared/trace-types';
import { startKamailio } from '../test/support/kamailio';
import { benchFoldedLines } from './folded-lines.bench';
import { benchLargePcap } from './large-pcap.bench';
import { benchLoad } from './load.bench';
import { benchStartup } from './startup.bench';
import { benchTextLog } from './text-log.bench';
import { benchStoreScale } from './store-scale.bench';

const SAMPLE = Buffer.from(
  [
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKf00dcafe1234;rport=40000;received=127.0.0.1',
    'From: <sip:alice@sipkit.test>;tag=fb147526ca4d',
    'To: <sip:alice@sipkit.test>;tag=b87442481083ee51aacd25841abacf65.a5fcaaf5',
    'Call-ID: 484e6e7bfbaa3e3fdc985115@sipkit',
    'CSeq: 2 REGISTER',
    'Contact: <sip:alice@127.0.0.1:40000>;expires=300',
    'Server: kamailio',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n'),
);

function rate(label: string, count: number, ms: number, unit = 'ops'): void {
  console.log(
    `${label.padEnd(44)} ${Math.round((count / ms) * 1000)
      .toLocaleString('en')
      .padStart(12)} ${unit}/s  (${count.toLocaleString('en')} in ${ms.toFixed(0)} ms)`,
  );
}

function benchParse(): void {
  const n = 100_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (!parseWire(SAMPLE).ok) throw new Error('parse failed');
  rate('parse (npm sip + header index)', n, performance.now() - t0, 'msg');
}

function benchStore(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-'));
  try {
    const store = openTraceStore({ file: path.join(dir, 'bench.db') });
    const run = store.createRun({ kind: 'load', target: 'bench', profile: 'generic' });
    const msg: CapturedMessage = {
      tsMicros: Date.now() * 1000,
      direction: 'in',
      transport: 'udp',
      local: { address: '127.0.0.1', port: 40000 },
      remote: { address: '127.0.0.1', port: 5060 },
      raw: SAMPLE,
      parsed: true,
      callId: 'x@y',
      cseqSeq: 2,
      cseqMethod: 'REGISTER',
      status: 200,
      reason: 'OK',
    };
    const n = 100_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) store.append(run, msg);
    store.close();
    rate('store append + batched commit (WAL)', n, performance.now() - t0, 'msg');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchWheel(): void {
  const clock = new ManualClock(0);
  const wheel = new TimerWheel({ clock, drive: 'manual' });
  const n = 1_000_000;
  const t0 = performance.now();
  let fired = 0;
  for (let i = 0; i < n; i++) {
    const t = wheel.schedule(500 + (i % 32_000), () => fired++);
    if (i % 2 === 0) t.cancel();
  }
  for (let ms = 0; ms <= 33_000; ms += 10) {
    clock.set(ms);
    wheel.advance();
  }
  rate(`timer wheel schedule/cancel/fire (${fired} fired)`, n, performance.now() - t0, 'timer');
}

async function benchOptions(): Promise<void> {
  const k = await startKamailio({ users: [{ user: 'bench', password: 'bench' }] });
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-'));
  const store = openTraceStore({ file: path.join(dir, 'bench.db') });
  const run = store.createRun({ kind: 'load', target: k.server, profile: 'generic' });
  const endpoint = await SipEndpoint.open({
    bindAddress: '127.0.0.1',
    capture: { capture: (m) => store.append(run, m) },
  });
  try {
    const total = 20_000;
    const inFlight = 200;
    let next = 1;
    let failed = 0;
    const t0 = performance.now();
    const worker = async (): Promise<void> => {
      while (next <= total) {
        const r = await pingOnce(
          endpoint,
          { target: { address: k.host, port: k.port, transport: 'udp' }, serverName: 'kamailio' },
          next++,
        );
        if (!r.ok) failed++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const ms = performance.now() - t0;
    store.flush();
    rate(`OPTIONS transactions, ${inFlight} in flight, all captured`, total, ms, 'txn');
    console.log(
      `${''.padEnd(44)} failed ${failed}, stored ${store.countMessages(run).toLocaleString('en')} messages`,
    );
  } finally {
    await endpoint.close();
    store.close();
    await k.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

benchParse();
benchFoldedLines();
benchStore();
// A load run's capture path into the store (msg/s) and a Call-ID lookup among 10 million messages.
benchStoreScale();
benchWheel();
// How fast `sipkit` starts (bundled and from sources) next to `tshark --version`.
benchStartup();
// A ~1 GB pcap streamed to findings against `tshark -Y sip` on the same file: several minutes.
await benchLargePcap();
// `sipkit analyze` on a 100,000-message Asterisk pjsip log (target < 3 s, < 300 MB), tshark on the
// same messages as a pcap beside it.
await benchTextLog();
await benchOptions();
// The load generator against SIPp's own UAC (bench/load.bench.ts): a few minutes.
await benchLoad();
