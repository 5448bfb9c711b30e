// `sipkit answer` under a flood of fuzzed SIP (issue 14): a seeded mutational fuzzer sends 50,000
// datagrams at 4,000/s while SIPp sends an OPTIONS liveness probe every 50 ms. The answerer must
// keep answering the probes, stay within a memory bound, never hold more calls than its cap,
// stop within 2 s of SIGTERM, and account for every datagram it received (stored, or counted as
// not stored with the reason).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { freeUdpPort } from '../support/ports';
import { cpuSeconds, sampleRss } from '../support/process-memory';
import { loadavg } from 'node:os';
import { fuzzSip } from '../support/sip-fuzzer';
import { spawnSipkit, type SipkitChild } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';
import { udpSocketDrops, udpSocketState } from '../support/udp-drops';
import { waitUntil } from '../support/wait';

const PROBE_SCENARIO = fileURLToPath(new URL('../support/sipp-options-probe.xml', import.meta.url));
const DATAGRAMS = 50_000;
const RATE = 4_000;
const PROBE_EVERY_MS = 50;
const CAP = 4;
/**
 * Measured: the answerer idles at about 130 MB resident (Node, tsx compiling the CLI, SQLite)
 * and peaked at 150-200 MB under this flood. What may grow on top is bounded: the receive queue
 * and the capture queue (8 MiB of bytes each), the answered-request table (4,096 responses), the
 * INVITE table (256), the source table (1,024) and CAP calls' media. 320 MB leaves V8 room to
 * grow its heap under allocation churn, and is far below the 742 MB the unbounded answerer
 * reached (which grew with the flood's length).
 */
const RSS_BOUND = 320 * 1024 * 1024;

const children: SipkitChild[] = [];
let dataDir: string | undefined;
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await stopAll();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Counted {
  readonly maxConcurrent: number;
}

/** Follows the answerer's JSON events: calls in progress (incoming → ended) at most. */
function countCalls(child: SipkitChild): () => Counted {
  const up = new Set<string>();
  let max = 0;
  void child
    .waitForJson((l) => {
      if (l.event === 'incoming' && typeof l.callId === 'string') up.add(l.callId);
      if (l.event === 'ended' && typeof l.callId === 'string') up.delete(l.callId);
      max = Math.max(max, up.size);
      return false;
    }, 600_000)
    .catch(() => undefined);
  return () => ({ maxConcurrent: max });
}

describe('sipkit answer under a flood', () => {
  it('answers every liveness probe, bounds memory and calls, stops in 2 s, and accounts for every datagram', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-flood-'));
    const port = await freeUdpPort('127.0.0.1');
    const child = spawnSipkit(
      ['answer', '--listen', `127.0.0.1:${port}`, '--after', '0.5', '--max-hold', '5', '--json'],
      { SIPKIT_DATA_DIR: dataDir },
    );
    children.push(child);
    await child.waitForJson((l) => l.event === 'listening', 30_000);
    const calls = countCalls(child);
    const rss = sampleRss(child.pid);
    const dropsBefore = udpSocketDrops('127.0.0.1', port) ?? 0;
    const cpuBefore = cpuSeconds(child.pid) ?? 0;

    const probes = await startSipp({
      scenario: PROBE_SCENARIO,
      remote: `127.0.0.1:${port}`,
      rate: 1,
      ratePeriodMs: PROBE_EVERY_MS,
      calls: Math.ceil((DATAGRAMS / RATE) * (1000 / PROBE_EVERY_MS)) + 20,
      traceMessages: false,
    });
    const flood = await fuzzSip({
      target: { address: '127.0.0.1', port },
      count: DATAGRAMS,
      rate: RATE,
      seed: 14,
    });
    const probeRun = await probes.waitForExit(60_000);
    // Let the answerer read what is still in its socket buffer: what it has not read when it
    // closes would be neither stored nor counted.
    await waitUntil(() => (udpSocketState('127.0.0.1', port)?.recvQueueBytes ?? 0) === 0, {
      timeoutMs: 10_000,
      describeFailure: () => 'the answerer never emptied its socket buffer',
    });
    // The answerer's own socket: what the kernel dropped because the socket buffer was full.
    const drops = (udpSocketDrops('127.0.0.1', port) ?? 0) - dropsBefore;
    const peakRss = rss.stop();
    const cpuUsed = (cpuSeconds(child.pid) ?? 0) - cpuBefore;

    const stopAsked = Date.now();
    child.kill('SIGTERM');
    const done = await child.done;
    const stopMs = Date.now() - stopAsked;

    const stats = probeRun.stats!;
    const probeShare = stats.successfulCalls / Math.max(1, stats.totalCalls);
    const result = done.json.at(-1)!;
    const notStored = (result.notStored ?? { inbound: 0 }) as {
      readonly inbound: number;
      readonly queueFull?: number;
      readonly tooLarge?: number;
      readonly unprocessed?: number;
    };
    const db = new Database(path.join(dataDir, 'sipkit.db'), { readonly: true });
    const storedIn = (
      db
        .prepare("SELECT COUNT(*) AS n FROM messages WHERE run_id = ? AND direction = 'in'")
        .get(result.run) as { n: number }
    ).n;
    const params = JSON.parse(
      (db.prepare('SELECT params_json FROM runs WHERE id = ?').get(result.run) as { params_json: string })
        .params_json,
    ) as { notStored?: unknown };
    db.close();
    // Every datagram sent to the answerer: the flood, and the probes with their retransmissions.
    const probeDatagrams = stats.totalCalls + stats.retransmissions;
    const received = storedIn + notStored.inbound;
    const figures = {
      probeErrors: probes.errors().slice(0, 600),
      sent: flood.sent,
      answererCpuS: cpuUsed,
      loadAverage: loadavg()[0],
      rateAchieved: Math.round(flood.sent / (flood.elapsedMs / 1000)),
      probes: `${stats.successfulCalls}/${stats.totalCalls}`,
      peakRssMB: Math.round(peakRss / 2 ** 20),
      stopMs,
      storedIn,
      notStored,
      socketDrops: drops,
      maxConcurrentCalls: calls().maxConcurrent,
    };
    console.log('flood figures', JSON.stringify(figures));

    expect(flood.sent).toBe(DATAGRAMS);
    expect(flood.sent / (flood.elapsedMs / 1000)).toBeGreaterThanOrEqual(RATE * 0.95);
    expect(probeShare, JSON.stringify(figures)).toBeGreaterThanOrEqual(0.99);
    expect(peakRss, JSON.stringify(figures)).toBeLessThan(RSS_BOUND);
    expect(calls().maxConcurrent).toBeLessThanOrEqual(CAP);
    expect(stopMs, JSON.stringify(figures)).toBeLessThan(2000);
    expect(done.code).not.toBe(2);
    expect(params.notStored).toEqual(notStored);
    // The final line says why: datagrams dropped unhandled are not blamed on the store.
    const summary = String(result.summary);
    if (notStored.unprocessed) expect(summary).toContain(`${notStored.unprocessed} not handled`);
    if (notStored.queueFull === notStored.unprocessed)
      expect(summary).not.toContain('store could not keep up');
    // Stored + not stored accounts for every datagram that reached the socket: no more than was
    // sent, and no fewer than was sent less what the kernel dropped at the answerer's socket.
    expect(received).toBeLessThanOrEqual(flood.sent + probeDatagrams);
    expect(received, JSON.stringify(figures)).toBeGreaterThanOrEqual(flood.sent + probeDatagrams - drops);
  }, 180_000);
});
