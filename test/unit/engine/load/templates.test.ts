import { describe, expect, it } from 'vitest';
import { callIdentity, slotOfCallId } from '../../../../electron/engine/load/call-ids';
import { FixedTemplate } from '../../../../electron/engine/load/fixed-template';
import { LoadTemplates, routeLines } from '../../../../electron/engine/load/sip-templates';
import { parseWire } from '../../../../electron/engine/sip/parse-message';

const templates = new LoadTemplates({
  fromUser: 'alice',
  fromHost: 'trunk.example',
  toUser: '15551230000',
  domain: '127.0.0.1:5070',
  localAddress: '127.0.0.1',
  localPort: 40000,
  rtpPort: 40002,
  runTag: 'abcd1234',
});

describe('load templates', () => {
  it('fills fixed-width fields in place', () => {
    const t = new FixedTemplate('A {X} B {Y} {X}', [
      { name: 'X', width: 3 },
      { name: 'Y', width: 1 },
    ]);
    expect(t.fill(['abc', 'z']).toString()).toBe('A abc B z abc');
    expect(() => t.fill(['ab', 'z'])).toThrow(RangeError);
  });

  it('builds an INVITE that npm sip parses, with the call id in Call-ID, From tag and branch', () => {
    const id = callIdentity(1, 7);
    const parsed = parseWire(templates.fillInvite(id, 1));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const sip = parsed.sip;
    expect(sip.method).toBe('INVITE');
    expect(sip.requestUri).toBe('sip:15551230000@127.0.0.1:5070');
    expect(sip.callId).toBe(`${id}-abcd1234@127.0.0.1`);
    expect(sip.fromTag).toBe(id);
    expect(sip.cseq).toEqual({ seq: 1, method: 'INVITE' });
    expect(sip.vias[0]?.params.branch).toBe(`z9hG4bK${id}i1`);
    expect(sip.first('from')).toBe(`<sip:alice@trunk.example>;tag=${id}`);
    expect(sip.message.content).toContain('m=audio 40002 RTP/AVP 0 101');
  });

  it('keeps the INVITE branch for CANCEL and the non-2xx ACK', () => {
    const id = callIdentity(2, 3);
    const cancel = parseWire(templates.fillCancel(id, 2));
    const ack = parseWire(templates.ackNon2xx(id, 2, '<sip:x@y>;tag=t'));
    expect(cancel.ok && cancel.sip.vias[0]?.params.branch).toBe(`z9hG4bK${id}i2`);
    expect(cancel.ok && cancel.sip.cseq).toEqual({ seq: 2, method: 'CANCEL' });
    expect(ack.ok && ack.sip.vias[0]?.params.branch).toBe(`z9hG4bK${id}i2`);
    expect(ack.ok && ack.sip.toTag).toBe('t');
  });

  it('sends BYE to the remote target through the reversed Record-Route set', () => {
    const id = callIdentity(3, 0);
    const routes = routeLines(['<sip:p1;lr>', '<sip:p2;lr>, <sip:p3;lr>']);
    expect(routes).toBe('Route: <sip:p3;lr>\r\nRoute: <sip:p2;lr>\r\nRoute: <sip:p1;lr>\r\n');
    const bye = templates.inDialog('BYE', id, 2, {
      to: '<sip:b@c>;tag=9',
      target: 'sip:uas@127.0.0.9:5080',
      routes,
    });
    const p = parseWire(bye);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.sip.requestUri).toBe('sip:uas@127.0.0.9:5080');
    expect(p.sip.header('route')).toEqual(['<sip:p3;lr>', '<sip:p2;lr>', '<sip:p1;lr>']);
    expect(p.sip.cseq).toEqual({ seq: 2, method: 'BYE' });
  });

  it('maps a Call-ID back to its slot, and refuses other runs', () => {
    const id = callIdentity(123456, 98765);
    expect(slotOfCallId(templates.callId(id), 'abcd1234')).toBe(98765);
    expect(slotOfCallId(templates.callId(id), 'ffffffff')).toBe(-1);
    expect(slotOfCallId('random@host', 'abcd1234')).toBe(-1);
  });
});
