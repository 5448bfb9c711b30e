// The Traces, Findings and Import screens' back end over real traffic, through the same dispatcher
// the UI's transports use: a call an IP-authenticated trunk (Kamailio) refused for its From host,
// placed by the real `sipkit call`, and a dumpcap capture of SIPp calls dropped on the Import screen.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPcap } from '../../electron/import/pcap/read-pcap';
import { createAppServices, type AppServices } from '../../electron/services/app-services';
import { dispatchRequest } from '../../electron/services/dispatch';
import { createMemoryVault } from '../../electron/services/secret-vault';
import { defaultDatabaseFile } from '../../electron/store/data-dir';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../electron/store/trace-store';
import type { RequestChannel } from '../../shared/ipc/channel-names';
import type { RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { stopAll } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { startKamailioTrunk } from '../support/kamailio-relay';
import { runSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';
import { waitUntil } from '../support/wait';

const TRUNK = 'trunking-customer.15611.service';

let dir: string;
let env: Record<string, string>;
let store: TraceStore | undefined;
let services: AppServices | undefined;

/** The app's back end over the trace database the CLI wrote, opened once the CLI runs are done. */
function backend(): AppServices {
  if (services) return services;
  const dataFile = defaultDatabaseFile(env);
  store = openTraceStore({ file: dataFile });
  services = createAppServices({
    store,
    mode: 'web',
    version: '0.0.0-test',
    dataFile,
    vault: createMemoryVault(),
    log: () => undefined,
  });
  return services;
}

async function request<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
  const reply = await dispatchRequest(backend().handlers, channel, payload, (_c, error) => {
    throw error;
  });
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result as ResponseOf<C>;
}

async function refusal<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<string> {
  const reply = await dispatchRequest(backend().handlers, channel, payload, (_c, error) => {
    throw error;
  });
  if (reply.ok) throw new Error(`${channel} was expected to be refused`);
  expect(reply.error.code).toBe('refused');
  return reply.error.message;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sipkit-traces-it-'));
  env = { SIPKIT_DATA_DIR: dir };
});
afterAll(async () => {
  await services?.close();
  store?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('trace service over real traffic', () => {
  it('shows a call the trunk refused for its From host: the row, the finding, the ladder, the raw INVITE', async () => {
    const sipp = await startSipp({ scenario: 'uas-answer', rtpEcho: true });
    const trunk = await startKamailioTrunk({ trunkName: TRUNK, forwardTo: sipp.address });
    const call = (extra: string[]) =>
      runSipkit(
        [
          'call',
          '--server',
          trunk.server,
          '--to',
          '+15551230000',
          '--profile',
          'skyswitch',
          '--json',
          ...extra,
        ],
        env,
      );
    const bad = await call(['--from-host', 'pbx.customer.example']);
    expect(bad.json.at(-1)).toMatchObject({ status: 403 });
    // Near miss: the trunk name as From host is relayed and answered.
    const good = await call(['--hold', '1']);
    expect(good.json.at(-1)).toMatchObject({ outcome: 'completed' });
    await trunk.stop();
    await sipp.stop();

    const badRun = Number(bad.json.at(-1)!.run);
    const { total, calls } = await request('traces.calls', { runId: badRun });
    expect(total).toBe(1);
    expect(calls[0]).toMatchObject({
      method: 'INVITE',
      status: 403,
      from: 'sipkit@pbx.customer.example',
      to: expect.stringMatching(/^\+15551230000@127\.0\.0\.1$/),
    });
    expect(calls[0]!.errors).toBeGreaterThanOrEqual(1);

    const ladder = await request('traces.ladder', { runId: badRun, callIds: [calls[0]!.callId] });
    expect(ladder.truncated).toBe(false);
    const invite = ladder.messages.find((m) => m.method === 'INVITE')!;
    expect(invite).toMatchObject({
      direction: 'out',
      hasSdp: true,
      branch: expect.stringMatching(/^z9hG4bK/),
    });
    expect(ladder.messages.find((m) => m.status === 403)).toMatchObject({
      direction: 'in',
      branch: invite.branch,
    });
    expect(ladder.messages.some((m) => m.method === 'ACK')).toBe(true);

    const { findings, profile } = await request('traces.findings', { runId: badRun });
    expect(profile).toBe('skyswitch');
    const fromHost = findings.find((f) => f.rule === 'trunk.from-host');
    expect(fromHost).toMatchObject({ severity: 'error' });
    expect(fromHost!.evidence[0]).toMatchObject({ messageId: invite.id, callId: calls[0]!.callId });
    expect(ladder.findings.map((f) => f.rule)).toContain('trunk.from-host');

    const { message } = await request('traces.message', { messageId: invite.id });
    expect(message.raw).toMatch(/^INVITE sip:\+15551230000@/);
    const lines = message.raw.split('\r\n');
    expect(lines[fromHost!.evidence[0]!.line! - 1]).toContain('@pbx.customer.example');

    const goodRun = Number(good.json.at(-1)!.run);
    const goodCalls = await request('traces.calls', { runId: goodRun });
    expect(goodCalls.calls).toMatchObject([{ method: 'INVITE', status: 200, from: `sipkit@${TRUNK}` }]);
    const goodFindings = await request('traces.findings', { runId: goodRun });
    expect(goodFindings.findings.some((f) => f.rule === 'trunk.from-host')).toBe(false);
  });

  it('imports a dumpcap capture of SIPp calls, and keeps what a cut copy of it held', async () => {
    const uas = await startSipp({ scenario: 'uas-answer', rtpEcho: false, keys: { ring_ms: 0 } });
    const file = path.join(dir, 'calls.pcapng');
    const capture = await startDumpcap({ filter: `udp port ${uas.port}`, file: file });
    const uac = await startSipp({
      scenario: 'uac',
      remote: uas.address,
      calls: 3,
      rate: 3,
      extraArgs: ['-d', '200'],
    });
    await uac.waitForExit(30_000);
    const sent = uac.messages().length;
    const captured = async (): Promise<number> =>
      readPcap(await readFile(file).catch(() => Buffer.alloc(0))).messages.length;
    await waitUntil(async () => (await captured()) >= sent, {
      timeoutMs: 10_000,
      describeFailure: () => `dumpcap did not write the ${sent} SIP messages SIPp exchanged`,
    });
    await capture.stop();
    await uas.stop();

    const bytes = await readFile(file);
    const reply = await request('traces.import', {
      name: 'calls.pcapng',
      dataBase64: bytes.toString('base64'),
    });
    expect(reply.messageCount).toBe(sent);
    const { calls } = await request('traces.calls', { runId: reply.runId });
    expect(calls.map((c) => [c.method, c.status])).toEqual([
      ['INVITE', 200],
      ['INVITE', 200],
      ['INVITE', 200],
    ]);
    expect(calls.reduce((n, c) => n + c.messageCount, 0)).toBe(sent);
    const findings = await request('traces.findings', { runId: reply.runId });
    expect(reply.findingCount).toBe(findings.findings.length);

    // Cut inside a block (a cut on a block boundary would be a whole, shorter capture).
    let end = Math.floor(bytes.length * 0.6);
    while (readPcap(bytes.subarray(0, end)).stoppedAt === undefined) end--;
    const cut = bytes.subarray(0, end);
    const message = await refusal('traces.import', {
      name: 'cut.pcapng',
      dataBase64: cut.toString('base64'),
    });
    expect(message).toMatch(
      /^cut\.pcapng: truncated pcapng at byte \d+: .*; the \d+ SIP message\(s\) read before it were kept as run \d+$/,
    );
    const keptRun = Number(/kept as run (\d+)$/.exec(message)![1]);
    const kept = await request('runs.messages', { runId: keptRun });
    expect(kept.total).toBeGreaterThan(0);
    expect(kept.total).toBeLessThan(sent);
  });
});
