// traces.ladder and traces.message as the ladder uses them: the selected calls' messages in
// capture order without their raw text (branch and SDP mark instead), the findings among them, the
// cut at the ladder's limit, and one message's exact bytes on click.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ladderOf } from '../../../../electron/services/traces/ladder-query';
import { callFlow, CARRIER, merge, PBX, REGISTRAR, type Spec } from '../../shared/diagnostics/trace-builder';
import { openBench, refusalOf, storeRun, type TraceBench } from './trace-fixtures';

let bench: TraceBench;
beforeEach(() => {
  bench = openBench();
});
afterEach(() => bench.close());

const garbage: Spec = { at: 5, from: REGISTRAR, to: PBX, text: 'GARBAGE \x00\x01 no call id\r\n\r\n' };

function twoCalls(): Spec[] {
  return merge(
    callFlow({ at: 0, callId: 'first', fromHost: 'pbx.local', finalStatus: [403, 'Forbidden'] }),
    callFlow({ at: 0.05, callId: 'second', holdFor: 1, fromHost: 'trunking-customer.15611.service' }),
    [garbage],
  );
}

describe('traces.ladder', () => {
  it("gives the selected calls' messages in capture order, interleaved, with branch and SDP marks", async () => {
    const runId = storeRun(bench.store, twoCalls(), { profile: 'skyswitch' });
    const { messages, truncated } = await bench.call('traces.ladder', {
      runId,
      callIds: ['second', 'first'],
    });
    expect(truncated).toBe(false);
    expect(messages.map((m) => m.tsMicros)).toEqual(
      [...messages.map((m) => m.tsMicros)].sort((a, b) => a - b),
    );
    expect(messages.map((m) => `${m.callId} ${m.method ?? m.status}`)).toEqual([
      'first INVITE',
      'first 100',
      'second INVITE',
      'second 100',
      'first 403',
      'first ACK',
      'second 180',
      'second 200',
      'second ACK',
      'second BYE',
      'second 200',
    ]);
    const invite = messages[0]!;
    expect(invite).toMatchObject({
      direction: 'out',
      transport: 'udp',
      local: { address: '192.0.2.10', port: 5060 },
      remote: { address: '203.0.113.50', port: 5060 },
      cseqSeq: 10,
      cseqMethod: 'INVITE',
      branch: 'z9hG4bK-i-first',
      hasSdp: true,
    });
    expect(invite).not.toHaveProperty('raw');
    expect(messages[1]).toMatchObject({
      status: 100,
      reason: 'Trying',
      branch: 'z9hG4bK-i-first',
      hasSdp: false,
    });
    // The 200 OK to the INVITE carries the answer; the one to the BYE does not.
    expect(messages.filter((m) => m.status === 200).map((m) => m.hasSdp)).toEqual([true, false]);
  });

  it('gives only the first messages across the selected calls when asked for a first screen', async () => {
    const runId = storeRun(bench.store, twoCalls(), { profile: 'skyswitch' });
    const all = await bench.call('traces.ladder', { runId, callIds: ['second', 'first', ''] });
    const first = await bench.call('traces.ladder', { runId, callIds: ['second', 'first', ''], limit: 4 });
    expect(first.truncated).toBe(true);
    expect(first.messages.map((m) => m.id)).toEqual(all.messages.slice(0, 4).map((m) => m.id));
    const whole = await bench.call('traces.ladder', { runId, callIds: ['second', 'first', ''], limit: 100 });
    expect(whole).toMatchObject({ truncated: false, messages: all.messages });
  });

  it('returns the findings whose evidence is among the shown messages, with store ids', async () => {
    const runId = storeRun(bench.store, twoCalls(), { profile: 'skyswitch' });
    const first = await bench.call('traces.ladder', { runId, callIds: ['first'] });
    const ids = new Set(first.messages.map((m) => m.id));
    expect(first.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['trunk.from-host', 'sip.failure-response']),
    );
    for (const f of first.findings) expect(f.evidence.some((e) => ids.has(e.messageId))).toBe(true);
    const second = await bench.call('traces.ladder', { runId, callIds: ['second'] });
    expect(second.findings.some((f) => f.rule === 'trunk.from-host')).toBe(false);
  });

  it('shows the messages without a Call-ID as the call ""', async () => {
    const runId = storeRun(bench.store, twoCalls());
    const { messages } = await bench.call('traces.ladder', { runId, callIds: [''] });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ parsed: false, hasSdp: false });
    expect(messages[0]).not.toHaveProperty('callId');
  });

  it('gives nothing for a Call-ID of another run, and refuses an unknown run', async () => {
    const runA = storeRun(bench.store, twoCalls());
    const runB = storeRun(bench.store, callFlow({ at: 0, callId: 'other' }));
    expect((await bench.call('traces.ladder', { runId: runA, callIds: ['other'] })).messages).toEqual([]);
    expect((await bench.call('traces.ladder', { runId: runB, callIds: ['other'] })).messages).toHaveLength(7);
    await expect(bench.call('traces.ladder', { runId: 42, callIds: ['other'] })).rejects.toThrow(
      'there is no run 42 in the trace database',
    );
  });

  it('cuts at the ladder limit, keeping the earliest messages, and says so', () => {
    const runId = storeRun(bench.store, twoCalls());
    const cut = ladderOf(bench.store, runId, ['first', 'second'], [], 5);
    expect(cut.truncated).toBe(true);
    expect(cut.messages.map((m) => `${m.callId} ${m.method ?? m.status}`)).toEqual([
      'first INVITE',
      'first 100',
      'second INVITE',
      'second 100',
      'first 403',
    ]);
    expect(ladderOf(bench.store, runId, ['first', 'first'], [], 4).truncated).toBe(false);
  });
});

describe('traces.message', () => {
  it('gives one message with its exact bytes as latin1 text', async () => {
    const bytes = 'MESSAGE sip:bob@example.net SIP/2.0\r\nFrom: "Jürgen" <sip:j@example.net>\r\n\r\n\u00ff';
    const runId = storeRun(bench.store, [
      { at: 0, from: PBX, to: CARRIER, text: Buffer.from(bytes, 'utf8').toString('latin1') },
    ]);
    const [first] = bench.store.messagesByRun(runId);
    const { message } = await bench.call('traces.message', { messageId: first!.id });
    expect(message).toMatchObject({ id: first!.id, runId, direction: 'out' });
    expect(Buffer.from(message.raw, 'latin1').toString('utf8')).toBe(bytes);
  });

  it('refuses an id that is not in the store', async () => {
    expect(await refusalOf(() => bench.call('traces.message', { messageId: 12345 }))).toBe(
      'there is no message 12345 in the trace database',
    );
  });
});
