// The registration rows of the checklist, one per region: the granted Expires within the
// provider's bounds (reg.expires), a refresh interval the provider accepts (reg.interval, 423 and
// 429), no other device on the same credentials (reg.one-pbx, the Contact bindings of the 200 OK,
// RFC 3261 §10.3 step 8) and whether NAT sits between us and the registrar (Via received/rport,
// RFC 3581). The registrations stay up afterwards: the DID call comes back to them.
import type { AcceptanceFigure } from '../../../shared/ipc/schemas/acceptance';
import { explainStatus } from '../../../shared/diagnostics/status-explanations';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { SipEndpoint } from '../../engine/core/sip-endpoint';
import type { SipTarget } from '../../engine/discovery/discovery-types';
import type { Binding } from '../../engine/register/bindings';
import { planRefresh } from '../../engine/register/refresh-policy';
import type { NatReport, Registration, RegistrationResult } from '../../engine/register/registration';
import { fmt } from '../../engine/transport/sip-transport';
import { createRegistrations, type RegistrationPlan } from '../registrations';
import { aborted } from '../waiting';
import type { AcceptanceBoard, StepPatch } from './acceptance-board';

/** What one region's registration went through before its first result. */
interface Seen {
  tooBrief?: { readonly asked: number; readonly minExpires: number };
  rateLimited?: { readonly retryAfterS?: number };
  registered?: {
    readonly grantedExpires: number;
    readonly askedExpires: number;
    readonly otherDevices: readonly Binding[];
    readonly nat: NatReport;
    readonly rttMs: number;
  };
}

/** Registers to every region at once; returns the registrations (stopped by the caller at the end). */
export async function checkRegistrations(
  board: AcceptanceBoard,
  endpoint: SipEndpoint,
  plan: RegistrationPlan,
  signal: AbortSignal,
): Promise<readonly Registration[]> {
  const seen = new Map<SipTarget, Seen>(plan.targets.map((t) => [t, {}]));
  const { regs } = createRegistrations(endpoint, plan, true, {
    onEvent: (e, target) => {
      const s = seen.get(target);
      if (!s) return;
      if (e.type === 'interval-too-brief') s.tooBrief = { asked: e.asked, minExpires: e.minExpires };
      else if (e.type === 'rate-limited') s.rateLimited = { retryAfterS: e.retryAfterS };
      else if (e.type === 'registered' && !e.refresh) s.registered = e;
    },
  });
  plan.targets.forEach((_t, i) => board.start(`register:${i + 1}`));
  await Promise.all(
    regs.map(async (reg, i) => {
      const result = await Promise.race([reg.start(), aborted(signal)]);
      if (result === 'aborted') return;
      const target = plan.targets[i]!;
      const { status, ...verdict } = judge(result, seen.get(target)!, plan.profile, target);
      // Registered, even against a rule: the calls can still go through this registration.
      board.end(`register:${i + 1}`, status, verdict, result.ok);
    }),
  );
  return regs;
}

function judge(
  result: RegistrationResult,
  seen: Seen,
  profile: ProviderProfile,
  target: SipTarget,
): StepPatch & { readonly status: 'pass' | 'fail' } {
  const min = profile.min_register_interval;
  const max = profile.max_expires;
  const figures: AcceptanceFigure[] = [];
  const problems: { reason: string; fix: string; rule: string }[] = [];
  if (seen.tooBrief) {
    figures.push({
      label: '423 Interval Too Brief',
      value: `asked ${seen.tooBrief.asked} s, Min-Expires ${seen.tooBrief.minExpires} s`,
      ok: false,
    });
  }
  if (!result.ok) {
    const status = result.status;
    if (result.rateLimited || status === 429) {
      return {
        status: 'fail',
        reason: result.message,
        figures,
        rules: ['reg.429'],
        fix: `The provider refuses registrations this frequent (429${seen.rateLimited?.retryAfterS !== undefined ? `, Retry-After ${seen.rateLimited.retryAfterS} s` : ''}): register no more often than every ${min ?? 60} s and wait before trying again.`,
      };
    }
    return {
      status: 'fail',
      reason: result.message,
      figures,
      rules: status !== undefined && status >= 400 ? ['sip.failure-response'] : [],
      fix:
        status !== undefined && status >= 400
          ? explainStatus(status).fix
          : `No answer from ${target.host} (${fmt(target)}): check the address, the port and the firewall.`,
    };
  }
  const r = seen.registered;
  const granted = result.grantedExpires;
  const asked = r?.askedExpires ?? granted;
  const bounds =
    min !== undefined && max !== undefined
      ? `${min}–${max} s`
      : min !== undefined
        ? `at least ${min} s`
        : max !== undefined
          ? `at most ${max} s`
          : 'any';
  const inBounds = (max === undefined || granted <= max) && (min === undefined || granted >= min);
  figures.push({
    label: 'Granted Expires',
    value: `${granted} s`,
    expected: `${bounds} (${profile.name})`,
    ok: inBounds,
  });
  if (!inBounds) {
    problems.push({
      rule: 'reg.expires',
      reason: `the registrar granted ${granted} s, outside ${bounds}`,
      fix: `Set the PBX's registration expiry to ${profile.default_expires ?? max ?? min} s (${profile.name} allows ${bounds}).`,
    });
  }
  // What a PBX asking this Expires does: refresh shortly before it runs out (RFC 3261 §10.2.4).
  // Under the provider's minimum interval that is refused (423, 429) or lapses between refreshes.
  const refresh = planRefresh(granted, min);
  const plainRefreshS = planRefresh(asked).refreshInS;
  const refreshOk = (min === undefined || (plainRefreshS >= min && !seen.tooBrief)) && !refresh.lapseWarning;
  figures.push({
    label: 'Refresh interval',
    value: `${Math.round(Math.min(plainRefreshS, refresh.refreshInS))} s (Expires ${asked} s asked)`,
    expected:
      min !== undefined ? `at least ${min} s, before the binding lapses` : 'before the binding lapses',
    ok: refreshOk,
  });
  if (!refreshOk) {
    const least = Math.max(min ?? 0, seen.tooBrief?.minExpires ?? 0);
    problems.push({
      rule: 'reg.interval',
      reason:
        refresh.lapseWarning ??
        `Expires ${seen.tooBrief?.asked ?? asked} s makes the PBX refresh more often than every ${min ?? least} s`,
      fix: `Set the PBX's registration expiry to at least ${Math.max(least + 32, profile.default_expires ?? 0)} s (${profile.name}: no refresh more often than every ${min ?? least} s), so it refreshes neither too often nor after the binding lapsed.`,
    });
  }
  const others = r?.otherDevices ?? [];
  figures.push({
    label: 'Other devices on these credentials',
    value: others.length === 0 ? 'none' : others.map((b) => b.contact).join(', '),
    expected: 'none',
    ok: others.length === 0,
  });
  if (others.length > 0) {
    problems.push({
      rule: 'reg.one-pbx',
      reason: `another device is registered with these credentials: ${others.map((b) => b.contact).join(', ')}`,
      fix: 'Unregister the other device, or give it credentials of its own: the provider sends inbound calls to one PBX per credential set.',
    });
  }
  if (r) {
    figures.push({ label: 'NAT', value: natText(r.nat) });
    figures.push({ label: 'Round trip', value: `${r.rttMs.toFixed(1)} ms` });
  }
  if (problems.length === 0) return { status: 'pass', figures };
  return {
    status: 'fail',
    figures,
    reason: problems.map((p) => p.reason).join('; '),
    fix: problems.map((p) => p.fix).join(' '),
    rules: problems.map((p) => p.rule),
  };
}

function natText(nat: NatReport): string {
  if (!nat.seen) return `sent from ${fmt(nat.sent)}; the registrar did not say what it saw`;
  return `sent from ${fmt(nat.sent)}, seen as ${fmt(nat.seen)}: ${nat.behindNat ? 'NAT between us and the registrar' : 'no NAT'}`;
}
