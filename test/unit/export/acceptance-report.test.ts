// The acceptance checklist report (issue 20) as `sipkit export` and the Export menu produce it: a
// real trace store holding an acceptance run (its checklist in the run's params, the way the
// acceptance use case stores it), exported to html, md and json through exportRun, redacted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCEPTANCE_PARAM } from '../../../electron/export/acceptance-report';
import { exportRun } from '../../../electron/export/export-run';
import { NO_OPTIONAL_REDACTION } from '../../../electron/export/redact';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../../electron/store/trace-store';
import type { AcceptanceRun, AcceptanceStep } from '../../../shared/ipc/schemas/acceptance';
import { captured } from '../services/traces/trace-fixtures';
import { callFlow, CARRIER, PBX, T0 } from '../shared/diagnostics/trace-builder';

const MS0 = T0 * 1000;

function step(
  s: Partial<AcceptanceStep> & Pick<AcceptanceStep, 'id' | 'kind' | 'title' | 'status'>,
): AcceptanceStep {
  return {
    rules: [],
    figures: [],
    evidence: [],
    dependsOn: [],
    startedAtMs: MS0,
    endedAtMs: MS0 + 2400,
    ...s,
  };
}

function acceptance(steps: AcceptanceStep[], over: Partial<AcceptanceRun> = {}): AcceptanceRun {
  return {
    runId: 1,
    state: 'done',
    verdict: steps.some((s) => s.status === 'fail') ? 'not-ready' : 'ready',
    target: 'Acme trunk',
    profile: 'skyetel',
    site: 'Acme HQ, 3rd floor',
    note: 'Customer asked for <b>fax</b> later.\nCall +12035550142 for access.',
    startedAtMs: MS0,
    endedAtMs: MS0 + 42_000,
    timeLimitS: 300,
    steps,
    providerNumbers: [
      { label: 'Registration Expires', value: '60–3600 s' },
      { label: 'Channel cap', value: '10' },
    ],
    findingCounts: { error: 0, warning: 1, info: 0 },
    ...over,
  };
}

const PASSING: AcceptanceStep[] = [
  step({ id: 'dns', kind: 'dns', title: 'DNS: every region resolves', status: 'pass' }),
  step({
    id: 'register:1',
    kind: 'register',
    region: 1,
    title: `Registration to region 1 (${CARRIER})`,
    status: 'pass',
    figures: [{ label: 'Granted Expires', value: '600 s', expected: '60–3600 s (skyetel)', ok: true }],
  }),
  step({
    id: 'call-out',
    kind: 'call-out',
    title: 'Outbound call to +12035550199',
    status: 'pass',
    figures: [{ label: 'Post-dial delay', value: '0.5 s' }],
    evidence: [{ text: 'the call', callId: 'out-1' }],
  }),
];

describe('the acceptance report', () => {
  let dir: string;
  let store: TraceStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-accept-'));
    store = openTraceStore({ file: path.join(dir, 'sipkit.db') });
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A finished run with one outbound call, its checklist stored as the use case stores it. */
  function storeAcceptance(a: AcceptanceRun): number {
    const runId = store.createRun({ kind: 'call', target: CARRIER, profile: 'skyetel' }, MS0 * 1000);
    for (const spec of callFlow({ at: 1, callId: 'out-1', caller: PBX, callee: CARRIER }))
      store.append(runId, captured(spec));
    store.finishRun(runId, {
      ok: a.verdict === 'ready',
      summary: 'acceptance',
      params: { [ACCEPTANCE_PARAM]: { ...a, runId } },
    });
    return runId;
  }

  it('opens with "Ready for cut-over", then the checklist, the call, the provider numbers, the note and the lines to sign', async () => {
    const runId = storeAcceptance(acceptance(PASSING));
    const out = await exportRun(store, runId, 'html', { redact: NO_OPTIONAL_REDACTION });
    const page = Buffer.from(out.bytes).toString('utf8');
    expect(page).toContain('<title>Acceptance test');
    const order = [
      'Ready for cut-over',
      'id="checklist"',
      'Granted Expires',
      'id="calls"',
      'Registration Expires',
      'Acme HQ, 3rd floor',
      'Customer asked for &lt;b&gt;fax&lt;/b&gt; later.',
      'Technician (name)',
      'Customer (name)',
      'Date',
      'id="summary"',
    ].map((s) => page.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Each call's ladder is drawn, its INVITE among the arrows; the run's own ladder follows in the appendix.
    const calls = page.slice(page.indexOf('id="calls"'), page.indexOf('id="provider"'));
    expect(calls).toContain('<svg');
    expect(calls).toContain('INVITE');
    expect(page).toContain('60–3600 s (skyetel)');
    expect(page).not.toContain('<b>fax</b>');
  });

  it('puts the failing step first, with its fix, and leaves what it kept from running to the checklist', async () => {
    const failing = [
      PASSING[0]!,
      step({
        id: 'call-out',
        kind: 'call-out',
        title: 'Outbound call to +12035550199',
        status: 'fail',
        reason: 'From host was 192.0.2.10, not the trunk name',
        fix: 'Set the From host to the trunk name acme.trunk.example',
        rules: ['trunk.from-host'],
        figures: [{ label: 'From host', value: '192.0.2.10', expected: 'acme.trunk.example', ok: false }],
      }),
      step({
        id: 'call-in',
        kind: 'call-in',
        title: 'Inbound call to the DID',
        status: 'skipped',
        reason: 'the outbound call failed',
        dependsOn: ['call-out'],
        startedAtMs: undefined,
        endedAtMs: undefined,
      }),
      step({
        id: 'caps',
        kind: 'caps',
        title: 'Channel and CPS caps',
        status: 'skipped',
        reason: 'not asked for (--caps)',
      }),
    ];
    const runId = storeAcceptance(acceptance(failing));
    const page = Buffer.from(
      (await exportRun(store, runId, 'html', { redact: NO_OPTIONAL_REDACTION })).bytes,
    ).toString();
    const verdict = page.slice(page.indexOf('id="verdict"'), page.indexOf('id="checklist"'));
    expect(verdict).toContain('Not ready for cut-over: 1 step failed');
    expect(verdict).toContain('Set the From host to the trunk name acme.trunk.example');
    // The failing step heads the page; what it kept from running is in the checklist below.
    expect(verdict).not.toContain('the outbound call failed');
    expect(page).toContain('the outbound call failed');
    expect(page).toContain('not asked for (--caps)');
    expect(page).not.toContain('Ready for cut-over<');

    const md = Buffer.from(
      (await exportRun(store, runId, 'md', { redact: NO_OPTIONAL_REDACTION })).bytes,
    ).toString();
    expect(md.indexOf('## Verdict: Not ready for cut-over')).toBeGreaterThan(0);
    expect(md.indexOf('Fix: Set the From host')).toBeLessThan(md.indexOf('## Checklist'));
    expect(md).toContain('From host: 192.0.2.10, expected acme.trunk.example (NOT OK)');
    expect(md).toMatch(/Technician \(name\): _+/);
    expect(md).toMatch(/Customer \(name\): _+/);
    expect(md).toMatch(/Date: _+/);
  });

  it('is redacted like every export: addresses and numbers in the checklist and the calls', async () => {
    const runId = storeAcceptance(acceptance(PASSING));
    const redact = { phoneNumbers: true, ipAddresses: true, userNames: false };
    for (const format of ['html', 'md', 'json'] as const) {
      const text = Buffer.from((await exportRun(store, runId, format, { redact })).bytes).toString();
      expect(text, format).not.toContain(CARRIER.split(':')[0]);
      // The called number, as the messages carry it too: masked in the step's title as in the INVITE.
      expect(text, format).not.toContain('+12035550199');
      expect(text, format).toContain('0199');
      expect(text, format).toContain('Acme HQ, 3rd floor');
    }
    const json = JSON.parse(
      Buffer.from((await exportRun(store, runId, 'json', { redact })).bytes).toString(),
    ) as { acceptance?: AcceptanceRun };
    expect(json.acceptance?.verdict).toBe('ready');
    expect(json.acceptance?.steps.map((s) => s.id)).toEqual(['dns', 'register:1', 'call-out']);
  });

  it('a run still going is exported as such, and a run without a checklist reads as before', async () => {
    const running = storeAcceptance(
      acceptance(PASSING, { state: 'running', verdict: undefined, endedAtMs: undefined }),
    );
    const page = Buffer.from(
      (await exportRun(store, running, 'html', { redact: NO_OPTIONAL_REDACTION })).bytes,
    ).toString();
    expect(page).toContain('No verdict yet: still running');

    const plain = store.createRun({ kind: 'call', target: CARRIER, profile: 'generic' }, MS0 * 1000);
    store.finishRun(plain, { ok: true, summary: 'done' });
    const other = Buffer.from(
      (await exportRun(store, plain, 'html', { redact: NO_OPTIONAL_REDACTION })).bytes,
    ).toString();
    expect(other).not.toContain('id="verdict"');
    expect(other).not.toContain('Technician (name)');
    expect(other).toContain('<title>Outbound test call');
  });
});
