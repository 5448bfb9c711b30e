// FreeSWITCH `sofia global siptrace on` blocks and sngrep's .txt export.
import { describe, expect, it } from 'vitest';
import { readTextTrace } from '../../../../electron/import/text-trace';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { fixture, fixtureLines } from './fixtures';

const FS = 'freeswitch-siptrace.txt';
const SNGREP = 'sngrep-call.txt';

describe('FreeSWITCH siptrace', () => {
  const r = readTextTrace(fixture(FS));
  const lines = fixtureLines(FS);
  const markerOf = (sourceLine: number) => lines[sourceLine - 3]!; // marker, rule, message

  it('reads each block between its rules, indentation removed, to the announced byte count', () => {
    expect(r.format).toBe('freeswitch-siptrace');
    expect(r.messages).toHaveLength(lines.filter((l) => /^(recv|send) \d+ bytes/.test(l)).length);
    for (const m of r.messages) {
      expect(m.text.length).toBe(Number(/^(?:recv|send) (\d+) bytes/.exec(markerOf(m.sourceLine))![1]));
      expect(m.text).not.toMatch(/^ {3}|-{10}/m);
      expect(parseSipText(m.text, { transport: m.transport }).problems).toEqual([]);
    }
  });

  it('takes direction and peer from "recv … from" and "send … to"', () => {
    for (const m of r.messages) {
      const marker = markerOf(m.sourceLine);
      const endpoint = { address: '198.51.100.10', port: 5060 };
      if (marker.startsWith('recv')) expect(m.src).toEqual(endpoint);
      else expect(m.dst).toEqual(endpoint);
      expect(m.transport).toBe('udp');
    }
  });

  it('dates the time-of-day stamps from the dated log lines, across midnight', () => {
    const iso = r.messages.map((m) => new Date(m.tsMicros! / 1000).toISOString());
    expect(iso[0]).toBe('2024-03-05T23:59:58.102Z');
    expect(iso[iso.length - 1]).toMatch(/^2024-03-06T00:00:30/);
    // Microseconds are kept.
    expect(r.messages[0]!.tsMicros! % 1_000_000).toBe(102_977);
    expect(r.warnings.join(' ')).not.toMatch(/1970/);
  });

  it('places a trace with no dated line on 1970-01-01 and says so', () => {
    const bare = fixture(FS)
      .split('\n')
      .filter((l) => !/^\d{4}-\d\d-\d\d /.test(l))
      .join('\n');
    const got = readTextTrace(bare);
    expect(got.messages).toHaveLength(r.messages.length);
    expect(new Date(got.messages[0]!.tsMicros! / 1000).toISOString()).toBe('1970-01-01T23:59:58.102Z');
    expect(got.warnings.join(' ')).toMatch(/without a date/);
  });
});

describe('sngrep .txt export', () => {
  const r = readTextTrace(fixture(SNGREP));
  const lines = fixtureLines(SNGREP);

  it('reads source, destination and time from the line above each message', () => {
    expect(r.format).toBe('sngrep-txt');
    expect(r.messages).toHaveLength(lines.filter((l) => / -> /.test(l)).length);
    for (const m of r.messages) {
      const head = /^(\d{4})\/(\d\d)\/(\d\d) (\S+) ([\d.]+):(\d+) -> ([\d.]+):(\d+)$/.exec(
        lines[m.sourceLine - 2]!,
      )!;
      expect(m.src).toEqual({ address: head[5], port: Number(head[6]) });
      expect(m.dst).toEqual({ address: head[7], port: Number(head[8]) });
      expect(m.tsMicros).toBe(
        Date.parse(`${head[1]}-${head[2]}-${head[3]}T${head[4]!.slice(0, 12)}Z`) * 1000 +
          Number(head[4]!.slice(12, 15)),
      );
      expect(parseSipText(m.text, { transport: m.transport }).problems).toEqual([]);
    }
    expect(r.warnings).toEqual([]);
  });
});
