// trunk.direction (seed 000): the trunk type is inbound only, outbound only or bidirectional;
// calls the other way are refused. Direction comes from endpoint-roles.ts (PBX addresses,
// registrations, trunk name in From, private/public split).
import { capEvidence, startLineEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import type { Finding } from '../trace-model';
import { countNote, plural } from './rule-support';

export const trunkDirectionRule: Rule = {
  id: 'trunk.direction',
  title: 'Calls go only in the direction the trunk allows',
  run(ctx) {
    const allowed = ctx.profile.direction;
    if (allowed === 'both') return [];
    const forbidden = allowed === 'inbound' ? 'outbound' : 'inbound';
    const findings: Finding[] = [];
    const wrong = ctx.index.calls.filter((c) => c.direction === forbidden);
    if (wrong.length > 0) {
      const first = wrong[0];
      findings.push({
        rule: 'trunk.direction',
        severity: 'error',
        title: `${forbidden === 'outbound' ? 'Outbound' : 'Inbound'} call on an ${allowed}-only trunk${countNote(wrong.length, 'call')}`,
        evidence: capEvidence(wrong.map((c) => startLineEvidence(c.invite))),
        observed: `${plural(wrong.length, `${forbidden} call`)} (the first ${first?.directionReason ?? ''})`,
        expected: `${allowed} calls only (profile direction=${allowed})`,
        explanation:
          `The provider sets each trunk to inbound only, outbound only or bidirectional. This trunk is ` +
          `${allowed} only, so the provider refuses ${forbidden} calls (typically 403 Forbidden) however ` +
          `well the rest of the call is set up.`,
        fix:
          `If the customer needs ${forbidden} calls, change the trunk type to Bidirectional in the provider's ` +
          `portal; otherwise stop the PBX from routing ${forbidden} calls over this trunk.`,
      });
    }
    const unknown = ctx.index.calls.filter((c) => c.direction === 'unknown');
    if (unknown.length > 0) {
      findings.push({
        rule: 'trunk.direction',
        severity: 'info',
        title: `Could not tell the direction of ${plural(unknown.length, 'call')}`,
        evidence: capEvidence(unknown.map((c) => startLineEvidence(c.invite))),
        observed: 'no PBX address, registration, trunk-name From host or private/public address split',
        expected: `${allowed} calls only`,
        explanation:
          'Which way a call goes is read from the addresses: the PBX address given for the analysis or the ' +
          "profile's pbx_ip, the addresses that sent or received REGISTERs, a From host equal to the trunk " +
          'name, or a private address on one side. None of these applied, so these calls were not checked ' +
          'against the trunk direction.',
        fix: 'Give the PBX address to the analysis (or set pbx_ip in the profile) and analyse again.',
      });
    }
    return findings;
  },
};
