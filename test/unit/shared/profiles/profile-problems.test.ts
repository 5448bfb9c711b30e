import { describe, expect, it } from 'vitest';
import { findBuiltinProfile } from '../../../../shared/profiles/builtin-profiles';
import { targetProblems } from '../../../../shared/profiles/profile-problems';

// A target checked against its profile as it is typed and saved.

const skyetel = findBuiltinProfile('skyetel')!;
const generic = findBuiltinProfile('generic')!;

describe('targetProblems', () => {
  it('says at once that a Skyetel target on another port or over TCP will not register', () => {
    expect(targetProblems(skyetel, 'reg.skyetel.com:5080', 'udp')).toEqual([
      'skyetel accepts registrations on port 5060 only, not 5080 (rule reg.transport)',
    ]);
    expect(targetProblems(skyetel, 'sip:reg.skyetel.com', 'tcp')).toEqual([
      'skyetel accepts registrations over UDP only (rule reg.transport)',
    ]);
  });

  it('finds nothing to say about a target that follows its profile, or one being typed', () => {
    expect(targetProblems(skyetel, 'reg.skyetel.com', 'udp')).toEqual([]);
    expect(targetProblems(skyetel, 'reg.skyetel.com:5060', 'udp')).toEqual([]);
    expect(targetProblems(skyetel, '', 'udp')).toEqual([]);
    expect(targetProblems(generic, '192.0.2.10:5080', 'tcp')).toEqual([]);
  });
});
