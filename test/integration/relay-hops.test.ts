// A capture of both legs through a proxy, built with real tools (SIPp UAC → Kamailio → SIPp UAS
// answering 486, dumpcap on lo): the Traces screen's ladder shows the three elements as columns
// in hop order, each relayed copy marked as the same message on the next hop, and the finding
// about the refusal names the hop it came from with its ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ladderOf as ladderQuery } from '../../electron/services/traces/ladder-query';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import { ladderOf } from '../../renderer/src/traces/ladder-of';
import { stopAll } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { startKamailioTrunk } from '../support/kamailio-relay';
import { runSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';
import { sleep } from '../support/wait';

interface JsonFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly title: string;
  readonly observed?: string;
  readonly fix: string;
  readonly explanation?: string;
}

describe('hops of a relayed call in the ladder and the findings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-hops-'));
  });
  afterAll(async () => {
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws UAC, Kamailio and UAS in hop order, links each relayed copy, and names the hop that refused', async () => {
    const uas = await startSipp({ scenario: 'uas-reject', keys: { status: 486 } });
    const proxy = await startKamailioTrunk({ trunkName: 'sipp.test', forwardTo: uas.address });
    const file = path.join(dir, 'relayed-486.pcapng');
    const dump = await startDumpcap({ filter: `udp port ${proxy.port}`, file: file });
    const uac = await startSipp({ scenario: 'uac-call-rejected', remote: proxy.server, calls: 1 });
    const result = await uac.waitForExit(30_000);
    expect(result.exit.code, uac.errors()).toBe(0);
    await sleep(500);
    await dump.stop();
    await proxy.stop();
    await uas.stop();

    const env = { SIPKIT_DATA_DIR: dir };
    const out = await runSipkit(['analyze', file, '--json'], env);
    const runId = out.json.at(-1)!.run as number;
    const findings = out.json.filter((l) => l.type === 'finding') as unknown as JsonFinding[];

    // The refusal is one event, and it says which hop it came from: Kamailio → the UAS.
    const refused = findings.filter((f) => f.rule === 'sip.failure-response');
    expect(refused).toHaveLength(1);
    const proxyAt = proxy.server.replace(/^sip:/, '');
    // Kamailio is named by its own Server header (the test config calls itself sipkit-test-kamailio).
    const hop = `on the hop ${proxyAt} → ${uas.address}`;
    expect(refused[0]!.observed).toContain(`answered by ${uas.address} ${hop} (`);
    expect(refused[0]!.observed).toMatch(/\([\w-]*kamailio → UAS\), passed back by /i);
    expect(refused[0]!.observed).toContain(`passed back by ${proxyAt}`);

    // The ladder the Traces screen draws for the call.
    const store = openTraceStore({ file: path.join(dir, 'sipkit.db') });
    try {
      const callIds = [...new Set(store.messagesByRun(runId).map((m) => m.callId ?? ''))];
      expect(callIds).toHaveLength(1);
      const reply = ladderQuery(store, runId, callIds, []);
      const model = ladderOf(reply.messages, reply.findings);
      const uacAt = model.arrows[0] && model.columns[model.arrows[0].from]!.addresses[0];
      // Columns in the order the INVITE crossed them: the caller, the proxy, the callee.
      expect(model.columns.map((c) => c.addresses[0])).toEqual([uacAt, proxyAt, uas.address]);
      const at = (label: string, from: number, to: number) =>
        model.arrows.filter((a) => a.label === label && a.from === from && a.to === to);
      const inviteIn = at('INVITE', 0, 1);
      const inviteOut = at('INVITE', 1, 2);
      expect(inviteIn).toHaveLength(1);
      expect(inviteOut).toHaveLength(1);
      // The INVITE on the second hop is the first one relayed, not a second call attempt.
      expect(inviteOut[0]!.relayOf).toBe(inviteIn[0]!.row);
      expect(inviteOut[0]!.detail).toMatch(/relayed \+[\d.]+ ms after the previous hop/);
      expect(inviteIn[0]!.relayOf).toBeUndefined();
      // The 486 flows back: the proxy's copy to the UAC is the UAS's answer relayed.
      const busyFromUas = at('486 Busy Here', 2, 1);
      const busyToUac = at('486 Busy Here', 1, 0);
      expect(busyFromUas).toHaveLength(1);
      expect(busyToUac).toHaveLength(1);
      expect(busyToUac[0]!.relayOf).toBe(busyFromUas[0]!.row);
      // Each hop's own 100 Trying and ACK (hop-by-hop for a failure, RFC 3261 §17.1.1.3) are not copies.
      for (const a of model.arrows.filter((x) => x.label === '100 Trying' || x.label === 'ACK'))
        expect(a.relayOf).toBeUndefined();
    } finally {
      store.close();
    }
  }, 90_000);
});
