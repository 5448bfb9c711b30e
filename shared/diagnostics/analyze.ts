// The diagnostics entry point: derive the trace index once, run every rule over it, and return
// the findings sorted (errors first) with the trace's numbers. A rule that throws becomes an info
// finding saying so; one broken rule never hides the others' findings.
import type { ProviderProfile } from '../profiles/profile-schema';
import { callMedia } from './call-media';
import type { AnalysisResult, AnalyzeOptions, Rule, RuleContext } from './rule-types';
import { ALL_RULES } from './rules/all-rules';
import { sortFindings } from './sort-findings';
import { buildTraceIndex, type TraceIndex } from './trace-index';
import type { Finding, TraceMessage } from './trace-model';
import { basicStats, traceStats } from './trace-stats';

export type { AnalysisResult, AnalyzeOptions, Rule, RuleContext, TraceStats } from './rule-types';
export { ALL_RULES } from './rules/all-rules';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function failure(rule: string, err: unknown): Finding {
  return {
    rule,
    severity: 'info',
    title: `rule ${rule} could not run: ${message(err)}`,
    evidence: [],
    explanation:
      'This check hit an unexpected problem with this trace and was skipped; every other check ran normally. ' +
      'Its absence from the report does not mean the trace passed it.',
    fix: 'Report this message together with the trace (with passwords removed) so the check can be fixed.',
  };
}

export function analyzeTrace(
  trace: readonly TraceMessage[],
  profile: ProviderProfile,
  opts: AnalyzeOptions = {},
): AnalysisResult {
  // Keep-alives are counted, never judged: the rules see SIP messages only (each keeps its index).
  const messages = untimedIf(
    opts.timesUnknown === true,
    trace.filter((m) => m.keepAlive === undefined),
  );
  const keepAlives = trace.length - messages.length;
  const withKeepAlives = keepAlives > 0 ? { keepAlives } : {};
  let index: TraceIndex;
  try {
    index = buildTraceIndex(messages, profile, { pbxAddresses: opts.pbxAddresses });
  } catch (err) {
    return { findings: [failure('analysis', err)], stats: { ...basicStats(messages), ...withKeepAlives } };
  }
  const media = opts.rtpStreams ? callMedia(index.calls, opts.rtpStreams) : undefined;
  const ctx: RuleContext = { messages, profile, index, options: opts, ...(media ? { media } : {}) };
  const all: readonly Rule[] = opts.rules ?? ALL_RULES;
  const rules = opts.timesUnknown === true ? all.filter((r) => r.measuresTime !== true) : all;
  const skippedForTime = all.filter((r) => !rules.includes(r)).map((r) => r.id);
  const findings: Finding[] = [];
  for (const rule of rules) {
    try {
      // A loop, not push(...): a rule may find more than a call's arguments may hold.
      for (const f of rule.run(ctx)) findings.push(f);
    } catch (err) {
      findings.push(failure(rule.id, err));
    }
  }
  return {
    findings: sortFindings(findings),
    stats: { ...traceStats(messages, index), ...withKeepAlives },
    ...(media ? { media } : {}),
    ...(skippedForTime.length > 0 ? { skippedForTime } : {}),
  };
}

/** Times an importer had to make up are no times: the rules read the trace as untimed. */
function untimedIf(unknown: boolean, messages: TraceMessage[]): TraceMessage[] {
  if (!unknown) return messages;
  return messages.map((m) => {
    if (m.tsMicros === undefined) return m;
    const { tsMicros: _dropped, ...rest } = m;
    return rest;
  });
}
