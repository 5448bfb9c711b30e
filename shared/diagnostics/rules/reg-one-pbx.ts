// reg.one-pbx (seed 002): "we route based on the IP Address provided to us in the SIP
// Registration dialogue … You can not register more than one PBX … using the same set of
// credentials." Seen two ways: a registrar's 2xx listing bindings at more than one host:port
// (RFC 3261 §10.3 step 8: the 2xx enumerates all current bindings), or REGISTERs for one
// account coming from two source addresses.
import { formatEndpoint, splitHostPort } from '../address-scope';
import { capEvidence, headerLines, headerLineEvidence, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import { aorOf, contactHostPort, parseDeltaSeconds } from '../sip-values';
import type { Finding, Severity, TraceMessage } from '../trace-model';
import { countNote, groupBy } from './rule-support';

function severityFor(ctx: RuleContext, distinctHosts: boolean): Severity {
  // Several devices per AoR is normal RFC 3261 (forking to every phone); it breaks only a
  // provider that routes on one registered address, i.e. a registration trunk.
  if (ctx.profile.registrars.length === 0) return 'info';
  return distinctHosts ? 'error' : 'warning';
}

const EXPLANATION =
  'The provider routes inbound calls to the address it learned from the registration, and accepts one PBX ' +
  'per set of credentials. When two devices register with the same credentials they overwrite each other ' +
  '(or both stay registered): inbound calls go to whichever registered last, outbound calls from the other ' +
  'count against the same limits, and a stranger using leaked credentials looks exactly like this.';

export const regOnePbxRule: Rule = {
  id: 'reg.one-pbx',
  title: 'One PBX per set of credentials',
  run(ctx) {
    return [...bindingsInResponses(ctx), ...twoSources(ctx)];
  },
};

function bindingsInResponses(ctx: RuleContext): Finding[] {
  const hits: { msg: TraceMessage; places: string[] }[] = [];
  for (const msg of ctx.messages) {
    const d = msg.doc;
    if (d.kind !== 'response' || d.cseq?.method.toUpperCase() !== 'REGISTER') continue;
    if ((d.status ?? 0) < 200 || (d.status ?? 0) >= 300) continue;
    const live = d.contacts.filter((c) => parseDeltaSeconds(c.params.expires) !== 0);
    const places = [...new Set(live.map(contactHostPort).filter((p): p is string => p !== undefined))];
    if (places.length > 1) hits.push({ msg, places: places.sort() });
  }
  const groups = groupBy(hits, (h) => `${aorOf(h.msg)}\n${h.places.join(',')}`);
  return [...groups.values()].map((list): Finding => {
    const first = list[0] as (typeof hits)[number];
    const hosts = new Set(first.places.map((p) => splitHostPort(p).address));
    const severity = severityFor(ctx, hosts.size > 1);
    return {
      rule: 'reg.one-pbx',
      severity,
      title: `The registrar lists ${first.places.length} bindings for ${aorOf(first.msg)}: ${first.places.join(', ')}${countNote(list.length, 'response')}`,
      evidence: capEvidence(
        list.flatMap((h) => headerLines(h.msg, 'contact').map((l) => headerLineEvidence(h.msg, l))),
      ),
      observed: `bindings at ${first.places.join(', ')}`,
      expected: 'one binding (one PBX) per set of credentials',
      explanation:
        hosts.size > 1
          ? EXPLANATION
          : `${EXPLANATION} Here the bindings share one address and differ only in port: often the same PBX after a restart or a NAT port change, whose old binding lingers until it expires.`,
      fix:
        hosts.size > 1
          ? 'Find the other device (its address is in the Contact list) and give each PBX its own credentials; if you do not recognise it, the credentials have leaked: generate new ones now.'
          : 'Make the PBX un-register on shutdown and keep a fixed source port (or enable rport/keep-alives so the NAT mapping stays the same); the stale binding goes away when it expires.',
    };
  });
}

function twoSources(ctx: RuleContext): Finding[] {
  const registers = ctx.index.transactions
    .filter((tx) => tx.method === 'REGISTER')
    .map((tx) => tx.requests[0])
    .filter((m): m is TraceMessage => m !== undefined && m.src !== undefined);
  const byAccount = groupBy(registers, (m) => m.doc.to?.uri?.user ?? aorOf(m));
  const findings: Finding[] = [];
  for (const [account, list] of byAccount) {
    const sources = [...new Set(list.map((m) => formatEndpoint(m.src as NonNullable<TraceMessage['src']>)))];
    if (sources.length < 2) continue;
    const hosts = new Set(list.map((m) => m.src?.address));
    const bySource = groupBy(list, (m) => formatEndpoint(m.src as NonNullable<TraceMessage['src']>));
    findings.push({
      rule: 'reg.one-pbx',
      severity: severityFor(ctx, hosts.size > 1),
      title: `REGISTERs for ${account} come from ${sources.length} different sources: ${sources.join(', ')}`,
      evidence: capEvidence([...bySource.values()].map((l) => startLineEvidence(l[0] as TraceMessage))),
      observed: `sources ${sources.join(', ')}`,
      expected: 'every REGISTER for one account from one PBX address',
      explanation:
        hosts.size > 1
          ? EXPLANATION
          : `${EXPLANATION} Here only the source port differs: possibly one PBX whose NAT mapping changed, or two registrations configured on one PBX.`,
      fix:
        hosts.size > 1
          ? 'Give each PBX its own credentials; if one of these addresses is not yours, the credentials have leaked: generate new ones now.'
          : 'Remove the duplicate registration on the PBX, or keep its NAT mapping stable (keep-alives, fixed source port).',
    });
  }
  return findings;
}
