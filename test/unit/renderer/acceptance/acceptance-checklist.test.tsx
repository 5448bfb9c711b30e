// The Acceptance screen's checklist as the technician reads it: each step's result for tests and
// styles, the reason and the fix of a failed step, what was seen against what was expected, and
// evidence that opens Traces only where it points at a message or a call.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AcceptanceChecklist } from '../../../../renderer/src/acceptance/acceptance-checklist';
import type { AcceptanceStep } from '../../../../shared/ipc/schemas/acceptance';

const base = { rules: [], figures: [], evidence: [], dependsOn: [] };
const STEPS: AcceptanceStep[] = [
  {
    ...base,
    id: 'dns',
    kind: 'dns',
    title: 'DNS: every region resolves',
    status: 'pass',
    evidence: [{ text: 'SRV lookup: none' }],
  },
  {
    ...base,
    id: 'call-out',
    kind: 'call-out',
    title: 'Outbound call',
    status: 'fail',
    reason: 'From host wrong.example.com is not the trunk name',
    fix: 'Set the From host to trunking-customer.15611.service',
    rules: ['trunk.from-host'],
    figures: [
      {
        label: 'Caller ID sent',
        value: '+15551112222@wrong.example.com',
        expected: 'From host trunking-customer.15611.service',
        ok: false,
      },
    ],
    evidence: [{ text: 'the outbound call to +15551230000', callId: 'abc@127.0.0.1' }],
    startedAtMs: Date.UTC(2026, 0, 1, 9, 0, 0),
    endedAtMs: Date.UTC(2026, 0, 1, 9, 0, 4),
  },
  { ...base, id: 'caps', kind: 'caps', title: 'Channel and CPS caps', status: 'pending' },
];

describe('the acceptance checklist on screen', () => {
  const html = renderToStaticMarkup(<AcceptanceChecklist runId={7} steps={STEPS} onOpen={() => undefined} />);

  it('marks each step with its id and status', () => {
    expect(html).toContain('data-step="dns" data-status="pass"');
    expect(html).toContain('data-step="call-out" data-status="fail"');
    expect(html).toContain('data-step="caps" data-status="pending"');
    expect(html).toContain('>FAIL<');
  });

  it('says why a step failed, how to fix it, and what was seen against what was expected', () => {
    expect(html).toContain('From host wrong.example.com is not the trunk name');
    expect(html).toContain('data-testid="acceptance-fix"');
    expect(html).toContain('Fix: Set the From host to trunking-customer.15611.service');
    expect(html).toContain('+15551112222@wrong.example.com');
    expect(html).toContain('(expected From host trunking-customer.15611.service)');
    expect(html).toContain('09:00:00 UTC, 4.0 s');
  });

  it('links only the evidence that points at a call or a message', () => {
    expect(html.match(/data-testid="acceptance-evidence"/g)).toHaveLength(1);
    expect(html).toContain('SRV lookup: none');
  });
});
