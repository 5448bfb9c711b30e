// Well-formed messages read without a single problem, with their values lifted out for the rules.
import { describe, expect, it } from 'vitest';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import { CLEAN_INVITE, CLEAN_REGISTER, REGISTER_OK } from './messages';

describe('clean messages', () => {
  it('a REGISTER has no problems and its headers are lifted', () => {
    const doc = parseSipText(CLEAN_REGISTER);
    expect(doc.problems).toEqual([]);
    expect(doc.kind).toBe('request');
    expect(doc.method).toBe('REGISTER');
    expect(doc.requestUri).toBe('sip:reg.example.com');
    expect(doc.callId).toBe('5f2b0c1e6a1d4b0f@192.168.1.20');
    expect(doc.cseq).toEqual({ seq: 101, method: 'REGISTER' });
    expect(doc.from?.tag).toBe('as5e1d7f31');
    expect(doc.to?.tag).toBeUndefined();
    expect(doc.vias[0]).toMatchObject({
      protocol: 'SIP/2.0',
      transport: 'UDP',
      host: '192.168.1.20',
      port: 5060,
    });
    expect(doc.vias[0]?.rport).toBe('');
    expect(doc.contacts[0]?.uri).toMatchObject({
      scheme: 'sip',
      user: '2035550100',
      host: '192.168.1.20',
      port: 5060,
    });
    expect(doc.body).toBe('');
  });

  it('a 200 OK to REGISTER has no problems and lists every binding', () => {
    const doc = parseSipText(REGISTER_OK);
    expect(doc.problems).toEqual([]);
    expect(doc.kind).toBe('response');
    expect(doc.status).toBe(200);
    expect(doc.reason).toBe('OK');
    expect(doc.vias[0]).toMatchObject({ received: '203.0.113.45', rport: '5060' });
    expect(doc.contacts.map((c) => [c.uri?.host, c.params['expires']])).toEqual([
      ['192.168.1.20', '300'],
      ['10.9.8.7', '120'],
    ]);
    // Date holds a comma but is not a list header: one value.
    expect(doc.values('date')).toEqual(['Tue, 05 Mar 2024 14:02:11 GMT']);
  });

  it('an INVITE with SDP has no problems and keeps the body byte for byte', () => {
    const doc = parseSipText(CLEAN_INVITE);
    expect(doc.problems).toEqual([]);
    expect(doc.body.startsWith('v=0\r\n')).toBe(true);
    expect(doc.body.length).toBe(Number(doc.first('content-length')));
    expect(doc.from?.display).toBe('Front Desk');
    expect(doc.values('record-route')).toEqual([
      '<sip:198.51.100.10;lr;ftag=as6b8a2c11>',
      '<sip:198.51.100.11;lr>',
    ]);
  });

  it('a response needs no Max-Forwards', () => {
    expect(REGISTER_OK).not.toMatch(/Max-Forwards/);
    expect(parseSipText(REGISTER_OK).problems).toEqual([]);
  });
});
