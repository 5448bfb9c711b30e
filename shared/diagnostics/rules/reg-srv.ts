// reg.srv (seed 002): "One SRV name covers both regions; without SRV, register to both region A
// records." A PBX registered to one region loses inbound calls routed round-robin to the other
// and has no failover.
import { capEvidence, startLineEvidence } from '../message-text';
import type { RegistrationBinding } from '../registrations';
import type { Rule, RuleContext } from '../rule-types';
import type { Finding } from '../trace-model';
import { groupBy } from './rule-support';

/** The region a binding's registrar belongs to: a profile registrar name, or its address. */
export function regionOf(ctx: RuleContext, b: RegistrationBinding): string {
  const names = ctx.profile.registrars.map((r) => r.name.toLowerCase());
  const name = b.targetName?.toLowerCase();
  if (name) {
    if (names.includes(name)) return name;
    // Alias names (nw1.reg.authengine.io for nw1.reg.skyetel.com) share the first label.
    const label = name.split('.')[0];
    const alias = names.find((n) => n.split('.')[0] === label);
    if (alias) return alias;
  }
  return b.target;
}

/** The credential a binding belongs to: the AoR user (the SIP username on a registration trunk). */
export function credentialOf(b: RegistrationBinding): string {
  const credential = b.attempts.map((a) => a.credential).find((c) => c !== undefined);
  return credential ?? b.aor.split('@')[0] ?? b.aor;
}

export const regSrvRule: Rule = {
  id: 'reg.srv',
  title: 'The PBX registers to every region',
  run(ctx) {
    const registrars = ctx.profile.registrars;
    if (registrars.length < 2) return [];
    const registering = ctx.index.registrations.filter((b) => b.attempts.some((a) => !a.unregister));
    const findings: Finding[] = [];
    for (const [credential, bindings] of groupBy(registering, credentialOf)) {
      const regions = new Set(bindings.map((b) => regionOf(ctx, b)));
      if (regions.size >= 2) continue;
      const region = [...regions][0] ?? '?';
      const missing = registrars.map((r) => r.name).filter((n) => n.toLowerCase() !== region);
      const usedSrv =
        ctx.profile.srv_name !== undefined &&
        bindings.some((b) =>
          (b.attempts[0]?.request.doc.requestUri ?? '')
            .toLowerCase()
            .includes(ctx.profile.srv_name?.toLowerCase() ?? '\0'),
        );
      const wanted = registrars.map((r) => r.name).join(' and ');
      findings.push({
        rule: 'reg.srv',
        severity: 'warning',
        title: `${credential} is registered to one region only (${region})`,
        evidence: capEvidence(
          bindings.flatMap((b) => (b.attempts[0] ? [startLineEvidence(b.attempts[0].request)] : [])),
        ),
        observed: `REGISTERs only to ${region}`,
        expected: `registrations to every region: ${wanted}`,
        explanation:
          'The provider runs its registration service in several regions and sends inbound calls round-robin ' +
          'to each region where the PBX is registered. A PBX registered to one region only misses the calls ' +
          'routed through the other, and has no fallback when its region is down.',
        fix: usedSrv
          ? `The PBX resolves the SRV name ${ctx.profile.srv_name ?? ''} but registers only to its first target: add a registration to each region's own name (${missing.join(', ')}).`
          : `Point the PBX at the SRV name ${ctx.profile.srv_name ?? "(the provider's SRV name)"} if it supports SRV, or add a second registration to ${missing.join(' and ')}.`,
      });
    }
    return findings;
  },
};
