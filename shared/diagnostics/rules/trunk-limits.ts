// trunk.limits (seed 000): separate concurrent-call limits for inbound, outbound and total calls.
// A sweep over each call's start (first INVITE) and end (BYE, or the final failure when never
// answered; an answered call without BYE counts until the trace ends).
import type { Call } from '../calls';
import { sweepConcurrency, type Interval } from '../concurrency';
import { capEvidence, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import type { Finding } from '../trace-model';
import { at, plural } from './rule-support';

export function callIntervals(calls: readonly Call[]): Interval<Call>[] {
  const out: Interval<Call>[] = [];
  for (const c of calls) {
    if (c.startMicros === undefined) continue;
    out.push({ start: c.startMicros, end: c.endMicros ?? c.startMicros, item: c });
  }
  return out;
}

interface LimitSpec {
  readonly key: 'inbound_limit' | 'outbound_limit' | 'total_limit';
  readonly label: string;
  readonly pick: (c: Call) => boolean;
}

const SPECS: readonly LimitSpec[] = [
  { key: 'inbound_limit', label: 'inbound', pick: (c) => c.direction === 'inbound' },
  { key: 'outbound_limit', label: 'outbound', pick: (c) => c.direction === 'outbound' },
  { key: 'total_limit', label: 'total', pick: () => true },
];

export const trunkLimitsRule: Rule = {
  id: 'trunk.limits',
  title: 'Concurrent calls stay within the trunk limits',
  run(ctx) {
    const findings: Finding[] = [];
    for (const spec of SPECS) {
      const limit = ctx.profile[spec.key];
      if (limit === undefined) continue;
      if (limit === 0) {
        // 0 is "none allowed" (an inbound-only trunk has outbound_limit 0): every such call counts,
        // timed or not.
        const calls = ctx.index.calls.filter(spec.pick);
        if (calls.length > 0) findings.push(noneAllowedFinding(spec, calls));
        continue;
      }
      const report = sweepConcurrency(callIntervals(ctx.index.calls.filter(spec.pick)), limit);
      if (!report?.firstAbove) continue;
      findings.push(
        limitFinding(ctx, spec, limit, report.peak.count, report.firstAbove, report.startsAboveLimit),
      );
    }
    return findings;
  },
};

function limitFinding(
  ctx: RuleContext,
  spec: LimitSpec,
  limit: number,
  peak: number,
  firstAbove: { readonly atMicros: number; readonly active: readonly Interval<Call>[] },
  startsAbove: number,
): Finding {
  const active = [...firstAbove.active].sort((a, b) => b.start - a.start);
  return {
    rule: 'trunk.limits',
    severity: 'error',
    title: `${peak} concurrent ${spec.label} calls, above the trunk's limit of ${limit}`,
    // The call that crossed the limit first, then the calls it overlapped.
    evidence: capEvidence(active.map((i) => startLineEvidence(i.item.invite))),
    observed: `${peak} ${spec.label} calls at once (first above ${limit} at ${at(ctx, firstAbove.atMicros)}); ${startsAbove} call attempts started while ${limit} were already up`,
    expected: `at most ${limit} concurrent ${spec.label} calls (profile ${spec.key}=${limit})`,
    explanation:
      `The provider caps how many calls may be up at the same time on this trunk: inbound, outbound and ` +
      `in total. A call that would go over the cap is refused (often 403, 486 or 503), so callers get busy ` +
      `signals or failed calls while the trunk looks healthy. Calls are counted from their INVITE until ` +
      `their BYE (or their failure), as the provider counts channels.`,
    fix:
      `Limit the PBX's ${spec.label} calls on this trunk to ${limit} (trunk "max channels"/call limit), or ask ` +
      `the provider to raise the trunk's ${spec.label} limit.`,
  };
}

function noneAllowedFinding(spec: LimitSpec, calls: readonly Call[]): Finding {
  return {
    rule: 'trunk.limits',
    severity: 'error',
    title: `${plural(calls.length, `${spec.label} call`)} on a trunk that allows no ${spec.label} calls (${spec.key}=0)`,
    evidence: capEvidence(calls.map((c) => startLineEvidence(c.invite))),
    observed: plural(calls.length, `${spec.label} call`),
    expected: `no ${spec.label} calls (profile ${spec.key}=0)`,
    explanation:
      `The trunk's ${spec.label} limit is 0: the provider refuses every ${spec.label} call on it (often 403 ` +
      `or 503), however well the call is set up.`,
    fix:
      `If the customer needs ${spec.label} calls, ask the provider to allow them on this trunk; otherwise ` +
      `stop the PBX from routing ${spec.label} calls over it.`,
  };
}
