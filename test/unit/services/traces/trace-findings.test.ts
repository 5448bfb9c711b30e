// traces.findings as the Findings screen shows them: the run analysed under its own profile or a
// built-in the user picks, each piece of evidence pointing at the stored message that proves it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callFlow, merge, refreshes } from '../../shared/diagnostics/trace-builder';
import { openBench, refusalOf, storeRun, type TraceBench } from './trace-fixtures';

const TRUNK = 'trunking-customer.15611.service';

let bench: TraceBench;
beforeEach(() => {
  bench = openBench();
});
afterEach(() => bench.close());

function run(profile: string): number {
  return storeRun(
    bench.store,
    merge(
      refreshes([0, 60, 120], { expires: 300 }),
      callFlow({ at: 30, callId: 'bad-call', fromHost: 'pbx.local', finalStatus: [403, 'Forbidden'] }),
    ),
    { profile },
  );
}

describe('traces.findings', () => {
  it("maps each finding's evidence to the stored message, its Call-ID, line and text", async () => {
    const runId = run('skyswitch');
    const reply = await bench.call('traces.findings', { runId });
    expect(reply).toMatchObject({ profile: 'skyswitch', messageCount: 16 });
    const fromHost = reply.findings.find((f) => f.rule === 'trunk.from-host');
    expect(fromHost).toMatchObject({
      severity: 'error',
      observed: 'From host pbx.local',
      title: expect.stringContaining(`pbx.local is not the trunk name ${TRUNK}`),
      explanation: expect.any(String),
      fix: expect.stringContaining(TRUNK),
    });
    const invite = bench.store.messagesByCallId('bad-call', runId).find((m) => m.method === 'INVITE')!;
    expect(fromHost!.evidence).toEqual([
      {
        messageId: invite.id,
        callId: 'bad-call',
        line: 4,
        text: 'From: "Caller" <sip:+12035550100@pbx.local>;tag=a-bad-call',
      },
    ]);
    // The quoted line is that line of the stored raw text.
    const raw = Buffer.from(invite.raw).toString('latin1').split('\r\n');
    expect(raw[fromHost!.evidence[0]!.line! - 1]).toBe(fromHost!.evidence[0]!.text);
    // Errors first, as the rules engine sorts them.
    expect(reply.findings[0]?.severity).toBe('error');
  });

  it('analyses under another built-in profile when one is picked', async () => {
    const runId = run('skyswitch');
    const skyetel = await bench.call('traces.findings', { runId, profile: 'skyetel' });
    expect(skyetel.profile).toBe('skyetel');
    const rules = skyetel.findings.map((f) => f.rule);
    expect(rules).toContain('reg.interval');
    expect(rules).not.toContain('trunk.from-host');
    const interval = skyetel.findings.find((f) => f.rule === 'reg.interval')!;
    const registers = bench.store
      .messagesByCallId('reg-1001@pbx', runId)
      .filter((m) => m.method === 'REGISTER');
    expect(interval.evidence.map((e) => e.messageId)).toEqual(
      // The registration before the first early one, then each early one: each by its first REGISTER.
      [registers[0]!.id, registers[2]!.id, registers[4]!.id],
    );
    // The run's own profile is unchanged.
    expect((await bench.call('traces.findings', { runId })).profile).toBe('skyswitch');
  });

  it('checks a run made with a profile file against generic, and says so', async () => {
    const runId = run('custom');
    const reply = await bench.call('traces.findings', { runId });
    expect(reply.profile).toBe('generic');
    expect(reply.findings.map((f) => f.rule)).not.toContain('trunk.from-host');
    expect(reply.findings.map((f) => f.rule)).toContain('sip.failure-response');
  });

  it('refuses a profile that is not built in, and a run that does not exist', async () => {
    const runId = run('generic');
    expect(await refusalOf(() => bench.call('traces.findings', { runId, profile: 'acme' }))).toBe(
      'there is no built-in profile "acme": choose one of generic, skyetel, skyswitch',
    );
    await expect(bench.call('traces.findings', { runId: 77 })).rejects.toThrow('there is no run 77');
  });

  it('gives an empty list for a run without messages', async () => {
    const runId = storeRun(bench.store, []);
    expect(await bench.call('traces.findings', { runId })).toEqual({
      profile: 'generic',
      messageCount: 0,
      findings: [],
    });
    expect(await bench.call('traces.calls', { runId })).toEqual({ total: 0, calls: [] });
  });
});
