// kill -9 in the middle of a load run, as a technician's laptop crash or an impatient `kill -9`
// does it: `sipkit load` at a fixed rate with held calls through a Kamailio edge (dialog module,
// so the far side's view of calls up can be asked) to a SIPp UAS, dumpcap on lo seeing what was
// on the wire. Afterwards the store opens intact, at most the last batch is missing, the next start
// marks the run interrupted and says how many calls may still be up, and `sipkit hangup` ends them.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markInterruptedRuns } from '../../electron/analysis/interrupted-runs';
import { findOpenDialogs } from '../../electron/analysis/open-dialogs';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import { requireBinary } from '../support/binaries';
import { stopAll, type ManagedProcess } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { startKamailioLimits, type KamailioLimitsHandle } from '../support/kamailio-limits';
import { runSipkit, spawnSipkit } from '../support/sipkit-cli';
import { startSipp, type SippHandle } from '../support/sipp';
import { sleep, waitUntil } from '../support/wait';

const run = promisify(execFile);
/** The trace store's batch (sqlite-trace-store.ts DEFAULT_BATCH_SIZE): what a crash may lose. */
const STORE_BATCH = 512;

interface WireMessage {
  readonly tsMs: number;
  readonly callId: string;
  readonly cseqMethod: string;
  readonly status?: number;
}

/** Every SIP message in the capture, with its time, via tshark (Wireshark's own dissector). */
async function wireMessages(file: string): Promise<WireMessage[]> {
  const tshark = requireBinary('tshark', 'tshark');
  const { stdout } = await run(
    tshark,
    [
      ...['-r', file, '-Y', 'sip', '-T', 'fields', '-E', 'separator=|'],
      ...['-e', 'frame.time_epoch', '-e', 'sip.Call-ID', '-e', 'sip.CSeq.method', '-e', 'sip.Status-Code'],
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ts, callId, method, status] = line.split('|');
      return {
        tsMs: Number(ts) * 1000,
        callId: callId ?? '',
        cseqMethod: method ?? '',
        ...(status ? { status: Number(status) } : {}),
      };
    });
}

describe('kill -9 in the middle of a load run', () => {
  let dir: string;
  let sipp: SippHandle;
  let edge: KamailioLimitsHandle;
  let dumpcap: ManagedProcess;
  const env = (): Record<string, string> => ({ SIPKIT_DATA_DIR: path.join(dir, 'data') });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-kill-'));
    sipp = await startSipp({ scenario: 'uas-answer', traceMessages: false, keys: { ring_ms: 20 } });
    edge = await startKamailioLimits({ forwardTo: sipp.address });
  });
  afterAll(async () => {
    await edge?.stop();
    await sipp?.stop();
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the store intact, loses at most one batch, marks the run interrupted and hangs up what was left up', async () => {
    const pcap = path.join(dir, 'lo.pcapng');
    // sipkit ↔ Kamailio only: the relayed leg to SIPp has SIPp's port on one side.
    dumpcap = await startDumpcap({
      filter: `udp port ${edge.port} and not udp port ${sipp.port}`,
      file: pcap,
    });

    // 10 CPS, each call held 45 s (450 channels at most, under the 500 rail): killed at ~4 s.
    const args = ['--to', '15551230000', '--cps', '10', '--calls', '100', '--hold', '45', '--json'];
    const load = spawnSipkit(['load', '--server', edge.server, ...args], env());
    const ready = await load.waitForJson((l) => l.type === 'load' && typeof l.run === 'number');
    const runId = Number(ready.run);
    await load.waitForJson((l) => l.type === 'second' && Number(l.second) >= 4, 20_000);
    const killedAtMs = Date.now();
    process.kill(load.pid, 'SIGKILL');
    const ended = await load.done;
    expect(ended.code).toBe(-1); // killed by a signal, no exit code
    // Let the far side's last answers land in the capture, then stop it.
    await sleep(1500);
    await dumpcap.stop();

    const data = path.join(dir, 'data', 'sipkit.db');
    const raw = new Database(data, { readonly: true });
    const integrity = raw.pragma('integrity_check', { simple: true });
    const stored = raw.prepare('SELECT COUNT(*) AS n FROM messages WHERE run_id = ?').get(runId) as {
      n: number;
    };
    raw.close();
    expect(integrity).toBe('ok');

    const wire = await wireMessages(pcap);
    const beforeKill = wire.filter((m) => m.tsMs <= killedAtMs);
    const lost = beforeKill.length - stored.n;
    console.info(
      `kill -9 figure: ${beforeKill.length} SIP messages on the wire before the kill, ${stored.n} stored, ${lost} lost (batch ${STORE_BATCH})`,
    );
    expect(stored.n).toBeGreaterThan(50);
    expect(stored.n).toBeGreaterThanOrEqual(beforeKill.length - STORE_BATCH);

    // The far side still holds the calls: Kamailio's dialogs.
    const upAtFarSide = await edge.activeDialogs();
    expect(upAtFarSide).toBeGreaterThan(10);

    // Open and mark, timed in-process on a copy (the CLI's own start is mostly Node and tsx).
    const copy = path.join(dir, 'copy');
    fs.mkdirSync(copy);
    for (const suffix of ['', '-wal', '-shm'])
      if (fs.existsSync(data + suffix)) fs.copyFileSync(data + suffix, path.join(copy, `sipkit.db${suffix}`));
    const t0 = performance.now();
    const timed = openTraceStore({ file: path.join(copy, 'sipkit.db') });
    const t1 = performance.now();
    const lines = markInterruptedRuns(timed);
    const t2 = performance.now();
    const storedAnswered = findOpenDialogs(timed.messagesByRun(runId)).length;
    timed.close();
    console.info(
      `open the store ${(t1 - t0).toFixed(1)} ms, mark interrupted and count open calls ${(t2 - t1).toFixed(1)} ms (${stored.n} messages)`,
    );
    expect(lines).toHaveLength(1);

    // The next start says it, once, and lists the run as interrupted.
    const list = await runSipkit(['traces', 'list', '--json'], env());
    expect(list.code).toBe(0);
    const said = list.stderr.split('\n').filter((l) => l.includes('was interrupted'));
    expect(said).toEqual([
      expect.stringMatching(
        new RegExp(
          `^sipkit: run ${runId} \\(load, started \\d\\d:\\d\\d\\) was interrupted: the process ended without finishing it; ${storedAnswered} call\\(s\\) may still be up on the far side: end them with sipkit hangup ${runId}$`,
        ),
      ),
    ]);
    expect(list.json.find((l) => l.type === 'run' && l.id === runId)).toMatchObject({
      interrupted: true,
      ok: false,
    });
    const again = await runSipkit(['traces', 'list'], env());
    expect(again.stderr).not.toMatch(/was interrupted/);
    expect(again.stdout).toMatch(new RegExp(`^${runId}\\s+\\S+ \\S+\\s+load\\s+interrupted\\s`, 'm'));

    // Calls the far side answered whose 200 never reached the store cannot be rebuilt: they are
    // the kill's loss, counted from the capture.
    const answeredOnWire = new Set(
      wire.filter((m) => m.cseqMethod === 'INVITE' && m.status === 200).map((m) => m.callId),
    );
    const unrecoverable = answeredOnWire.size - storedAnswered;
    expect(unrecoverable).toBeGreaterThanOrEqual(0);

    const hangup = await runSipkit(['hangup', String(runId), '--json'], env());
    const result = hangup.json.at(-1)!;
    expect(result).toMatchObject({
      type: 'result',
      ok: true,
      of: runId,
      calls: storedAnswered,
      confirmed: storedAnswered,
    });
    await waitUntil(async () => (await edge.activeDialogs()) <= unrecoverable, {
      timeoutMs: 10_000,
      describeFailure: () =>
        `Kamailio still holds dialogs after sipkit hangup (${unrecoverable} unrecoverable)`,
    });
    console.info(
      `far side held ${upAtFarSide} dialog(s) after the kill; sipkit hangup confirmed ${String(result.confirmed)}; ${unrecoverable} answered after the last stored batch`,
    );

    // The hangup is a run of its own, and running it again finds nothing left to end.
    const hangupRun = await runSipkit(['traces', 'list', '--json'], env());
    expect(hangupRun.json.find((l) => l.type === 'run' && l.id === result.run)).toMatchObject({
      kind: 'hangup',
      ok: true,
    });
    const second = await runSipkit(['hangup', String(runId), '--json'], env());
    expect(second.json.at(-1)).toMatchObject({ ok: true, calls: 0 });
  }, 120_000);
});
