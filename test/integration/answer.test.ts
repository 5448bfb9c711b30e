// Inbound test calls: SIPp calls into our answerer with caller ID headers, audio and RFC 4733
// DTMF; we report what arrived, answer, and judge the media. Also `sipkit answer` from the CLI.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CallRouter } from '../../electron/engine/call/call-router';
import { InboundAnswerer, type AnswererConfig } from '../../electron/engine/call/inbound-answerer';
import { rtpMediaFactory } from '../../electron/engine/call/rtp-call-media';
import { defaultRequestHandler } from '../../electron/engine/core/incoming-request';
import { SipEndpoint } from '../../electron/engine/core/sip-endpoint';
import { MemoryCapture } from '../../electron/engine/transport/capture-sink';
import { stopAll } from '../support/child-process';
import { runSipkit, spawnSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';
import { waitUntil } from '../support/wait';

const endpoints: SipEndpoint[] = [];
afterAll(async () => {
  await Promise.all(endpoints.map((e) => e.close()));
  await stopAll();
});

async function answerer(overrides: Partial<AnswererConfig> = {}) {
  const capture = new MemoryCapture();
  const endpoint = await SipEndpoint.open({ bindAddress: '127.0.0.1', capture });
  endpoints.push(endpoint);
  const router = new CallRouter();
  const a = new InboundAnswerer(endpoint, {
    answerAfterS: 0.2,
    maxHoldS: 20,
    media: 'tone',
    echo: false,
    contactUser: 'pbx',
    router,
    mediaFactory: rtpMediaFactory({ bindAddress: '127.0.0.1' }),
    ...overrides,
  });
  router.setFallback((r) => {
    if (!a.handle(r)) defaultRequestHandler(r);
  });
  endpoint.onRequest(router.handle);
  return { a, endpoint, capture };
}

describe('inbound test calls', () => {
  it('reports the caller ID as sent, answers, detects DTMF and two-way audio, and sees the caller hang up', async () => {
    const { a, endpoint } = await answerer();
    const sipp = await startSipp({
      scenario: 'uac-call',
      remote: `127.0.0.1:${endpoint.local.port}`,
      service: '+15557770000',
    });
    await sipp.waitForExit(30_000);
    await waitUntil(() => a.reports.length > 0, {
      timeoutMs: 5000,
      describeFailure: () => 'the call was never reported',
    });
    expect(a.reports).toHaveLength(1);
    const r = a.reports[0]!;
    expect(r.info.requestUri).toMatch(/^sip:\+15557770000@127\.0\.0\.1/);
    expect(r.info.callerName).toBe('Alice Caller');
    expect(r.info.callerNumber).toBe('+15551230001');
    expect(r.info.pAssertedIdentity).toBe('<sip:+15551230001@sipp.test>');
    expect(r.info.privacy).toBe('none');
    expect(r.info.diversion).toEqual(['<sip:+15559990000@sipp.test>;reason=unconditional']);
    expect(r.outcome).toBe('completed');
    expect(r.hungUpBy).toBe('them');
    expect(r.media?.verdict).toBe('two-way');
    expect(r.media?.dtmfReceived).toBe('123#');
    expect(sipp.exitCode()).toBe(0);
  });

  it('rejects with the chosen status', async () => {
    const { a, endpoint } = await answerer({ rejectStatus: 503 });
    const sipp = await startSipp({
      scenario: 'uac-call-rejected',
      remote: `127.0.0.1:${endpoint.local.port}`,
      keys: { expect: 503 },
    });
    await sipp.waitForExit(30_000);
    expect(a.reports.map((r) => [r.outcome, r.status])).toEqual([['rejected', 503]]);
    expect(sipp.exitCode()).toBe(0);
  });

  it('echoes audio back in echo mode', async () => {
    const { a, endpoint } = await answerer({
      echo: true,
      media: 'none',
      mediaFactory: rtpMediaFactory({ bindAddress: '127.0.0.1', echo: true }),
    });
    const sipp = await startSipp({ scenario: 'uac-call', remote: `127.0.0.1:${endpoint.local.port}` });
    await sipp.waitForExit(30_000);
    await waitUntil(() => a.reports.length > 0, {
      timeoutMs: 5000,
      describeFailure: () => 'the call was never reported',
    });
    expect(a.reports[0]?.outcome).toBe('completed');
    expect(a.reports[0]?.media?.packetsReceived).toBeGreaterThan(10);
    expect(a.reports[0]?.media?.verdict).toBe('two-way');
    expect(a.reports[0]?.media?.message).toMatch(/echo/);
  });
});

describe('sipkit answer (CLI)', () => {
  let dataDir: string;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers one call, prints the caller ID, and exits 0', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-answer-'));
    const child = spawnSipkit(
      ['answer', '--listen', '127.0.0.1:0', '--after', '0.2', '--calls', '1', '--for', '30', '--json'],
      {
        SIPKIT_DATA_DIR: dataDir,
      },
    );
    const listening = await child.waitForJson((l) => l.event === 'listening');
    const sipp = await startSipp({ scenario: 'uac-call', remote: `127.0.0.1:${listening.port as number}` });
    await sipp.waitForExit(30_000);
    const done = await child.done;
    expect(done.code).toBe(0);
    const incoming = done.json.find((l) => l.event === 'incoming')!;
    expect(incoming).toMatchObject({
      callerNumber: '+15551230001',
      callerName: 'Alice Caller',
      privacy: 'none',
    });
    expect(done.json.at(-1)).toMatchObject({ type: 'result', ok: true });
    const show = await runSipkit(['traces', 'show', String(done.json.at(-1)!.run), '--json'], {
      SIPKIT_DATA_DIR: dataDir,
    });
    const methods = show.json
      .filter((l) => l.type === 'message')
      .map((l) => `${l.direction} ${l.method ?? l.status}`);
    expect(methods).toEqual(
      expect.arrayContaining(['in INVITE', 'out 100', 'out 180', 'out 200', 'in ACK', 'in BYE', 'out 200']),
    );
  });
});
