import { describe, expect, it } from 'vitest';
import { callState, type StateFacts } from '../../../electron/analysis/call-state';

// sngrep's state column: what each INVITE dialog reads as in the call list.

const invite: StateFacts = { method: 'INVITE', cseqMethod: 'INVITE' };
const reply = (status: number, cseqMethod = 'INVITE'): StateFacts => ({ status, cseqMethod });
const request = (method: string): StateFacts => ({ method, cseqMethod: method });

describe('callState', () => {
  it('follows a call from calling to ringing, in call and completed', () => {
    expect(callState('INVITE', undefined, [invite])).toBe('calling');
    expect(callState('INVITE', undefined, [invite, reply(100)])).toBe('calling');
    expect(callState('INVITE', undefined, [invite, reply(100), reply(180)])).toBe('ringing');
    expect(callState('INVITE', 200, [invite, reply(180), reply(200), request('ACK')])).toBe('in call');
    expect(
      callState('INVITE', 200, [invite, reply(200), request('ACK'), request('BYE'), reply(200, 'BYE')]),
    ).toBe('completed');
  });

  it('tells a cancelled call, a busy one, a rejected one and a redirected one apart', () => {
    expect(callState('INVITE', undefined, [invite, reply(180), request('CANCEL')])).toBe('cancelled');
    expect(callState('INVITE', 487, [invite, request('CANCEL'), reply(200, 'CANCEL'), reply(487)])).toBe(
      'cancelled',
    );
    expect(callState('INVITE', 486, [invite, reply(486)])).toBe('busy');
    expect(callState('INVITE', 600, [invite, reply(600)])).toBe('busy');
    expect(callState('INVITE', 403, [invite, reply(403)])).toBe('rejected');
    expect(callState('INVITE', 302, [invite, reply(302)])).toBe('diverted');
  });

  it('gives no state to what is not a call', () => {
    expect(callState('REGISTER', 200, [request('REGISTER'), reply(200, 'REGISTER')])).toBeUndefined();
    expect(callState('OPTIONS', 200, [request('OPTIONS')])).toBeUndefined();
  });
});
