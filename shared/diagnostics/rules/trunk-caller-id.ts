// trunk.caller-id (seed 000): "By default, the Caller ID for all SIP Trunks is overwritten by the
// Domain's Caller ID", unless the domain caller ID is [*] (profile caller_id_passthrough).
//
// What a single trace can show:
//  - every inbound call's presented caller ID (P-Asserted-Identity, Remote-Party-ID, From,
//    Privacy), as information;
//  - a loop test (an outbound call to a number, then an inbound call to that number within a
//    minute, e.g. `sipkit call` to a DID that `sipkit answer` receives): the caller ID sent next to
//    the one that arrived, judged against caller_id_passthrough;
//  - with passthrough off, the caller IDs the PBX sends that the provider will replace (a warning
//    when the PBX sends several, since per-user caller IDs will all become the domain's).
import { dialledNumber, formatCallerId, presentedCallerId } from '../caller-id';
import type { Call } from '../calls';
import { capEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import { sameNumber } from '../sip-values';
import type { Finding } from '../trace-model';
import { at, countNote, groupBy } from './rule-support';

const LOOP_WINDOW_MICROS = 60_000_000;

interface Dialled {
  readonly call: Call;
  readonly start: number;
  readonly number: string | undefined;
}

/** Outbound calls with a start time, by start, each with its dialled number read once. */
function outboundByStart(ctx: RuleContext): Dialled[] {
  const out: Dialled[] = [];
  for (const c of ctx.index.calls) {
    if (c.direction === 'outbound' && c.startMicros !== undefined)
      out.push({ call: c, start: c.startMicros, number: dialledNumber(c) });
  }
  // Stable: calls that start together keep the index's order.
  return out.sort((a, b) => a.start - b.start);
}

/** The latest outbound call to the inbound call's number within the window before it. */
function loopSource(outbound: readonly Dialled[], inbound: Call): Call | undefined {
  const dialled = dialledNumber(inbound);
  if (inbound.startMicros === undefined || dialled === undefined) return undefined;
  const start = inbound.startMicros;
  // Binary search for the first outbound call starting after this one; then walk back through the
  // window only (a capture of thousands of calls would otherwise compare every pair).
  let lo = 0;
  let hi = outbound.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (outbound[mid]!.start <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0 && start - outbound[k]!.start <= LOOP_WINDOW_MICROS; k--) {
    if (sameNumber(outbound[k]!.number, dialled)) return outbound[k]!.call;
  }
  return undefined;
}

export const trunkCallerIdRule: Rule = {
  id: 'trunk.caller-id',
  title: 'Caller ID presented on inbound calls, next to the one sent',
  run(ctx) {
    const passthrough = ctx.profile.caller_id_passthrough;
    const findings: Finding[] = [];
    const unmatched: Call[] = [];
    const outbound = outboundByStart(ctx);
    for (const inbound of ctx.index.calls.filter((c) => c.direction === 'inbound')) {
      const source = loopSource(outbound, inbound);
      if (source) findings.push(loopFinding(ctx, source, inbound, passthrough));
      else unmatched.push(inbound);
    }
    const byId = groupBy(unmatched, (c) => formatCallerId(presentedCallerId(c.invite)));
    for (const [label, calls] of byId) {
      const id = presentedCallerId((calls[0] as Call).invite);
      findings.push({
        rule: 'trunk.caller-id',
        severity: 'info',
        title: `Inbound call presented caller ID ${label}${countNote(calls.length, 'call')}`,
        evidence: capEvidence(calls.flatMap((c) => presentedCallerId(c.invite).evidence)),
        observed: id.summary,
        explanation:
          'This is what a phone on the PBX would show for the incoming call: the P-Asserted-Identity when the ' +
          'provider sends one, otherwise the From header. A Privacy: id header asks the PBX to hide it.',
        fix: 'Nothing to fix; compare it with the caller ID the calling side sent.',
      });
    }
    if (!passthrough) findings.push(...overwrittenFindings(ctx));
    return findings;
  },
};

function loopFinding(ctx: RuleContext, sent: Call, arrived: Call, passthrough: boolean): Finding {
  const out = presentedCallerId(sent.invite);
  const got = presentedCallerId(arrived.invite);
  const same = sameNumber(out.number, got.number);
  const evidence = capEvidence([...out.evidence, ...got.evidence]);
  const observed = `sent ${formatCallerId(out)} at ${at(ctx, sent.startMicros)}, arrived ${formatCallerId(got)} at ${at(ctx, arrived.startMicros)}`;
  if (!same && passthrough) {
    return {
      rule: 'trunk.caller-id',
      severity: 'warning',
      title: `Caller ID changed on the way: sent ${out.number}, arrived ${got.number}`,
      evidence,
      observed,
      expected: `${out.number} (profile caller_id_passthrough=true)`,
      explanation:
        'The test call left with one caller ID and arrived with another. The profile expects the trunk to pass ' +
        "the caller ID through, so something replaced it: the domain's caller ID setting, a carrier that does " +
        'not accept the number as a valid caller ID, or the PBX sending it in a header the provider ignores.',
      fix: "Set the domain's caller ID to [*] in the provider portal (Domain Settings > Defaults) and send the number in From (and P-Asserted-Identity) in E.164.",
    };
  }
  return {
    rule: 'trunk.caller-id',
    severity: 'info',
    title: same
      ? `Caller ID arrived as sent: ${got.number}`
      : `Caller ID replaced by the domain's: sent ${out.number}, arrived ${got.number}`,
    evidence,
    observed,
    expected: passthrough ? `${out.number} (passthrough)` : "the domain's caller ID (passthrough off)",
    explanation: same
      ? passthrough
        ? 'The caller ID sent on the outbound test call is the one the inbound side received: the trunk passes it through.'
        : "The caller ID arrived unchanged although the profile says the trunk overwrites it with the domain's: either the domain's caller ID is [*] or it equals the number sent."
      : "With caller ID passthrough off, the provider replaces the trunk's caller ID with the domain's caller ID; that is what happened here.",
    fix: same
      ? 'Nothing to fix.'
      : "If the customer needs its own caller ID to show, set the domain's caller ID to [*] in the provider portal (Domain Settings > Defaults).",
  };
}

function overwrittenFindings(ctx: RuleContext): Finding[] {
  const outbound = ctx.index.calls.filter((c) => c.direction === 'outbound');
  if (outbound.length === 0) return [];
  const ids = groupBy(outbound, (c) => presentedCallerId(c.invite).number);
  const numbers = [...ids.keys()];
  const evidence = capEvidence(
    [...ids.values()]
      .map((calls) => presentedCallerId((calls[0] as Call).invite).evidence[0])
      .filter((e) => e !== undefined),
  );
  const several = numbers.length > 1;
  return [
    {
      rule: 'trunk.caller-id',
      severity: several ? 'warning' : 'info',
      title: several
        ? `The PBX sends ${numbers.length} different caller IDs; the provider will show the domain's caller ID for all of them`
        : `The provider will replace the caller ID ${numbers[0] ?? ''} with the domain's caller ID`,
      evidence,
      observed: `caller IDs sent: ${numbers.slice(0, 10).join(', ')}${numbers.length > 10 ? ', …' : ''}`,
      expected: "the domain's caller ID on every call (profile caller_id_passthrough=false)",
      explanation:
        "By default the provider overwrites the caller ID of every call from a SIP trunk with the domain's " +
        'caller ID. Whatever the PBX sends in From or P-Asserted-Identity is replaced, so called parties see ' +
        (several ? 'one number for every user of the PBX.' : "the domain's number."),
      fix: "To keep the PBX's caller IDs, set the domain's caller ID to [*] in the provider portal (Domain Settings > Defaults), then set caller_id_passthrough=true in the profile.",
    },
  ];
}
