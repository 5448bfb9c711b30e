import { describe, expect, it } from 'vitest';
import type { ExportData } from '../../../electron/export/export-data';
import { reportMarkdown } from '../../../electron/export/report-md';
import type { StoredMessage } from '../../../shared/trace-types';

const T0 = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;

function message(id: number, raw: string, extra: Partial<StoredMessage>): StoredMessage {
  const bytes = Buffer.from(raw, 'latin1');
  return {
    id,
    runId: 1,
    tsMicros: T0 + id * 1000,
    direction: 'in',
    transport: 'udp',
    local: { address: '127.0.0.1', port: 5060 },
    remote: { address: '127.0.0.2', port: 5062 },
    parsed: true,
    callId: 'c1',
    raw: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    ...extra,
  };
}

// What anyone who can send a SIP message controls: header values, reason phrases, the body.
const HOSTILE_REASON = 'OK ![pixel](http://evil.example/p.png) [click](http://evil.example) <b>x</b>';
const INVITE = [
  'INVITE sip:bob@example.net SIP/2.0',
  'X-Evil: a`b ![img](http://evil.example/i.png)` c',
  'Subject: ```',
  '````',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

function hostileData(): ExportData {
  return {
    run: {
      id: 1,
      kind: 'import',
      target: '*pbx* <http://evil.example/autolink> [t](http://evil.example/t)',
      profile: 'generic',
      startedAtMicros: T0,
      endedAtMicros: T0 + 5_000_000,
      ok: false,
      summary: 'imported # 2 message(s) & &lt;more&gt; www.evil.example/x',
      messageCount: 2,
    },
    messages: [
      message(1, INVITE, { method: 'INVITE', cseqSeq: 1, cseqMethod: 'INVITE' }),
      message(2, `SIP/2.0 200 ${HOSTILE_REASON}\r\nContent-Length: 0\r\n\r\n`, {
        direction: 'out',
        status: 200,
        reason: HOSTILE_REASON,
        cseqSeq: 1,
        cseqMethod: 'INVITE',
      }),
    ],
    findings: [
      {
        rule: 'trunk.e164',
        severity: 'error',
        title: 'Bad number ![x](http://evil.example/t.png) in [a link](http://evil.example/l)',
        explanation: 'The <script>alert(1)</script> header said _so_ and *so*.',
        fix: 'Rewrite to +<country code><number> | see http://evil.example/fix',
        observed: '`tick` and <img src=x onerror=alert(1)>',
        expected: '+<country code><number>',
        evidence: [{ messageId: 1, line: 2, text: 'X-Evil: a`b ![img](http://evil.example/i.png)` c' }],
      },
    ],
    profile: 'generic',
    redacted: ['password-looking values'],
    exportedAtMicros: T0 + 10_000_000,
  };
}

/**
 * The text outside code (fenced blocks by CommonMark's rule: closed only by a backtick run at least
 * as long as the opening one; code spans: closed by a run of exactly the same length).
 */
function proseOf(md: string): string {
  const prose: string[] = [];
  let fence: number | undefined;
  for (const line of md.split('\n')) {
    const run = /^ {0,3}(`{3,})\s*$/.exec(line)?.[1]?.length;
    const open = /^ {0,3}(`{3,})[^`]*$/.exec(line)?.[1]?.length;
    if (fence !== undefined) {
      if (run !== undefined && run >= fence) fence = undefined;
      continue;
    }
    if (open !== undefined) {
      fence = open;
      continue;
    }
    prose.push(line.replace(/(?<!`)(`+)(?!`)([\s\S]*?)(?<!`)\1(?!`)/g, ' CODE '));
  }
  expect(fence, 'a code block is left open').toBeUndefined();
  return prose.join('\n');
}

describe('reportMarkdown', () => {
  it('escapes Markdown in every text that comes from the run, so nothing in it renders as a link, image or HTML', () => {
    const md = reportMarkdown(hostileData());
    // The report's own bold labels ("- **Verdict:** ") are the only markup outside code.
    const prose = proseOf(md).replace(/^- \*\*[A-Za-z ]+:\*\* /gm, '- ');
    // Every character that opens inline syntax is escaped outside code.
    for (const ch of ['[', ']', '!', '<', '>', '*', '_', '`', '|', '&']) {
      const bare = [...prose.matchAll(new RegExp(`(?<!\\\\)\\${ch}`, 'g'))];
      expect(
        bare.map((m) => prose.slice(Math.max(0, m.index - 30), m.index + 10)),
        `bare ${ch}`,
      ).toEqual([]);
    }
    // No bare URL for extended autolinks (GFM) either.
    expect(prose).not.toMatch(/https?:\/\/|www\./);
    expect(md).toContain('\\[ERROR\\]');
  });

  it('shows < as < (escaped for Markdown), never as an HTML entity', () => {
    const md = reportMarkdown(hostileData());
    expect(md).not.toContain('&lt;country');
    expect(md).toContain('\\<country code\\>');
    // A literal "&lt;" in the run stays literal text when rendered.
    expect(md).toContain('\\&lt;more\\&gt;');
  });

  it('quotes evidence with a backtick in a code span fenced by a longer run of backticks', () => {
    const md = reportMarkdown(hostileData());
    expect(md).toContain(': ``X-Evil: a`b ![img](http://evil.example/i.png)` c``');
  });

  it('fences key messages with more backticks than any line inside them holds', () => {
    const md = reportMarkdown(hostileData());
    const lines = md.split('\n');
    const at = lines.findIndex((l) => l === 'X-Evil: a`b ![img](http://evil.example/i.png)` c');
    expect(at).toBeGreaterThan(0);
    // The message's own "````" line is inside the block: the opening fence is longer.
    const fence = lines
      .slice(0, at)
      .reverse()
      .find((l) => /^`{3,}$/.test(l))!;
    expect(fence.length).toBeGreaterThan(4);
    expect(lines.slice(at).includes(fence)).toBe(true);
    expect(lines.slice(at, lines.indexOf(fence, at))).toContain('````');
  });

  it('keeps an ordinary report readable: plain words and message text are not escaped', () => {
    const data = hostileData();
    const md = reportMarkdown({
      ...data,
      findings: [{ ...data.findings[0]!, title: 'Registration refused', fix: 'Check the password' }],
    });
    expect(md).toContain('Registration refused');
    expect(md).toContain('Fix: Check the password');
    expect(md).toContain('INVITE sip:bob@example.net SIP/2.0');
  });
});
