// reg.channels (seed 002): "a hard limit of 100 concurrent outbound calls per region - meaning you
// may only process a maximum of 200 outbound channels per SIP credential". Concurrency per
// registrar target and per credential, counted INVITE to BYE (or to the final failure).
import { sweepConcurrency, type Interval } from '../concurrency';
import { capEvidence, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import type { Finding } from '../trace-model';
import { checkPerRegionAndCredential, type CountedCall } from './outbound-load';
import { at } from './rule-support';

export const regChannelsRule: Rule = {
  id: 'reg.channels',
  title: 'Concurrent outbound calls per region and per credential',
  measuresTime: true,
  run(ctx) {
    return checkPerRegionAndCredential(
      ctx,
      {
        region: ctx.profile.channel_limit,
        regionKey: 'channel_limit',
        credential: ctx.profile.channel_limit_per_credential,
        credentialKey: 'channel_limit_per_credential',
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
  const intervals: Interval<CountedCall>[] = calls.map((c) => ({
    start: c.start,
    end: c.call.endMicros ?? c.start,
    item: c,
  }));
  const report = sweepConcurrency(intervals, limit);
  if (!report?.firstAbove) return undefined;
  const active = [...report.firstAbove.active].sort((a, b) => b.start - a.start);
  return {
    rule: 'reg.channels',
    severity: 'error',
    title:
      limit === 0
        ? `${calls.length} outbound call${calls.length === 1 ? '' : 's'} for ${scope}, where the profile allows none (${key}=0)`
        : `${report.peak.count} concurrent outbound calls for ${scope}, above the limit of ${limit}`,
    evidence: capEvidence(active.map((i) => startLineEvidence(i.item.call.invite))),
    observed: `peak ${report.peak.count} at ${at(ctx, report.peak.atMicros)}; first above ${limit} at ${at(ctx, report.firstAbove.atMicros)}; ${report.startsAboveLimit} calls started over the limit`,
    expected: `at most ${limit} concurrent outbound calls per ${key === 'channel_limit' ? 'region' : 'credential'} (profile ${key}=${limit})`,
    explanation:
      'The provider enforces a hard cap on outbound calls that may be up at once over a registration trunk, ' +
      'per region and per set of credentials. Calls beyond the cap are refused, so during busy hours some ' +
      'users get failures while others talk. The cap cannot be raised on registration trunks.',
    fix:
      `Limit outbound channels on the PBX trunk to ${limit}${key === 'channel_limit' ? ' per registration (region)' : ' for these credentials'}, ` +
      'spread calls over both regions, or move to IP authentication (no such cap).',
  };
}
