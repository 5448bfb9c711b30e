// reg.interval (seed 002): "Skyetel's SIP Registration does not accept registration more
// frequently than 100 seconds … doing so will cause your PBX to be blocked". Counted per binding
// (AoR + registrar + Contact), one count per REGISTER exchange: a 401-challenged REGISTER and its
// authenticated retry are one registration (registrations.ts). De-registrations (Expires: 0) are
// not refreshes and are left out.
import { capEvidence, startLineEvidence } from '../message-text';
import { bindingTargetLabel, type RegistrationAttempt } from '../registrations';
import type { Rule } from '../rule-types';
import { formatInterval, formatSeconds } from '../time-format';
import type { Evidence, Finding } from '../trace-model';
import { at, plural } from './rule-support';

/** Timer jitter: a refresh planned at exactly the minimum may leave a few hundred ms early. */
const TOLERANCE_MICROS = 500_000;

export interface TimedAttempt {
  readonly attempt: RegistrationAttempt;
  readonly at: number;
  readonly sincePrevious?: number;
}

/** Registrations (not de-registrations) with a time, and the gap since the previous one. */
export function refreshGaps(attempts: readonly RegistrationAttempt[]): TimedAttempt[] {
  const out: TimedAttempt[] = [];
  let previous: number | undefined;
  for (const a of attempts) {
    if (a.unregister || a.atMicros === undefined) continue;
    out.push({
      attempt: a,
      at: a.atMicros,
      sincePrevious: previous === undefined ? undefined : a.atMicros - previous,
    });
    previous = a.atMicros;
  }
  return out;
}

export const regIntervalRule: Rule = {
  id: 'reg.interval',
  title: 'REGISTER refreshes respect the minimum interval',
  measuresTime: true,
  run(ctx) {
    const min = ctx.profile.min_register_interval;
    if (!min) return [];
    const minMicros = min * 1_000_000;
    const findings: Finding[] = [];
    for (const binding of ctx.index.registrations) {
      const gaps = refreshGaps(binding.attempts);
      const early = gaps.filter(
        (g) => g.sincePrevious !== undefined && g.sincePrevious < minMicros - TOLERANCE_MICROS,
      );
      if (early.length === 0) continue;
      const shortest = Math.min(...early.map((g) => g.sincePrevious ?? Infinity));
      const intervals = gaps
        .filter((g) => g.sincePrevious !== undefined)
        .map((g) => formatInterval(g.sincePrevious ?? 0));
      const evidence: Evidence[] = [];
      for (const g of early) {
        const i = gaps.indexOf(g);
        const prev = gaps[i - 1];
        if (prev && evidence.length === 0) evidence.push(startLineEvidence(prev.attempt.request));
        evidence.push(startLineEvidence(g.attempt.request));
      }
      const granted = binding.attempts.map((a) => a.expiresGranted).find((g) => g !== undefined);
      const grantedNote =
        granted !== undefined && granted < min
          ? ` The registrar granted only ${granted} s, which pushes the PBX to refresh before the minimum; raise the expiry asked and ask the provider why it grants less.`
          : '';
      findings.push({
        rule: 'reg.interval',
        severity: 'error',
        title: `REGISTER for ${binding.aor} to ${bindingTargetLabel(binding)} repeated after ${formatInterval(shortest)}, under the ${formatSeconds(min)} minimum (${plural(early.length, 'time')})`,
        evidence: capEvidence(evidence),
        observed: `intervals between registrations: ${intervals.slice(0, 12).join(', ')}${intervals.length > 12 ? ', …' : ''} (shortest ${formatInterval(shortest)}, first too early at ${at(ctx, early[0]?.at)})`,
        expected: `at least ${formatSeconds(min)} between registrations of one binding (profile min_register_interval=${min})`,
        explanation:
          `The provider refuses registrations that come sooner than ${formatSeconds(min)} after the previous one ` +
          `from the same PBX, answering 429 Too Many Requests, and blocks PBXs that keep doing it. Only whole ` +
          `registrations are counted here: a REGISTER challenged with 401 and repeated with the password is one ` +
          `registration.${grantedNote}`,
        fix:
          `Set the PBX's registration expiry to ${ctx.profile.max_expires ?? ctx.profile.default_expires ?? Math.max(min * 3, 300)} s ` +
          `so it refreshes no more often than every ${formatSeconds(min)} (Asterisk pjsip: expiration on the ` +
          `registration; FreePBX: "Registration Expiry"), and turn off any "register every N seconds" or ` +
          `REGISTER-based keep-alive; keep NAT open with OPTIONS or CRLF keep-alives instead.`,
      });
    }
    return findings;
  },
};
