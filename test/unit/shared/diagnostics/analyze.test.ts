import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../../../../shared/diagnostics/analyze';
import type { Rule } from '../../../../shared/diagnostics/rule-types';
import type { Finding } from '../../../../shared/diagnostics/trace-model';
import { callFlow, merge, profile, registerFlow, trace } from './trace-builder';

const serious = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity !== 'info');

describe('analyzeTrace', () => {
  it('finds nothing wrong in a clean REGISTER / 401 / REGISTER / 200 flow under the generic profile', () => {
    const messages = trace(registerFlow({ at: 0 }));
    const result = analyzeTrace(messages, profile('generic'));
    expect(serious(result.findings)).toEqual([]);
    expect(result.stats).toMatchObject({ messages: 4, registrations: 1, registrationAttempts: 1, calls: 0 });
  });

  it('finds nothing wrong in a clean INVITE / 100 / 180 / 200 / ACK / BYE / 200 call', () => {
    const messages = trace(callFlow({ at: 0, callId: 'clean-1' }));
    const result = analyzeTrace(messages, profile('generic'));
    expect(serious(result.findings)).toEqual([]);
    expect(result.stats).toMatchObject({
      messages: 7,
      calls: 1,
      answeredCalls: 1,
      dialogs: 1,
      retransmissions: 0,
    });
  });

  it('a registration then a call, under generic: still clean', () => {
    const messages = trace(merge(registerFlow({ at: 0 }), callFlow({ at: 5, callId: 'c2' })));
    const result = analyzeTrace(messages, profile('generic'));
    expect(serious(result.findings)).toEqual([]);
    expect(result.stats.outboundCalls).toBe(1);
  });

  it('sorts errors, then warnings, then info, each by first evidence', () => {
    const rules: Rule[] = [
      {
        id: 'test.mixed',
        title: 'test',
        run: () => [
          {
            rule: 'test.mixed',
            severity: 'info',
            title: 'i0',
            evidence: [{ messageIndex: 0 }],
            explanation: '',
            fix: '',
          },
          {
            rule: 'test.mixed',
            severity: 'warning',
            title: 'w3',
            evidence: [{ messageIndex: 3 }],
            explanation: '',
            fix: '',
          },
          {
            rule: 'test.mixed',
            severity: 'error',
            title: 'e5',
            evidence: [{ messageIndex: 5 }, { messageIndex: 9 }],
            explanation: '',
            fix: '',
          },
          {
            rule: 'test.mixed',
            severity: 'warning',
            title: 'w1',
            evidence: [{ messageIndex: 4 }, { messageIndex: 1 }],
            explanation: '',
            fix: '',
          },
          {
            rule: 'test.mixed',
            severity: 'error',
            title: 'e2',
            evidence: [{ messageIndex: 2 }],
            explanation: '',
            fix: '',
          },
          { rule: 'test.mixed', severity: 'error', title: 'e-none', evidence: [], explanation: '', fix: '' },
        ],
      },
    ];
    const result = analyzeTrace(trace(registerFlow({ at: 0 })), profile(), { rules });
    expect(result.findings.map((f) => f.title)).toEqual(['e2', 'e5', 'e-none', 'w1', 'w3', 'i0']);
  });

  it('turns a rule that throws into an info finding and keeps the other rules', () => {
    const rules: Rule[] = [
      {
        id: 'test.broken',
        title: 'broken',
        run: () => {
          throw new Error('kaboom');
        },
      },
      {
        id: 'test.fine',
        title: 'fine',
        run: () => [
          {
            rule: 'test.fine',
            severity: 'warning',
            title: 'still here',
            evidence: [],
            explanation: '',
            fix: '',
          },
        ],
      },
    ];
    const result = analyzeTrace(trace(registerFlow({ at: 0 })), profile(), { rules });
    expect(result.findings.map((f) => [f.rule, f.severity, f.title])).toEqual([
      ['test.fine', 'warning', 'still here'],
      ['test.broken', 'info', 'rule test.broken could not run: kaboom'],
    ]);
  });

  it('survives an empty trace and messages without times or addresses', () => {
    expect(analyzeTrace([], profile('skyetel')).findings).toEqual([]);
    const messages = trace(registerFlow({ at: 0 }).map((s) => ({ text: s.text })));
    const result = analyzeTrace(messages, profile('skyetel'));
    expect(result.findings.every((f) => !f.title.includes('could not run'))).toBe(true);
  });
});
