// trunk.from-host (seed 000): an IP-authenticated trunk matches the host of the From URI of each
// call from the PBX against the trunk Name; no match, the call is refused.
import { capEvidence, headerEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import type { Finding } from '../trace-model';
import type { Call } from '../calls';
import { countNote, groupBy } from './rule-support';

export const trunkFromHostRule: Rule = {
  id: 'trunk.from-host',
  title: 'The From host of calls from the PBX is the trunk name',
  run(ctx) {
    const name = ctx.profile.trunk_name;
    if (!name) return [];
    const wanted = name.toLowerCase();
    // Inbound calls come from the provider, which writes its own From; only calls the PBX sends
    // (or whose direction is unknown, e.g. a text trace without addresses) are matched.
    const offending = ctx.index.calls.filter(
      (c) => c.direction !== 'inbound' && c.invite.doc.from?.uri?.host.toLowerCase() !== wanted,
    );
    const groups = groupBy(offending, (c) => c.invite.doc.from?.uri?.host.toLowerCase() ?? '');
    return [...groups].map(([host, calls]) => fromHostFinding(host, calls, name));
  },
};

function fromHostFinding(host: string, calls: readonly Call[], trunkName: string): Finding {
  const first = calls[0] as Call;
  const user = first.invite.doc.from?.uri?.user ?? 'callerid';
  const wantedFrom = `<sip:${user}@${trunkName}>`;
  const observed = host
    ? `From host ${host}`
    : `From "${first.invite.doc.from?.uriText ?? first.invite.doc.first('from') ?? ''}" has no readable host`;
  return {
    rule: 'trunk.from-host',
    severity: 'error',
    title: host
      ? `INVITE From host ${host} is not the trunk name ${trunkName}${countNote(calls.length, 'call')}`
      : `INVITE From header has no readable host, so it cannot match the trunk name${countNote(calls.length, 'call')}`,
    evidence: capEvidence(calls.map((c) => headerEvidence(c.invite, 'from'))),
    observed,
    expected: `From host ${trunkName}, e.g. From: ${wantedFrom}`,
    explanation:
      `An IP-authenticated SIP trunk recognises the customer's calls by the host part of the From header ` +
      `(the text after the @). The provider compares it with the trunk's "Name" (${trunkName}); when it ` +
      `differs the switch cannot tell which customer the call belongs to and refuses it, usually with 403 ` +
      `Forbidden or 404 Not Found, even though the PBX's address is allowed.`,
    fix: host
      ? `Set the trunk Name in the provider's portal to ${host}, or make the PBX send From: ${wantedFrom} ` +
        `(Asterisk/FreePBX: the trunk's "From Domain"/fromdomain = ${trunkName}).`
      : `Make the PBX send a well-formed From header with the trunk name as host: From: "${user}" ${wantedFrom};tag=…`,
  };
}
