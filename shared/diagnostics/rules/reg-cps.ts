// reg.cps (seed 002): "only support 1 CPS per region - meaning you may only process a maximum of 2
// calls per second per SIP credential". Call attempts (first INVITE of each call; the retry after
// a 407 is the same attempt) in a sliding one-second window, per registrar target and per
// credential.
import { slidingRate } from '../concurrency';
import { capEvidence, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import { formatInterval } from '../time-format';
import type { Finding } from '../trace-model';
import { checkPerRegionAndCredential, type CountedCall } from './outbound-load';
import { at } from './rule-support';

export const regCpsRule: Rule = {
  id: 'reg.cps',
  title: 'Outbound call attempts per second per region and per credential',
  run(ctx) {
    return checkPerRegionAndCredential(
      ctx,
      {
        region: ctx.profile.cps_limit,
        regionKey: 'cps_limit',
        credential: ctx.profile.cps_limit_per_credential,
        credentialKey: 'cps_limit_per_credential',
      },
      (calls, limit, scope, key) => check(ctx, calls, limit, scope, key),
    );
  },
};

function check(
  ctx: RuleContext,
  calls: readonly CountedCall[],
  limit: number,
  scope: string,
  key: string,
): Finding | undefined {
  if (limit === 0) return noneAllowed(calls, scope, key);
  const report = slidingRate(
    calls.map((c) => ({ at: c.start, item: c })),
    limit,
  );
  if (!report || report.overLimit === 0) return undefined;
  const window = formatInterval(report.windowMicros);
  return {
    rule: 'reg.cps',
    severity: 'error',
    title: `${report.worst.count} outbound call attempts within ${window} for ${scope}, above ${limit} per second`,
    evidence: capEvidence(report.worst.items.map((c) => startLineEvidence(c.call.invite))),
    observed: `busiest window from ${at(ctx, report.worst.fromMicros)}: ${report.worst.count} attempts in ${window}; ${report.overLimit} of ${calls.length} attempts came faster than allowed`,
    expected: `at most ${limit} call attempt${limit === 1 ? '' : 's'} per second per ${key === 'cps_limit' ? 'region' : 'credential'} (profile ${key}=${limit})`,
    explanation:
      'The provider accepts only a few new calls per second over a registration trunk, per region and per set ' +
      'of credentials. Attempts beyond that rate are refused (often 503 or 403), which looks like random call ' +
      'failures during bursts such as a dialler campaign or a call-centre shift start.',
    fix:
      `Pace outbound calls on the PBX to ${limit} per second${key === 'cps_limit' ? ' per region' : ' for these credentials'} ` +
      '(dialler "calls per second" or trunk rate limit), spread calls over both regions, or move to IP authentication.',
  };
}

/** cps_limit 0 is "no outbound calls at all" on this scope: every attempt is refused. */
function noneAllowed(calls: readonly CountedCall[], scope: string, key: string): Finding | undefined {
  if (calls.length === 0) return undefined;
  return {
    rule: 'reg.cps',
    severity: 'error',
    title: `${calls.length} outbound call attempt${calls.length === 1 ? '' : 's'} for ${scope}, where the profile allows none (${key}=0)`,
    evidence: capEvidence(calls.map((c) => startLineEvidence(c.call.invite))),
    observed: `${calls.length} attempt${calls.length === 1 ? '' : 's'}`,
    expected: `no outbound call attempts (profile ${key}=0)`,
    explanation:
      'The profile allows no outbound calls per second on this scope, so the provider refuses every attempt.',
    fix: 'Ask the provider to allow outbound calls for these credentials, or stop routing outbound calls over this trunk.',
  };
}
