// Damaged, truncated and wrong files: what is readable is imported, stoppedAt says where and why
// reading ended, and binary data gives a clear warning instead of garbage or a crash.
import { describe, expect, it } from 'vitest';
import { readTextTrace } from '../../../../electron/import/text-trace';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { fixture } from './fixtures';

/** The text up to (not including) the n-th occurrence of `marker`, counting from 1. */
function cutBefore(text: string, marker: string, n: number): string {
  let at = -1;
  for (let k = 0; k < n; k++) at = text.indexOf(marker, at + 1);
  if (at < 0) throw new Error(`no occurrence ${n} of ${marker}`);
  return text.slice(0, at);
}

describe('truncated files', () => {
  it('plain text cut in the middle of the last headers: all messages, the last flagged', () => {
    const whole = readTextTrace(fixture('plain-register-call.txt'));
    const cut = cutBefore(fixture('plain-register-call.txt'), 'CSeq: 103 BYE', 2);
    const r = readTextTrace(cut);
    expect(r.messages).toHaveLength(whole.messages.length);
    const last = r.messages[r.messages.length - 1]!;
    expect(last.truncated).toBe(true);
    expect(r.messages.slice(0, -1).every((m) => m.truncated === undefined)).toBe(true);
    expect(r.stoppedAt).toEqual({
      line: last.sourceLine,
      reason: expect.stringMatching(/inside the headers/),
    });
    // What there was of it is kept, and the parser says what is missing.
    const doc = parseSipText(last.text);
    expect(doc.status).toBe(200);
    expect(doc.problems.map((p) => p.where)).toContain('cseq');
  });

  it('an Asterisk log cut inside an SDP body: stopped at that message, with the byte counts', () => {
    const text = fixture('asterisk-pjsip-full.txt');
    const cut = cutBefore(text, 'a=rtpmap:8 PCMA', 2);
    const r = readTextTrace(cut);
    const last = r.messages[r.messages.length - 1]!;
    expect(parseSipText(last.text).status).toBe(200);
    expect(last.truncated).toBe(true);
    expect(r.stoppedAt?.line).toBe(last.sourceLine);
    expect(r.stoppedAt?.reason).toMatch(/Content-Length is \d+ but the file ends after \d+ bytes of body/);
    expect(r.messages.slice(0, -1).every((m) => parseSipText(m.text).problems.length === 0)).toBe(true);
  });

  it('a FreeSWITCH block cut before its closing rule, inside the headers', () => {
    const r = readTextTrace(cutBefore(fixture('freeswitch-siptrace.txt'), '   Call-ID:', 3));
    expect(r.messages).toHaveLength(3);
    expect(r.stoppedAt?.reason).toMatch(/inside the headers/);
  });

  it('does not call a message cut when only the closing line is missing', () => {
    const text = fixture('asterisk-chan-sip.txt');
    const r = readTextTrace(cutBefore(text, '<------------->', 1));
    expect(r.stoppedAt).toBeUndefined();
    expect(r.messages).toHaveLength(2);
    expect(parseSipText(r.messages[1]!.text).problems).toEqual([]);
  });

  it('stops at NUL bytes in the middle of a text file, keeping what came before', () => {
    const text = fixture('sngrep-call.txt');
    const at = text.indexOf('SIP/2.0 200 OK');
    const damaged = `${text.slice(0, at)}\0\0\0\0${text.slice(at)}`;
    const r = readTextTrace(damaged);
    expect(r.messages.length).toBeGreaterThan(0);
    const line = damaged.slice(0, at).split('\n').length;
    expect(r.stoppedAt).toEqual({ line, reason: expect.stringMatching(/binary/) });
    expect(r.messages.every((m) => m.sourceLine < line)).toBe(true);
  });

  it('a message whose body turns into NUL bytes is kept, flagged and named as the stop', () => {
    const text = fixture('asterisk-pjsip-full.txt');
    const at = text.indexOf('a=rtpmap:8 PCMA');
    const r = readTextTrace(`${text.slice(0, at)}\0\0\0\0\0\0\0\0\n${text.slice(at)}`);
    const last = r.messages[r.messages.length - 1]!;
    expect(last.truncated).toBe(true);
    expect(r.stoppedAt?.line).toBe(last.sourceLine);
    expect(r.stoppedAt?.reason).toMatch(
      /binary data \(NUL bytes\) at line \d+ cuts it after \d+ bytes of body/,
    );
  });
});

describe('files that are not text traces', () => {
  it('a pcap holding SIP packets: no messages and a warning that names it', () => {
    const sip = fixture('plain-register-call.txt').split('\n\n')[1]!.replace(/\n/g, '\r\n');
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(65535, 16);
    header.writeUInt32LE(1, 20);
    const record = Buffer.alloc(16);
    const frame = Buffer.concat([Buffer.alloc(42, 0x45), Buffer.from(sip, 'latin1')]);
    record.writeUInt32LE(1709647331, 0);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    const pcap = Buffer.concat([header, record, frame, record, frame]).toString('latin1');
    const r = readTextTrace(pcap, { fileName: 'call.pcap' });
    expect(r.messages).toEqual([]);
    expect(r.format).toBe('binary');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/call\.pcap is a pcap capture, not a text trace/);
  });

  it('random binary data: no messages, a warning, no crash', () => {
    let seed = 7;
    const bytes = Array.from({ length: 20_000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(seed % 256);
    }).join('');
    const r = readTextTrace(bytes);
    expect(r.messages).toEqual([]);
    expect(r.warnings[0]).toMatch(/binary data/);
  });

  it('an empty file and a file of prose say so', () => {
    expect(readTextTrace('')).toMatchObject({ messages: [], format: 'empty' });
    const prose = readTextTrace('Dear support,\nour PBX cannot register since Monday.\nThanks\n');
    expect(prose).toMatchObject({ messages: [], format: 'unrecognised' });
    expect(prose.warnings[0]).toMatch(/no SIP message/);
  });
});

describe('large imports', () => {
  // Sized so a linear pass is quick and a quadratic one runs past the time limit.
  it('imports 10,000 plain messages', () => {
    const one = fixture('plain-register-call.txt').split('\n\n').slice(1, 5).join('\n\n');
    const text = Array.from({ length: 2500 }, () => one).join('\n\n');
    const r = readTextTrace(text);
    expect(r.messages).toHaveLength(10_000);
  }, 30_000);
});
