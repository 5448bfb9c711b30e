// reg.429 (seed 002): "You will see a 429 - Too Many Requests error when this occurs" (registering
// more often than the minimum interval). Each 429 to a REGISTER is reported with its Retry-After
// (RFC 6585 §4) and the registrations that led to it; a retry sooner than Retry-After (or, without
// one, than the minimum interval) is what gets a PBX blocked.
import { capEvidence, firstHeaderLine, headerLineEvidence, startLineEvidence } from '../message-text';
import { bindingTargetLabel, type RegistrationAttempt, type RegistrationBinding } from '../registrations';
import type { Rule, RuleContext } from '../rule-types';
import { formatInterval, formatSeconds } from '../time-format';
import type { Evidence, Finding } from '../trace-model';
import { at } from './rule-support';

/** How many registrations before a 429 its timeline shows. */
const TIMELINE_LENGTH = 6;

export const reg429Rule: Rule = {
  id: 'reg.429',
  title: '429 Too Many Requests to REGISTER, and what led to it',
  run(ctx) {
    const findings: Finding[] = [];
    for (const b of ctx.index.registrations) {
      b.attempts.forEach((a, i) => {
        if (a.status !== 429 || !a.final) return;
        findings.push(blockedFinding(ctx, b, i));
        const tooSoon = retryTooSoon(ctx, b, i);
        if (tooSoon) findings.push(tooSoon);
      });
    }
    return findings;
  },
};

function timeline(ctx: RuleContext, attempts: readonly RegistrationAttempt[]): string {
  return attempts
    .map((a, i) => {
      const when =
        i === 0 || a.intervalMicros === undefined
          ? at(ctx, a.atMicros)
          : `+${formatInterval(a.intervalMicros)}`;
      return `${when} → ${a.status ?? 'no answer'}`;
    })
    .join(', ');
}

function blockedFinding(ctx: RuleContext, b: RegistrationBinding, i: number): Finding {
  const a = b.attempts[i] as RegistrationAttempt;
  const final = a.final as NonNullable<RegistrationAttempt['final']>;
  const lead = b.attempts.slice(Math.max(0, i - TIMELINE_LENGTH + 1), i + 1);
  const retryLine = firstHeaderLine(final, 'retry-after');
  const evidence: Evidence[] = [startLineEvidence(final)];
  if (retryLine) evidence.push(headerLineEvidence(final, retryLine));
  evidence.push(...lead.map((l) => startLineEvidence(l.request)));
  const min = ctx.profile.min_register_interval;
  const shortest = Math.min(...lead.map((l) => l.intervalMicros ?? Infinity));
  return {
    rule: 'reg.429',
    severity: 'error',
    title: `429 Too Many Requests to REGISTER for ${b.aor} at ${bindingTargetLabel(b)}${a.retryAfterS !== undefined ? ` (Retry-After ${a.retryAfterS} s)` : ''}`,
    evidence: capEvidence(evidence),
    observed: `registrations leading to it: ${timeline(ctx, lead)}${Number.isFinite(shortest) ? `; shortest interval ${formatInterval(shortest)}` : ''}`,
    expected: min
      ? `registrations no more often than every ${formatSeconds(min)} (profile min_register_interval=${min})`
      : 'registrations no more often than the provider allows',
    explanation:
      'The provider is rate-limiting this PBX: it registered (or retried) more often than allowed. The 429 ' +
      'response means the registration was refused, so inbound calls may fail until a registration succeeds ' +
      'again, and PBXs that keep going are blocked at the network level.' +
      (a.retryAfterS !== undefined
        ? ` Retry-After asks the PBX to wait ${a.retryAfterS} s before trying again.`
        : ''),
    fix:
      `Lengthen the PBX's registration interval${min ? ` to at least ${min} s` : ''}, make it honour Retry-After, ` +
      'and remove any duplicate registration of the same account (two PBXs or two trunks with the same ' +
      'credentials double the rate). If the PBX is already blocked, fix it first, then ask the provider to lift the block.',
  };
}

function retryTooSoon(ctx: RuleContext, b: RegistrationBinding, i: number): Finding | undefined {
  const a = b.attempts[i] as RegistrationAttempt;
  const next = b.attempts[i + 1];
  const sentAt = a.final?.tsMicros;
  if (!next || next.atMicros === undefined || sentAt === undefined) return undefined;
  const waitS = a.retryAfterS ?? ctx.profile.min_register_interval;
  if (waitS === undefined) return undefined;
  const waited = next.atMicros - sentAt;
  if (waited >= waitS * 1_000_000) return undefined;
  const basis =
    a.retryAfterS !== undefined ? `Retry-After ${a.retryAfterS} s` : `min_register_interval ${waitS} s`;
  return {
    rule: 'reg.429',
    severity: 'error',
    title: `REGISTER retried ${formatInterval(waited)} after a 429, before the ${basis}`,
    evidence: [startLineEvidence(a.final ?? a.request), startLineEvidence(next.request)],
    observed: `429 at ${at(ctx, sentAt)}, next REGISTER at ${at(ctx, next.atMicros)}`,
    expected: `no REGISTER before ${formatSeconds(waitS)} have passed (${basis})`,
    explanation:
      'After a 429 the provider expects silence for the time it asked. Retrying sooner is exactly the behaviour ' +
      'that gets a PBX blocked, and each early retry can restart the penalty.',
    fix: 'Configure the PBX to back off after a failed registration (retry interval / "forbidden retry interval") for at least the Retry-After time or the provider minimum.',
  };
}
