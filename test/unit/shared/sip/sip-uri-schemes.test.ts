import { describe, expect, it } from 'vitest';
import { readUri } from '../../../../shared/sip/sip-uri';

describe('readUri: schemes and host:port', () => {
  it('reads tel: with only digits as a number (RFC 3966), not as host "tel" and a port', () => {
    expect(readUri('tel:9171969136;phone-context=+7')).toMatchObject({
      schemeMissing: false,
      faults: [],
      uri: { scheme: 'tel', user: '9171969136', params: { 'phone-context': '+7' } },
    });
    expect(readUri('TEL:+12035550100')).toMatchObject({ faults: [], uri: { scheme: 'tel' } });
  });

  it('still reads a bare host:port as one, with the scheme missing', () => {
    expect(readUri('pbx.example.com:5060')).toMatchObject({
      schemeMissing: true,
      uri: { host: 'pbx.example.com', port: 5060 },
    });
  });
});
