import { describe, expect, it } from 'vitest';
import type { FindingView } from '../../../../shared/ipc/schemas/traces';
import { findingsOfMessage, groupBySeverity, severityCount } from '../../../../renderer/src/traces/severity';

const finding = (
  rule: string,
  severity: FindingView['severity'],
  evidence: FindingView['evidence'],
): FindingView => ({
  rule,
  severity,
  title: rule,
  explanation: '',
  fix: '',
  evidence,
});

const FINDINGS = [
  finding('sip.nat', 'info', [{ messageId: 7, line: 5 }]),
  finding('trunk.from-host', 'error', [
    { messageId: 7, line: 3 },
    { messageId: 9, line: 3 },
  ]),
  finding('reg.one-pbx', 'warning', [{ messageId: 9 }]),
];

describe('findings by severity and by message', () => {
  it('groups errors, then warnings, then information, leaving out empty groups', () => {
    const groups = groupBySeverity(FINDINGS);
    expect(groups.map((g) => [g.severity, g.findings.map((f) => f.rule)])).toEqual([
      ['error', ['trunk.from-host']],
      ['warning', ['reg.one-pbx']],
      ['info', ['sip.nat']],
    ]);
    expect(groupBySeverity([finding('x', 'info', [])]).map((g) => g.severity)).toEqual(['info']);
  });

  it("lists a message's findings, worst first, and the lines they point at in it", () => {
    const own = findingsOfMessage(FINDINGS, 7);
    expect(own.findings.map((f) => f.rule)).toEqual(['trunk.from-host', 'sip.nat']);
    expect([...own.lines].sort()).toEqual([3, 5]);
  });

  it('a finding about the whole message highlights no line', () => {
    const own = findingsOfMessage(FINDINGS, 9);
    expect(own.findings.map((f) => f.rule)).toEqual(['trunk.from-host', 'reg.one-pbx']);
    expect([...own.lines]).toEqual([3]);
    expect(findingsOfMessage(FINDINGS, 1).findings).toEqual([]);
  });
});

describe('severityCount', () => {
  it('says one finding in the singular: "1 error", not "1 errors"', () => {
    expect(severityCount('error', 1)).toBe('1 error');
    expect(severityCount('error', 5)).toBe('5 errors');
    expect(severityCount('warning', 1)).toBe('1 warning');
    expect(severityCount('warning', 2)).toBe('2 warnings');
    expect(severityCount('info', 1)).toBe('1 info');
  });
});
