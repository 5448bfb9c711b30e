import { describe, expect, it } from 'vitest';
import { rawLines, splitHeader } from '../../../../renderer/src/traces/raw-lines';

const INVITE = [
  'INVITE sip:1001@pbx.example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1',
  'From: <sip:2035550100@trunk.example.com>;tag=a',
  'To: <sip:1001@pbx.example.com>',
  'Contact: <sip:2035550100@10.0.0.5:5060>',
  'Content-Length: 4',
  '',
  'v=0',
  '',
].join('\r\n');

describe('raw text lines with evidence highlighted', () => {
  it('highlights the 1-based line the evidence names', () => {
    const lines = rawLines(INVITE, new Set([5]));
    const marked = lines.filter((l) => l.highlight);
    expect(marked.map((l) => l.number)).toEqual([5]);
    expect(marked[0]?.text).toBe('Contact: <sip:2035550100@10.0.0.5:5060>');
  });

  it('drops the CR of CRLF and the empty line the final CRLF leaves', () => {
    const lines = rawLines(INVITE);
    expect(lines.map((l) => l.text)).toEqual(INVITE.split('\r\n').slice(0, 8));
    expect(lines.some((l) => l.text.includes('\r'))).toBe(false);
  });

  it('counts leading keep-alive CRLFs as lines, as the rules do', () => {
    const lines = rawLines(`\r\n\r\n${INVITE}`, new Set([3]));
    expect(lines.find((l) => l.highlight)?.text).toBe('INVITE sip:1001@pbx.example.com SIP/2.0');
    expect(lines.map((l) => l.part).slice(0, 4)).toEqual(['blank', 'blank', 'start', 'header']);
  });

  it('tells the start line, headers, the blank line and the body apart', () => {
    const parts = rawLines(INVITE).map((l) => l.part);
    expect(parts).toEqual(['start', 'header', 'header', 'header', 'header', 'header', 'blank', 'body']);
  });

  it('shows control bytes of a garbled packet as \\xNN, keeping tabs', () => {
    const [line] = rawLines('OPTIONS\x00\x1b sip:a\tSIP/2.0\rX');
    expect(line?.text).toBe('OPTIONS\\x00\\x1b sip:a\tSIP/2.0\\x0dX');
  });

  it('splits a header name from its value, not the start line or a body line', () => {
    expect(splitHeader('Via: SIP/2.0/UDP h')).toEqual({ name: 'Via', rest: ': SIP/2.0/UDP h' });
    expect(splitHeader('v=0')).toBeUndefined();
  });
});
