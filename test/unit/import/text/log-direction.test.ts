// Issue 16 item 6: a PBX's log says which way each message went, names only the far side, may
// have no times at all, and often ends without a blank line after its last message.
import { describe, expect, it } from 'vitest';
import type { ImportedMessage } from '../../../../electron/import/imported-message';
import { LogHost, ownAddressClues } from '../../../../electron/import/text/log-host';
import { readTextTrace } from '../../../../electron/import/text-trace';
import { fixture } from './fixtures';

const PBX = { address: '192.168.1.20', port: 5060 };
const PROVIDER = { address: '198.51.100.10', port: 5060 };

/** Each message's way and both sides, in order. */
function sides(messages: readonly ImportedMessage[]) {
  return messages.map((m) => ({ way: m.way, src: m.src, dst: m.dst }));
}

describe('which way a message went, and the log host on its own side', () => {
  it('pjsip: "Received … from" comes from the provider to the PBX, "Transmitting … to" the other way', () => {
    const r = readTextTrace(fixture('asterisk-pjsip-inbound-loop.txt'));
    expect(r.logHost).toEqual(PBX);
    // An Asterisk log is written by the PBX, so its own address is the PBX's.
    expect(r.pbx).toEqual(PBX);
    const [outInvite, trying, inInvite, ourTrying] = sides(r.messages);
    expect(outInvite).toEqual({ way: 'out', src: PBX, dst: PROVIDER });
    expect(trying).toEqual({ way: 'in', src: PROVIDER, dst: PBX });
    expect(inInvite).toEqual({ way: 'in', src: PROVIDER, dst: PBX });
    expect(ourTrying).toEqual({ way: 'out', src: PBX, dst: PROVIDER });
    expect(r.messages.every((m) => m.src !== undefined && m.dst !== undefined)).toBe(true);
  });

  it('chan_sip: "SIP read from" is in, "(Reliably) Transmitting (NAT) to" and the 1.6 form are out', () => {
    const r = readTextTrace(fixture('asterisk-chan-sip.txt'));
    expect(r.logHost).toEqual(PBX);
    expect(r.messages.length).toBeGreaterThan(3);
    for (const m of r.messages) {
      const start = m.text.slice(0, m.text.indexOf('\r\n'));
      expect(m.way, start).toBeDefined();
      expect(m.way === 'in' ? m.dst : m.src).toEqual(PBX);
      expect(m.way === 'in' ? m.src : m.dst).toEqual(PROVIDER);
    }
    expect(r.messages[0]!.way).toBe('out');
    expect(r.messages[1]!.way).toBe('in');
  });

  it('FreeSWITCH: "recv … from" is in, "send … to" is out; the switch is the PBX', () => {
    const r = readTextTrace(fixture('freeswitch-siptrace.txt'), { dateHint: '2024-03-05' });
    expect(r.pbx).toEqual(PBX);
    const ways = r.messages.map((m) => m.way);
    expect(ways.slice(0, 4)).toEqual(['out', 'in', 'out', 'in']);
    // An OPTIONS the provider sent: its Via is the provider's, yet the switch is still the receiver.
    const options = r.messages.find((m) => m.text.startsWith('OPTIONS'))!;
    expect({ way: options.way, src: options.src, dst: options.dst }).toEqual({
      way: 'in',
      src: PROVIDER,
      dst: PBX,
    });
  });

  it('sngrep names both sides and no log host: nothing is filled in', () => {
    const r = readTextTrace(fixture('sngrep-call.txt'));
    expect(r.logHost).toBeUndefined();
    expect(r.pbx).toBeUndefined();
    expect(r.messages.every((m) => m.way === undefined && m.src !== undefined && m.dst !== undefined)).toBe(
      true,
    );
  });

  it('a "Received Packet from" trace fills its own side but does not call its writer the PBX', () => {
    const text = [
      'Received Packet from 198.51.100.10:5060',
      'OPTIONS sip:100@192.168.1.20:5080 SIP/2.0',
      'Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK-1',
      'From: <sip:ping@198.51.100.10>;tag=1',
      'To: <sip:100@192.168.1.20>',
      'Call-ID: ping-1',
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
    ].join('\n');
    const r = readTextTrace(text);
    // The Request-URI of a request it received names it.
    expect(r.messages[0]!.dst).toEqual({ address: '192.168.1.20', port: 5080 });
    expect(r.pbx).toBeUndefined();
  });
});

describe("the log host's address", () => {
  const request = (via: string, contact: string) => [
    'INVITE sip:100@198.51.100.10 SIP/2.0',
    `v: SIP/2.0/TLS ${via};branch=z9hG4bK-1, SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bK-0`,
    `m: <${contact}>;expires=60`,
  ];

  it('reads the top Via (compact form, default TLS port) and the Contact of what the host sent', () => {
    expect(ownAddressClues('out', request('pbx.example.com', 'sip:a@203.0.113.5:5070'), 'tls')).toEqual([
      { address: 'pbx.example.com', port: 5061 },
      { address: '203.0.113.5', port: 5070 },
    ]);
  });

  it("does not take the sender's Via of a request the host received", () => {
    expect(ownAddressClues('in', request('10.0.0.1:5060', 'sip:a@10.0.0.1'), 'udp')).toEqual([
      { address: '198.51.100.10', port: 5060 },
    ]);
  });

  it('prefers an address to a host name, then the most frequent', () => {
    const host = new LogHost();
    host.add([{ address: 'pbx.example.com', port: 5060 }]);
    host.add([{ address: 'pbx.example.com', port: 5060 }]);
    host.add([{ address: '10.0.0.2', port: 5060 }]);
    host.add([{ address: '10.0.0.3', port: 5060 }]);
    host.add([{ address: '10.0.0.3', port: 5060 }]);
    expect(host.endpoint()).toEqual({ address: '10.0.0.3', port: 5060 });
    expect(new LogHost().endpoint()).toBeUndefined();
  });
});

describe('times the log does not give', () => {
  it('a console log without stamps says its times are unknown instead of making them up', () => {
    const r = readTextTrace(fixture('asterisk-pjsip-console-undated.txt'));
    expect(r.messages).toHaveLength(6);
    expect(r.timesUnknown).toBe(true);
    expect(r.messages.every((m) => m.tsMicros === undefined)).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/times are unknown/);
    expect(r.warnings.join(' ')).not.toMatch(/1970|exact/);
  });

  it('a dated log has its times', () => {
    const r = readTextTrace(fixture('asterisk-pjsip-inbound-loop.txt'), { dateHint: '2024-03-05' });
    expect(r.timesUnknown).toBeUndefined();
    expect(new Date(r.messages[0]!.tsMicros! / 1000).toISOString()).toBe('2024-03-05T14:02:20.100Z');
  });
});

describe('the last message of a file', () => {
  const options = [
    'OPTIONS sip:198.51.100.10 SIP/2.0',
    'Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-9',
    'From: <sip:q@192.168.1.20>;tag=9',
    'To: <sip:198.51.100.10>',
    'Call-ID: q-9',
    'CSeq: 9 OPTIONS',
  ];

  it('is read whole without a blank line after it when its Content-Length is 0', () => {
    for (const end of ['', '\n', '\r\n']) {
      const text = `<--- Transmitting SIP request (1 bytes) to UDP:198.51.100.10:5060 --->\n${[...options, 'Content-Length: 0'].join('\n')}${end}`;
      const r = readTextTrace(text);
      expect(r.stoppedAt, JSON.stringify(end)).toBeUndefined();
      expect(r.messages).toHaveLength(1);
      expect(r.messages[0]!.truncated).toBeUndefined();
      expect(r.messages[0]!.text.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
    }
  });

  it('the fixture ending right after its last header line gives every message, none cut off', () => {
    const text = fixture('asterisk-pjsip-inbound-loop.txt');
    expect(text.endsWith('Content-Length: 0\n')).toBe(true);
    const r = readTextTrace(text);
    expect(r.messages).toHaveLength(14);
    expect(r.stoppedAt).toBeUndefined();
    expect(r.messages.at(-1)!.text.startsWith('SIP/2.0 200 OK')).toBe(true);
  });

  it('is still reported cut off when nothing says its headers were complete', () => {
    const r = readTextTrace(`${options.join('\n')}`);
    expect(r.messages[0]!.truncated).toBe(true);
    expect(r.stoppedAt?.reason).toMatch(/cut off/);
  });
});
