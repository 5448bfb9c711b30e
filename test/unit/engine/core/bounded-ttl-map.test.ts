import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/engine/clock';
import { BoundedTtlMap } from '../../../../electron/engine/core/bounded-ttl-map';

describe('BoundedTtlMap', () => {
  it('forgets an entry once its time is up', () => {
    const clock = new ManualClock();
    const map = new BoundedTtlMap<string>(clock, 32_000, 10);
    map.set('a', 'x');
    clock.set(clock.nowMs() + 31_999);
    expect(map.get('a')).toBe('x');
    clock.set(clock.nowMs() + 1);
    expect(map.get('a')).toBeUndefined();
  });

  it('drops the oldest entries beyond the cap', () => {
    const clock = new ManualClock();
    const map = new BoundedTtlMap<number>(clock, 32_000, 3);
    for (let i = 0; i < 5; i++) map.set(`k${i}`, i);
    expect(map.size).toBe(3);
    expect(map.get('k0')).toBeUndefined();
    expect(map.get('k1')).toBeUndefined();
    expect(map.get('k4')).toBe(4);
  });

  it('expires old entries as new ones come, without a timer', () => {
    const clock = new ManualClock();
    const map = new BoundedTtlMap<number>(clock, 1000, 1000);
    for (let i = 0; i < 100; i++) map.set(`old${i}`, i);
    clock.set(clock.nowMs() + 1000);
    map.set('new', 1);
    expect(map.size).toBe(1);
  });

  it('a key set again moves to the back and gets a new lifetime', () => {
    const clock = new ManualClock();
    const map = new BoundedTtlMap<number>(clock, 1000, 2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4); // evicts b, the oldest
    expect(map.get('a')).toBe(3);
    expect(map.get('b')).toBeUndefined();
  });
});
