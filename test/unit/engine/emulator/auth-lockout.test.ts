import { describe, expect, it } from 'vitest';
import { answerChallenge } from '../../../../electron/engine/auth/digest';
import { parseChallenges } from '../../../../electron/engine/auth/digest-challenge';
import { ManualClock } from '../../../../electron/engine/clock';
import { AuthLockout } from '../../../../electron/engine/emulator/auth-lockout';
import { DigestServer } from '../../../../electron/engine/emulator/digest-server';

describe('AuthLockout', () => {
  it('locks a source out after N failures in a row, for a while, and names it', () => {
    const clock = new ManualClock();
    const lock = new AuthLockout({ clock, maxFailures: 3, lockMs: 60_000 });
    expect([lock.fail('203.0.113.9'), lock.fail('203.0.113.9'), lock.fail('203.0.113.9')]).toEqual([
      false,
      false,
      true,
    ]);
    expect(lock.check('203.0.113.9')).toMatchObject({ locked: true, retryAfterS: 60 });
    expect(lock.check('203.0.113.10')).toEqual({ locked: false });
    expect(lock.locked.map((l) => l.address)).toEqual(['203.0.113.9']);
    clock.set(clock.nowMs() + 60_000);
    expect(lock.check('203.0.113.9')).toEqual({ locked: false });
  });

  it('starts counting again after a good password', () => {
    const lock = new AuthLockout({ clock: new ManualClock(), maxFailures: 2 });
    lock.fail('a');
    lock.succeed('a');
    expect(lock.fail('a')).toBe(false);
  });
});

describe('DigestServer', () => {
  const clock = new ManualClock(1_000_000);
  const server = new DigestServer('emulator.test', new Map([['1001', 'pw-1001']]), clock);
  const answer = (password: string, username = '1001') => {
    const challenge = parseChallenges('www', [server.challenge()])[0]!;
    return answerChallenge({
      challenge,
      username,
      password,
      method: 'REGISTER',
      uri: 'sip:emulator.test',
      nc: 1,
      cnonce: 'abc',
    }).value;
  };

  it('accepts the right password and refuses a wrong one or an unknown user', () => {
    expect(server.check('REGISTER', [answer('pw-1001')])).toEqual({ ok: true, username: '1001' });
    expect(server.check('REGISTER', [answer('guess')])).toMatchObject({
      ok: false,
      why: 'wrong',
      detail: 'wrong password',
    });
    expect(server.check('REGISTER', [answer('pw-1001', '1002')])).toMatchObject({ ok: false, why: 'wrong' });
    expect(server.check('REGISTER', [])).toEqual({ ok: false, why: 'missing' });
  });

  it('calls a good answer to an old nonce stale, not wrong', () => {
    const value = answer('pw-1001');
    clock.set(clock.nowMs() + 6 * 60_000);
    expect(server.check('REGISTER', [value])).toMatchObject({ ok: false, why: 'stale' });
  });
});
