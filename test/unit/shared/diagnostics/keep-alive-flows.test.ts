// Keep-alives in a trace are counted per source and destination and never judged by the rules.
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../../../../shared/diagnostics/analyze';
import { keepAliveFlows, keepAliveFlowText } from '../../../../shared/diagnostics/keep-alive-flows';
import type { TraceMessage } from '../../../../shared/diagnostics/trace-model';
import { keepAliveOfText } from '../../../../shared/sip/keep-alive';
import { optionsPing, profile, trace, type Spec } from './trace-builder';

const PHONE = '192.0.2.10:5060';
const PROXY = '198.51.100.1:5060';

/** What the importers give the rules: each message's keep-alive kind, when it is one. */
function withKeepAlives(specs: readonly Spec[]): TraceMessage[] {
  return trace(specs).map((m) => {
    const keepAlive = keepAliveOfText(m.text);
    return keepAlive === undefined ? m : { ...m, keepAlive };
  });
}

describe('keep-alives in the rules engine', () => {
  const specs: Spec[] = [
    { at: 0, from: PHONE, to: PROXY, text: '     ' },
    ...optionsPing(1, PHONE, PROXY),
    { at: 15, from: PHONE, to: PROXY, text: '     ' },
    { at: 30, from: PHONE, to: PROXY, text: 'hello' },
    { at: 30.1, from: PROXY, to: PHONE, text: 'hello' },
    { at: 45, from: PHONE, to: PROXY, text: '\r\n\r\n' },
    { at: 45.01, from: PROXY, to: PHONE, text: '\r\n' },
  ];

  it('raises nothing about them and counts them beside the SIP messages', () => {
    const result = analyzeTrace(withKeepAlives(specs), profile());
    expect(result.findings.filter((f) => f.rule === 'sip.syntax')).toEqual([]);
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.stats.keepAlives).toBe(6);
    expect(result.stats.messages).toBe(2);
  });

  it('counts them per source and destination, by kind', () => {
    const flows = keepAliveFlows(withKeepAlives(specs));
    expect(flows.map(keepAliveFlowText)).toEqual([
      '192.0.2.10:5060 → 198.51.100.1:5060: 4 (2 blank keep-alive, 1 vendor keep-alive, 1 CRLF ping)',
      '198.51.100.1:5060 → 192.0.2.10:5060: 2 (1 vendor keep-alive, 1 CRLF pong)',
    ]);
  });
});
