// reg.inbound-rr (seed 002): "we will route all inbound calls to that set of SIP Credentials via
// Round Robin on our two SIP Registration Regions". Reports which registered region delivered
// each inbound call; information only, since a short trace may just not have seen the other.
import { sameAddress, splitHostPort } from '../address-scope';
import type { Call } from '../calls';
import { capEvidence, startLineEvidence } from '../message-text';
import { bindingTargetLabel, type RegistrationBinding } from '../registrations';
import type { Rule } from '../rule-types';
import type { Finding } from '../trace-model';

export const regInboundRrRule: Rule = {
  id: 'reg.inbound-rr',
  title: 'Which region delivered each inbound call',
  run(ctx) {
    // Registrars this trace registered with successfully, one per address.
    const registered = new Map<string, RegistrationBinding>();
    for (const b of ctx.index.registrations) {
      if (
        !b.attempts.some((a) => !a.unregister && a.status !== undefined && a.status >= 200 && a.status < 300)
      )
        continue;
      const address = splitHostPort(b.target).address;
      if (!registered.has(address)) registered.set(address, b);
    }
    if (registered.size < 2) return [];
    const inbound = ctx.index.calls.filter((c) => c.direction === 'inbound' && c.invite.src !== undefined);
    if (inbound.length === 0) return [];
    const counts = new Map<string, Call[]>([...registered.keys()].map((k) => [k, []]));
    const other: Call[] = [];
    for (const call of inbound) {
      const src = call.invite.src?.address ?? '';
      const key = [...registered.keys()].find((a) => sameAddress(a, src));
      if (key) counts.get(key)?.push(call);
      else other.push(call);
    }
    const label = (address: string): string => {
      const b = registered.get(address);
      return b ? bindingTargetLabel(b) : address;
    };
    const parts = [...counts].map(([a, list]) => `${label(a)}: ${list.length}`);
    if (other.length > 0) parts.push(`other addresses: ${other.length}`);
    const used = [...counts.values()].filter((l) => l.length > 0).length;
    const onlyOne = used === 1 && inbound.length >= 2;
    const finding: Finding = {
      rule: 'reg.inbound-rr',
      severity: 'info',
      title: onlyOne
        ? `All ${inbound.length} inbound calls came through one region although ${registered.size} are registered`
        : `Inbound calls by region: ${parts.join(', ')}`,
      evidence: capEvidence(inbound.map((c) => startLineEvidence(c.invite))),
      observed: parts.join(', '),
      expected: 'inbound calls spread round-robin over every registered region',
      explanation:
        'The provider delivers inbound calls in turn through each region where the PBX is registered. Seeing ' +
        'every call arrive from one region in a longer test can mean the other registration is not really ' +
        'usable: the provider cannot reach the PBX through it (NAT mapping, firewall) or it expired.',
      fix: onlyOne
        ? 'Place a few more inbound test calls; if none arrive through the other region, check that registration and that the firewall accepts INVITEs from every region address.'
        : 'Nothing to fix.',
    };
    return [finding];
  },
};
