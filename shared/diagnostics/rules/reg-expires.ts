// reg.expires (seed 002): "automatically expires the registration in 300 seconds". Flags an
// expiry asked above the provider's maximum, a refresh that comes after the granted expiry (the
// binding lapsed: RFC 3261 §10.2.1 "the registrar … will remove the binding" once it expires, and
// inbound calls fail until the next REGISTER), and a grant shorter than the minimum interval,
// which makes lapsing unavoidable.
import { capEvidence, headerEvidence, firstHeaderLine, startLineEvidence } from '../message-text';
import { bindingTargetLabel, type RegistrationAttempt, type RegistrationBinding } from '../registrations';
import type { Rule, RuleContext } from '../rule-types';
import { formatInterval, formatSeconds } from '../time-format';
import type { Evidence, Finding, TraceMessage } from '../trace-model';
import { at, countNote } from './rule-support';

/** A refresh this late is still "in time" for the registrar's clock. */
const LAPSE_TOLERANCE_MICROS = 1_000_000;

function expiresEvidence(msg: TraceMessage): Evidence {
  const contact = firstHeaderLine(msg, 'contact');
  if (contact && /;\s*expires\s*=/i.test(contact.value)) return headerEvidence(msg, 'contact');
  return firstHeaderLine(msg, 'expires') ? headerEvidence(msg, 'expires') : startLineEvidence(msg);
}

function isSuccess(a: RegistrationAttempt): boolean {
  return a.status !== undefined && a.status >= 200 && a.status < 300 && !a.unregister;
}

export const regExpiresRule: Rule = {
  id: 'reg.expires',
  title: 'Registration expiry and refresh timing keep the binding alive',
  run(ctx) {
    const findings: Finding[] = [];
    for (const b of ctx.index.registrations) {
      findings.push(...askedTooLong(ctx, b), ...lapses(ctx, b), ...grantTooShort(ctx, b));
    }
    return findings;
  },
};

function askedTooLong(ctx: RuleContext, b: RegistrationBinding): Finding[] {
  const max = ctx.profile.max_expires;
  if (max === undefined) return [];
  const over = b.attempts.filter((a) => !a.unregister && (a.expiresAsked ?? 0) > max);
  if (over.length === 0) return [];
  const asked = Math.max(...over.map((a) => a.expiresAsked ?? 0));
  return [
    {
      rule: 'reg.expires',
      severity: 'warning',
      title: `REGISTER for ${b.aor} asks Expires ${asked}, above the provider's ${max} s${countNote(over.length, 'registration')}`,
      evidence: capEvidence(over.map((a) => expiresEvidence(a.request))),
      observed: `expires asked ${asked} s`,
      expected: `at most ${max} s (profile max_expires=${max})`,
      explanation:
        `The provider keeps a registration for at most ${max} s, whatever the PBX asks for. That is harmless if ` +
        `the PBX refreshes on the expiry the registrar grants in its 200 OK, but PBXs that refresh on their own ` +
        `timer (${asked} s here) let the registration lapse and miss inbound calls until the next refresh.`,
      fix: `Set the PBX's registration expiry to ${max} s (Asterisk pjsip: expiration=${max}; FreePBX: Registration Expiry).`,
    },
  ];
}

function lapses(ctx: RuleContext, b: RegistrationBinding): Finding[] {
  const out: Finding[] = [];
  b.attempts.forEach((a, i) => {
    if (!isSuccess(a)) return;
    const seconds = a.expiresGranted ?? a.expiresAsked;
    const base = a.final?.tsMicros ?? a.atMicros;
    if (seconds === undefined || seconds <= 0 || base === undefined) return;
    const expiry = base + seconds * 1_000_000;
    const next = b.attempts[i + 1];
    const evidence = [
      ...(a.final ? [expiresEvidence(a.final)] : []),
      ...(next ? [startLineEvidence(next.request)] : []),
    ];
    if (next?.atMicros !== undefined) {
      if (next.atMicros <= expiry + LAPSE_TOLERANCE_MICROS) return;
      const gap = next.atMicros - expiry;
      out.push({
        rule: 'reg.expires',
        severity: 'error',
        title: `Registration of ${b.aor} at ${bindingTargetLabel(b)} lapsed for ${formatInterval(gap)} before the next REGISTER`,
        evidence,
        observed: `granted ${seconds} s at ${at(ctx, base)}, expired at ${at(ctx, expiry)}, next REGISTER at ${at(ctx, next.atMicros)}`,
        expected: `a refresh before ${at(ctx, expiry)} (RFC 3261 §10.2.4: refresh before the expiry the registrar grants)`,
        explanation:
          'A registration lasts only as long as the registrar granted in its 200 OK. This PBX sent its next ' +
          'REGISTER after that time, so for a while the provider had no address for it: inbound calls in that ' +
          'gap fail (404/480) or go to voicemail.',
        fix:
          'Make the PBX refresh on the expiry the registrar grants (most do so automatically a little before ' +
          `it), and set its expiry to what the provider grants (${seconds} s) rather than a longer one of its own.`,
      });
    } else if (
      !next &&
      ctx.index.endMicros !== undefined &&
      ctx.index.endMicros > expiry + LAPSE_TOLERANCE_MICROS
    ) {
      out.push({
        rule: 'reg.expires',
        severity: 'warning',
        title: `Registration of ${b.aor} at ${bindingTargetLabel(b)} expired during the trace and was not refreshed`,
        evidence,
        observed: `granted ${seconds} s at ${at(ctx, base)}, expired at ${at(ctx, expiry)}; the trace goes on until ${at(ctx, ctx.index.endMicros)} with no REGISTER`,
        expected: `a refresh before ${at(ctx, expiry)}`,
        explanation:
          'The registration ran out while the trace was still recording, and no refresh was seen. Unless the ' +
          'refresh went to another address that was not captured, the provider no longer knows where to send ' +
          'inbound calls for this number.',
        fix: 'Check that the PBX refreshes its registration before the granted expiry and that the refresh is not blocked on the way out.',
      });
    }
  });
  return out;
}

function grantTooShort(ctx: RuleContext, b: RegistrationBinding): Finding[] {
  const min = ctx.profile.min_register_interval;
  if (!min) return [];
  const short = b.attempts.filter(
    (a) => isSuccess(a) && a.expiresGranted !== undefined && a.expiresGranted < min,
  );
  const first = short[0];
  if (!first?.final) return [];
  return [
    {
      rule: 'reg.expires',
      severity: 'warning',
      title: `The registrar granted ${first.expiresGranted ?? '?'} s, shorter than the ${formatSeconds(min)} minimum interval`,
      evidence: capEvidence(short.flatMap((a) => (a.final ? [expiresEvidence(a.final)] : []))),
      observed: `expires granted ${first.expiresGranted ?? '?'} s`,
      expected: `at least ${min} s, so refreshes can respect min_register_interval=${min}`,
      explanation:
        'The registration expires sooner than the provider allows the next refresh. The PBX must choose between ' +
        'refreshing too early (and getting 429 Too Many Requests) or letting the registration lapse.',
      fix: `Ask for a longer expiry (${ctx.profile.max_expires ?? ctx.profile.default_expires ?? min * 3} s); if the registrar still grants less, the profile or the registrar's settings do not match the provider's rules — ask the provider.`,
    },
  ];
}
