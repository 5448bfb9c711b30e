// trunk.e164 (seed 000): "Carriers must be sending calls in e164 format." E.164 (ITU-T E.164,
// RFC 3966 §5.1.4 global numbers) is "+" and the country code and number: at most 15 digits, and
// here at least 8 so a short extension never passes.
import { dialledNumber } from '../caller-id';
import type { Call } from '../calls';
import { capEvidence, headerEvidence, startLineEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import { userNumber } from '../sip-values';
import type { Evidence, Finding } from '../trace-model';
import { countNote, groupBy } from './rule-support';

const E164 = /^\+[1-9]\d{7,14}$/;

export function isE164(user: string): boolean {
  return E164.test(user);
}

/** Why a number is not E.164, and what it would look like if it were (when that is clear). */
export function e164Problem(
  user: string,
): { readonly why: string; readonly suggestion?: string } | undefined {
  if (isE164(user)) return undefined;
  const digits = user.replace(/\D/g, '');
  if (/^\+?[\d\s.()-]+$/.test(user) && /[\s.()-]/.test(user)) {
    return { why: 'it contains visual separators', suggestion: `+${digits}` };
  }
  if (/^\d+$/.test(user)) {
    if (digits.length >= 11 && digits.length <= 15 && !digits.startsWith('0')) {
      return { why: 'it has no leading +', suggestion: `+${digits}` };
    }
    if (digits.length === 10)
      return { why: 'it has no country code (10-digit national number)', suggestion: `+1${digits}` };
    return { why: 'it is a national or local number without + and country code' };
  }
  if (/^\+\d+$/.test(user))
    return { why: `it has ${digits.length} digits; E.164 has 8 to 15 (after a non-zero country code)` };
  return { why: 'it is not a telephone number' };
}

type Field = 'Request-URI' | 'To' | 'From';

interface Offence {
  readonly call: Call;
  readonly field: Field;
  readonly user: string;
  readonly evidence: Evidence;
}

function offences(call: Call): Offence[] {
  const out: Offence[] = [];
  const doc = call.invite.doc;
  const check = (field: Field, user: string | undefined, evidence: () => Evidence): void => {
    if (user === undefined || user === '') return;
    // A From user like "anonymous" or "asterisk" is a name, not a number with a bad format.
    if (field === 'From' && !/\d/.test(user)) return;
    if (!isE164(user)) out.push({ call, field, user, evidence: evidence() });
  };
  check('Request-URI', dialledNumber(call), () => startLineEvidence(call.invite));
  check('To', userNumber(doc.to?.uri?.user), () => headerEvidence(call.invite, 'to'));
  check('From', userNumber(doc.from?.uri?.user), () => headerEvidence(call.invite, 'from'));
  return out;
}

export const trunkE164Rule: Rule = {
  id: 'trunk.e164',
  title: 'Numbers are in E.164 format',
  run(ctx) {
    if (!ctx.profile.e164_required) return [];
    const all = ctx.index.calls.flatMap(offences);
    return [...groupBy(all, (o) => `${o.field}\n${o.user}`).values()].map((list): Finding => {
      const first = list[0] as Offence;
      const problem = e164Problem(first.user);
      return {
        rule: 'trunk.e164',
        severity: 'warning',
        title: `${first.field} number ${first.user} is not E.164${problem ? `: ${problem.why}` : ''}${countNote(list.length, 'call')}`,
        evidence: capEvidence(list.map((o) => o.evidence)),
        observed: `${first.field} user ${first.user}`,
        expected: `+<country code><number>${problem?.suggestion ? `, e.g. ${problem.suggestion}` : ''} (profile e164_required=true)`,
        explanation:
          'E.164 is the international telephone number format: a plus sign, the country code, then the ' +
          'national number, with no spaces or dashes (for example +12032625093). The provider requires ' +
          'numbers in this format; other forms may be refused (404, 484) or routed to the wrong place, and a ' +
          'caller ID not in E.164 may be replaced or rejected by the terminating carrier.',
        fix:
          first.field === 'From'
            ? `Set the caller ID on the PBX trunk (or outbound route) to E.164${problem?.suggestion ? `: ${problem.suggestion}` : ''}.`
            : `In the PBX outbound route, rewrite dialled numbers to E.164 before they reach the trunk (e.g. prepend "+" and the country code: ${first.user} → ${problem?.suggestion ?? `+<country code>${first.user.replace(/\D/g, '')}`}).`,
      };
    });
  },
};
