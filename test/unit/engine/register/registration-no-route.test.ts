// A registration whose Contact address cannot be worked out (no route to the server) must end with
// a failure the user reads, not an unhandled rejection that takes the app down.
import { describe, expect, it } from 'vitest';
import type { SipEndpoint } from '../../../../electron/engine/core/sip-endpoint';
import { Registration, type RegistrationEvent } from '../../../../electron/engine/register/registration';

const noRoute = {
  contactAddressFor: () => Promise.reject(new Error('no route to 198.51.100.7')),
} as unknown as SipEndpoint;

describe('Registration with no route to the registrar', () => {
  it('resolves start() with a failure naming the cause and emits a fatal failed event', async () => {
    const reg = new Registration(noRoute, {
      target: { address: '198.51.100.7', port: 5060, transport: 'udp' },
      serverName: 'pbx.example.com',
      user: '1001',
      password: 'not-used',
      domain: 'pbx.example.com',
      expires: 300,
    });
    const events: RegistrationEvent[] = [];
    reg.onEvent((e) => events.push(e));
    const result = await reg.start();
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/could not send REGISTER: no route to 198\.51\.100\.7/);
    expect(events).toContainEqual(expect.objectContaining({ type: 'failed', fatal: true }));
    await expect(reg.stop()).resolves.toBeUndefined();
  });
});
