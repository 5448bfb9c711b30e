// Asterisk `pjsip set logger on` / `sip set debug on` output, as the full log and the console
// show it.
import { describe, expect, it } from 'vitest';
import { readTextTrace } from '../../../../electron/import/text-trace';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { fixture, fixtureLines } from './fixtures';

const PJSIP = 'asterisk-pjsip-full.txt';
const CHAN_SIP = 'asterisk-chan-sip.txt';

describe('Asterisk pjsip logger', () => {
  const r = readTextTrace(fixture(PJSIP));
  const lines = fixtureLines(PJSIP);

  it('finds every logged message and nothing else', () => {
    expect(r.format).toBe('asterisk-sip-debug');
    const markers = lines.filter((l) => l.includes('<--- ')).length;
    expect(r.messages).toHaveLength(markers);
    for (const m of r.messages) expect(parseSipText(m.text, { transport: m.transport }).problems).toEqual([]);
  });

  it('rebuilds each message to exactly the byte count the logger announced', () => {
    for (const m of r.messages) {
      const marker = lines[m.sourceLine - 2]!;
      const bytes = Number(/\((\d+) bytes\)/.exec(marker)?.[1]);
      expect(m.text.length).toBe(bytes);
    }
  });

  it('takes direction, transport and peer from the marker', () => {
    for (const m of r.messages) {
      const marker = lines[m.sourceLine - 2]!;
      const peer = /(?:from|to) (UDP|TCP):([\d.]+):(\d+)/.exec(marker)!;
      const endpoint = { address: peer[2], port: Number(peer[3]) };
      const [near, far] = marker.includes('Received') ? [m.src, m.dst] : [m.dst, m.src];
      expect(near).toEqual(endpoint);
      // The PBX's own side, which the marker does not name, is the address its Vias carry.
      expect(far).toEqual({ address: '192.168.1.20', port: 5060 });
      expect(m.way).toBe(marker.includes('Received') ? 'in' : 'out');
      expect(m.transport).toBe(peer[1]!.toLowerCase());
    }
    expect(r.messages.some((m) => m.transport === 'tcp')).toBe(true);
  });

  it('places a log without years in the latest year that puts it before its file last changed', () => {
    const at = (iso: string) => ({ ms: Date.parse(iso), what: 'the file was last changed' });
    // First message Mar 5 14:02:11: a file changed on 10 March 2026 holds a log of 5 March 2026 …
    const spring = readTextTrace(fixture(PJSIP), { notAfter: at('2026-03-10T00:00:00Z') });
    expect(new Date(spring.messages[0]!.tsMicros! / 1000).toISOString()).toBe('2026-03-05T14:02:11.000Z');
    expect(spring.warnings.join(' ')).toMatch(
      /without a year; they are placed in 2026, the latest year that puts them before the file was last changed/,
    );
    expect(spring.warnings.join(' ')).not.toMatch(/1970/);
    // … and one changed on 1 March 2026 cannot hold 5 March 2026: it is last year's.
    const winter = readTextTrace(fixture(PJSIP), { notAfter: at('2026-03-01T00:00:00Z') });
    expect(new Date(winter.messages[0]!.tsMicros! / 1000).toISOString()).toBe('2025-03-05T14:02:11.000Z');
  });

  it('reads "[Mon DD HH:MM:SS]" stamps; without a year they land in 1970 unless a date is given', () => {
    expect(r.warnings.join(' ')).toMatch(/without a year/);
    const first = r.messages[0]!;
    expect(new Date(first.tsMicros! / 1000).toISOString()).toBe('1970-03-05T14:02:11.000Z');
    const dated = readTextTrace(fixture(PJSIP), { dateHint: '2024-03-05' });
    expect(dated.warnings.join(' ')).not.toMatch(/without a year/);
    expect(new Date(dated.messages[0]!.tsMicros! / 1000).toISOString()).toBe('2024-03-05T14:02:11.000Z');
    // What the rules measure, the intervals, is the same either way.
    const gaps = (msgs: typeof r.messages) => msgs.slice(1).map((m, i) => m.tsMicros! - msgs[i]!.tsMicros!);
    expect(gaps(dated.messages)).toEqual(gaps(r.messages));
  });

  it('reads console output without stamps, IPv6 peers and colour codes', () => {
    const register = parseSipText(r.messages[0]!.text);
    expect(register.method).toBe('REGISTER');
    const text = r.messages[0]!.text;
    const console = [
      `\x1b[1;35m<--- Received SIP request (${text.length} bytes) from UDP:[2001:db8::10]:5060 --->\x1b[0m`,
      text,
      '',
      '    -- Added contact to AOR 101',
    ].join('\n');
    const got = readTextTrace(console);
    expect(got.messages).toHaveLength(1);
    expect(got.messages[0]).toMatchObject({ src: { address: '2001:db8::10', port: 5060 }, transport: 'udp' });
    expect(got.messages[0]!.tsMicros).toBeUndefined();
    expect(got.messages[0]!.text).toBe(text);
  });
});

describe('Asterisk stamps', () => {
  const message = readTextTrace(fixture(PJSIP)).messages[0]!.text;
  const block = (stamp: string) =>
    `[${stamp}] VERBOSE[23817] res_pjsip_logger.c: <--- Received SIP request (${message.length} bytes) from UDP:198.51.100.10:5060 --->\n${message}\n`;

  it('crosses New Year when the month goes back', () => {
    const r = readTextTrace(block('Dec 31 23:59:59') + block('Jan  1 00:00:01'), { dateHint: '2024-12-31' });
    const [a, b] = r.messages.map((m) => new Date(m.tsMicros! / 1000).toISOString());
    expect([a, b]).toEqual(['2024-12-31T23:59:59.000Z', '2025-01-01T00:00:01.000Z']);
  });

  it('reads ISO stamps with milliseconds and a zone offset', () => {
    const r = readTextTrace(block('2024-03-05 14:02:11.250+0100'));
    expect(new Date(r.messages[0]!.tsMicros! / 1000).toISOString()).toBe('2024-03-05T13:02:11.250Z');
    expect(r.warnings).toEqual([]);
  });
});

describe('Asterisk chan_sip debug', () => {
  const r = readTextTrace(fixture(CHAN_SIP));
  const lines = fixtureLines(CHAN_SIP);

  it('reads the 1.8+ arrows and the 1.6 "Reliably Transmitting … to host:port:" form', () => {
    expect(r.format).toBe('asterisk-sip-debug');
    const docs = r.messages.map((m) => parseSipText(m.text, { transport: m.transport }));
    expect(docs.map((d) => d.method ?? d.status)).toEqual(['INVITE', 100, 200, 'ACK', 'BYE', 200]);
    for (const d of docs) expect(d.problems).toEqual([]);
    expect(lines[r.messages[0]!.sourceLine - 2]).toMatch(/^Reliably Transmitting \(no NAT\) to/);
    expect(r.messages[0]!.dst).toEqual({ address: '198.51.100.10', port: 5060 });
    expect(r.messages[1]!.src).toEqual({ address: '198.51.100.10', port: 5060 });
  });

  it('takes the transport from the Via where the marker does not name it', () => {
    expect(r.messages.map((m) => m.transport)).toEqual(Array(6).fill('udp'));
  });

  it('keeps the closing lines and the header counts out of the messages', () => {
    for (const m of r.messages) {
      expect(m.text).not.toMatch(/<-+>|^---$|headers \d+ lines/m);
      expect(m.text.endsWith('\r\n')).toBe(true);
    }
  });

  it('dates each message by the ISO stamp on the log prefix line just above its marker', () => {
    for (const m of r.messages) {
      const prefix = lines[m.sourceLine - 3]!;
      const iso = /^\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})\]/.exec(prefix)!;
      expect(m.tsMicros).toBe(Date.parse(`${iso[1]}T${iso[2]}Z`) * 1000);
    }
    expect(r.warnings.join(' ')).not.toMatch(/year|date/);
  });
});
