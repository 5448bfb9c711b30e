// The answerer's limits against a real SIPp caller (issue 14): more concurrent calls than the cap
// get 486 Busy Here without any media, and an INVITE burst above the per-source rate gets 503 with
// Retry-After (RFC 3261 §21.5.4) while what fits the rate is answered as asked.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { spawnSipkit, type SipkitChild } from '../support/sipkit-cli';
import { startSipp, type SippTracedMessage } from '../support/sipp';
import { waitUntil } from '../support/wait';

const children: SipkitChild[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await stopAll();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function answer(args: readonly string[]): Promise<{ child: SipkitChild; port: number }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-limits-'));
  dirs.push(dataDir);
  const child = spawnSipkit(['answer', '--listen', '127.0.0.1:0', '--json', ...args], {
    SIPKIT_DATA_DIR: dataDir,
  });
  children.push(child);
  const listening = await child.waitForJson((l) => l.event === 'listening', 30_000);
  return { child, port: listening.port as number };
}

const finals = (messages: readonly SippTracedMessage[], status: number): SippTracedMessage[] =>
  messages.filter((m) => m.direction === 'received' && m.kind === 'response' && m.status === status);

describe('sipkit answer limits (SIPp)', () => {
  it('answers up to --max-calls calls at once and turns the rest away with 486, media never started', async () => {
    const { child, port } = await answer(['--max-calls', '2', '--after', '0.2', '--max-hold', '30']);
    // Five calls that stay up until we hang up, started within a quarter of a second.
    const sipp = await startSipp({
      scenario: 'uac-call-until-bye',
      remote: `127.0.0.1:${port}`,
      calls: 5,
      rate: 20,
    });
    await waitUntil(
      () => finals(sipp.messages(), 486).length === 3 && finals(sipp.messages(), 200).length >= 2,
      {
        timeoutMs: 15_000,
        describeFailure: () =>
          `SIPp saw: ${sipp
            .messages()
            .map((m) => m.status ?? m.method)
            .join(' ')}`,
      },
    );
    const busy = finals(sipp.messages(), 486);
    expect(busy.every((m) => /call cap/.test(m.headers.get('warning')?.[0] ?? ''))).toBe(true);
    // A turned-away call never got as far as ringing, let alone an SDP answer.
    const busyCalls = new Set(busy.map((m) => m.callId));
    const answeredCalls = sipp
      .messages()
      .filter((m) => m.direction === 'received' && m.status === 200 && m.cseqMethod === 'INVITE');
    expect(answeredCalls.some((m) => busyCalls.has(m.callId))).toBe(false);
    expect(new Set(answeredCalls.map((m) => m.callId)).size).toBe(2);

    const stopAsked = Date.now();
    child.kill('SIGTERM');
    const done = await child.done;
    expect(Date.now() - stopAsked).toBeLessThan(2000);
    await sipp.waitForExit(15_000);
    // The two answered calls were ended with our BYE on the way out.
    expect(sipp.messages().filter((m) => m.direction === 'received' && m.method === 'BYE')).toHaveLength(2);
    expect(done.json.at(-1)).toMatchObject({ type: 'result', turnedAway: { busy: 3 } });
    expect(done.json.filter((l) => l.event === 'answered')).toHaveLength(2);
  }, 60_000);

  it('answers an INVITE burst above the per-source rate with 503 and Retry-After, the rest as asked', async () => {
    const { child, port } = await answer(['--reject', '486']);
    const sipp = await startSipp({
      scenario: 'uac-call-rejected',
      remote: `127.0.0.1:${port}`,
      calls: 60,
      rate: 300,
      keys: { expect: 486 },
    });
    await sipp.waitForExit(30_000);
    const messages = sipp.messages();
    // One per call: a 486 may be retransmitted until its ACK arrives (RFC 3261 §17.2.1).
    const calls = (status: number): Set<string> => new Set(finals(messages, status).map((m) => m.callId));
    const rejected = calls(486);
    const limited = calls(503);
    expect(rejected.size + limited.size).toBe(60);
    // The burst (20) and what the rate (10/s) refilled while it lasted get through; the rest wait.
    expect(rejected.size).toBeGreaterThanOrEqual(20);
    expect(limited.size).toBeGreaterThanOrEqual(20);
    for (const m of finals(messages, 503))
      expect(Number(m.headers.get('retry-after')?.[0])).toBeGreaterThanOrEqual(1);
    child.kill('SIGTERM');
    const done = await child.done;
    expect(done.json.at(-1)).toMatchObject({ turnedAway: { rateLimited: limited.size } });
  }, 60_000);
});
