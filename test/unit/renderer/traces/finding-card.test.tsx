import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FindingView } from '../../../../shared/ipc/schemas/traces';
import { FindingCard } from '../../../../renderer/src/traces/finding-card';

const FINDING: FindingView = {
  rule: 'trunk.from-host',
  severity: 'error',
  title: 'From host is not the trunk name',
  explanation: 'The provider matches the From host against the trunk name to find the account.',
  fix: 'Set the From host to trunking-customer.15611.service.',
  observed: 'pbx.example.com',
  expected: 'trunking-customer.15611.service',
  evidence: Array.from({ length: 7 }, (_, i) => ({
    messageId: 10 + i,
    callId: 'c1',
    line: 3,
    text: 'From: <sip:2035550100@pbx.example.com>;tag=1',
  })),
};

describe('a finding on the Findings screen', () => {
  const html = renderToStaticMarkup(<FindingCard finding={FINDING} onJump={() => undefined} />);

  it('carries its rule and severity for tests and styles', () => {
    expect(html).toContain('data-testid="finding" data-rule="trunk.from-host" data-severity="error"');
  });

  it('shows title, seen and expected, explanation, fix and the evidence quote', () => {
    for (const text of [
      FINDING.title,
      'pbx.example.com',
      'trunking-customer.15611.service',
      FINDING.explanation,
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('Fix: </strong>Set the From host');
    expect(html).toContain('From: &lt;sip:2035550100@pbx.example.com&gt;;tag=1');
  });

  it('has one jump button, and lists five evidence lines then how many more', () => {
    expect(html.match(/data-testid="finding-jump"/g)).toHaveLength(1);
    expect(html.match(/data-testid="finding-evidence-jump"/g)).toHaveLength(5);
    expect(html).toContain('… and 2 more');
  });
});
