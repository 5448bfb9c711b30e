import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../../shared/profiles/resolve-profile';

describe('provider profiles', () => {
  it('ships the two providers of the guides and a generic one', () => {
    const sky = resolveProfile({ name: 'skyetel' });
    expect(sky.min_register_interval).toBe(100);
    expect(sky.max_expires).toBe(300);
    expect(sky.cps_limit).toBe(1);
    expect(sky.channel_limit).toBe(100);
    expect(sky.transport).toBe('udp');
    expect(sky.registrar_port).toBe(5060);
    expect(resolveProfile({ name: 'skyswitch' }).trunk_name).toBe('trunking-customer.15611.service');
    expect(resolveProfile({}).name).toBe('generic');
  });

  it('applies --set overrides with JSON values', () => {
    const p = resolveProfile({
      name: 'skyetel',
      set: ['min_register_interval=5', 'e164_required=true', 'trunk_name=pbx.example'],
    });
    expect(p.min_register_interval).toBe(5);
    expect(p.e164_required).toBe(true);
    expect(p.trunk_name).toBe('pbx.example');
  });

  it('takes 0 for a cap: none allowed (an inbound-only trunk), while a negative cap is refused', () => {
    const p = resolveProfile({
      name: 'skyswitch',
      set: [
        'outbound_limit=0',
        'inbound_limit=0',
        'total_limit=0',
        'channel_limit=0',
        'channel_limit_per_credential=0',
        'cps_limit=0',
        'cps_limit_per_credential=0',
      ],
    });
    expect(p.outbound_limit).toBe(0);
    expect(p.inbound_limit).toBe(0);
    expect(p.total_limit).toBe(0);
    expect(p.channel_limit).toBe(0);
    expect(p.cps_limit).toBe(0);
    expect(() => resolveProfile({ set: ['outbound_limit=-1'] })).toThrow(/outbound_limit/);
    expect(() => resolveProfile({ set: ['outbound_limit=1.5'] })).toThrow(/outbound_limit/);
  });

  it('reads a profile file', () => {
    const p = resolveProfile({ file: { path: 'p.json', text: '{"name":"acme","max_expires":600}' } });
    expect(p.name).toBe('acme');
    expect(p.max_expires).toBe(600);
  });

  it('rejects bad input with one clear line', () => {
    expect(() => resolveProfile({ name: 'nope' })).toThrow(
      /unknown profile "nope": choose one of generic, skyetel, skyswitch/,
    );
    expect(() => resolveProfile({ set: ['max_expires=-1'] })).toThrow(/max_expires/);
    expect(() => resolveProfile({ set: ['colour=blue'] })).toThrow(/unknown profile key "colour"/);
    expect(() => resolveProfile({ set: ['noequals'] })).toThrow(/expected key=value/);
    expect(() => resolveProfile({ file: { path: 'bad.json', text: '{oops' } })).toThrow(
      /bad.json is not valid JSON/,
    );
  });
});
