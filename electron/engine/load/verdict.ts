// Plain-language verdict lines of a load run, against the provider profile where it has a figure.
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { LoadPlan, LoadTotals } from './load-types';

export interface VerdictInput {
  readonly plan: LoadPlan;
  readonly profile?: ProviderProfile;
  readonly totals: LoadTotals;
  readonly statuses: Readonly<Record<string, number>>;
  readonly lastCleanStep?: number;
  readonly firstFailingStep?: number;
  readonly retryAfterS?: number;
  readonly aborted: boolean;
}

export function statusList(statuses: Readonly<Record<string, number>>, skip200 = true): string {
  return Object.entries(statuses)
    .filter(([k]) => !(skip200 && k === '200'))
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

export function callVerdict(v: VerdictInput): string[] {
  const lines: string[] = [];
  const { plan, profile, totals } = v;
  const failures = statusList(v.statuses);
  if (v.aborted) lines.push('aborted by the user: the figures cover the run until then');
  const ramp = plan.mode === 'ramp-cps' || plan.mode === 'ramp-channels';
  const unit = plan.mode === 'ramp-cps' ? 'CPS' : 'channels';
  const limit =
    plan.mode === 'ramp-cps' || plan.mode === 'fixed'
      ? profile?.cps_limit
      : (profile?.channel_limit ?? profile?.outbound_limit ?? profile?.total_limit);
  const limitName = plan.mode === 'ramp-cps' || plan.mode === 'fixed' ? 'cps_limit' : 'channel limit';
  if (ramp) {
    if (v.firstFailingStep !== undefined) {
      lines.push(
        `cap found: ${v.lastCleanStep !== undefined ? `${v.lastCleanStep} ${unit} clean` : 'even the first step failed'}, ${v.firstFailingStep} ${unit} failing${failures ? ` (${failures})` : ''}`,
      );
    } else if (!v.aborted) {
      lines.push(`no cap found up to ${v.lastCleanStep ?? plan.rampMax} ${unit}`);
    }
    if (limit !== undefined && profile) {
      const cap = v.lastCleanStep;
      if (cap === undefined)
        lines.push(`profile ${profile.name}: ${limitName} ${limit}; no clean step to compare`);
      else if (v.firstFailingStep === undefined && cap >= limit)
        lines.push(`profile ${profile.name}: ${limitName} ${limit} is not enforced up to ${cap} ${unit}`);
      else if (cap === limit) lines.push(`profile ${profile.name}: ${limitName} ${limit}, as documented`);
      else
        lines.push(
          `profile ${profile.name}: ${limitName} ${limit}, but the trunk allowed ${cap} ${unit}${cap < limit ? ' (less than documented)' : ' (more than documented)'}`,
        );
    }
  } else {
    lines.push(
      `${totals.answered} of ${totals.attempts} calls answered, ${totals.failed} failed${failures ? ` (${failures})` : ''}; at most ${totals.maxConcurrent} up at once`,
    );
    if (plan.mode === 'fixed' && limit !== undefined && profile && plan.cps !== undefined) {
      if (plan.cps > limit)
        lines.push(
          totals.failed > 0
            ? `profile ${profile.name}: ${plan.cps} CPS is above cps_limit ${limit} and was refused, as documented`
            : `profile ${profile.name}: ${plan.cps} CPS is above cps_limit ${limit} but nothing was refused`,
        );
      else if (totals.failed > 0)
        lines.push(`profile ${profile.name}: ${plan.cps} CPS is within cps_limit ${limit}, yet calls failed`);
    }
  }
  if (v.retryAfterS !== undefined) lines.push(`the far side asked to retry after ${v.retryAfterS} s`);
  return lines;
}
