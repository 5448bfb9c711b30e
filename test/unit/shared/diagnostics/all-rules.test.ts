import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../../../shared/diagnostics/analyze';

// Every id of the steering document provider-rules.md, plus the failure-response explainer.
const SPEC_IDS = [
  'trunk.from-host',
  'trunk.direction',
  'trunk.limits',
  'trunk.source-ip',
  'trunk.relay-media',
  'trunk.caller-id',
  'trunk.e164',
  'sip.syntax',
  'reg.srv',
  'reg.interval',
  'reg.expires',
  'reg.429',
  'reg.transport',
  'reg.one-pbx',
  'reg.channels',
  'reg.cps',
  'reg.credentials',
  'reg.inbound-rr',
  'sip.nat',
  'sip.no-final-response',
  'sip.no-bye',
  'sip.tags',
  'sip.cseq',
  'sip.branch',
  'sip.retransmit',
  'sip.failure-response',
];

describe('the rule registry', () => {
  it('has exactly one rule per id of provider-rules.md', () => {
    expect([...ALL_RULES.map((r) => r.id)].sort()).toEqual([...SPEC_IDS].sort());
    for (const r of ALL_RULES) expect(r.title.length).toBeGreaterThan(10);
  });
});
