// trunk.source-ip (seed 000): a static-IP trunk accepts calls only from the configured address;
// otherwise registration is required.
import { describeScope, isNonRoutable, sameAddress, splitHostPort } from '../address-scope';
import { capEvidence, startLineEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import type { Finding } from '../trace-model';
import { countNote, groupBy } from './rule-support';

export const trunkSourceIpRule: Rule = {
  id: 'trunk.source-ip',
  title: 'Calls come from the PBX address the trunk allows',
  run(ctx) {
    const pbxIp = ctx.profile.pbx_ip;
    if (!pbxIp) return [];
    const allowed = splitHostPort(pbxIp).address;
    // Calls sent by the PBX: not inbound, and not sent by a known provider address.
    const calls = ctx.index.calls.filter(
      (c) =>
        c.direction !== 'inbound' &&
        c.invite.src !== undefined &&
        ctx.index.roles.roleOf(c.invite.src) !== 'trunk' &&
        !sameAddress(c.invite.src.address, allowed),
    );
    const groups = groupBy(calls, (c) => c.invite.src?.address ?? '');
    return [...groups].map(([source, list]): Finding => {
      const behindNat = isNonRoutable(source);
      return {
        rule: 'trunk.source-ip',
        severity: behindNat ? 'info' : 'error',
        title: behindNat
          ? `INVITEs captured leaving private address ${source}; the trunk allows only ${allowed}${countNote(list.length, 'call')}`
          : `INVITE sent from ${source}, not from the trunk's PBX address ${allowed}${countNote(list.length, 'call')}`,
        evidence: capEvidence(list.map((c) => startLineEvidence(c.invite))),
        observed: `calls from ${source} (${describeScope(source)})`,
        expected: `calls from ${allowed} (profile pbx_ip)`,
        explanation: behindNat
          ? `The trunk accepts calls only from ${allowed}. This trace was captured inside the customer's ` +
            `network, where the PBX has a private address; the provider sees the public address of the ` +
            `router (NAT) instead. That is fine only if that public address is ${allowed}.`
          : `A static-IP trunk identifies the customer by the address its calls come from. The provider accepts ` +
            `calls only from ${allowed}; calls from ${source} are refused (usually 403 Forbidden) or treated as ` +
            `someone else's traffic.`,
        fix: behindNat
          ? `Check that the router's public address (e.g. on whatismyip from the PBX's network) is ${allowed}; ` +
            `if it is not, update the trunk's static IP in the provider's portal, or use registration.`
          : `Update the trunk's static IP in the provider's portal to ${source}, or make the PBX send calls from ` +
            `${allowed} (check its outbound interface or the firewall's outbound NAT). If the address changes ` +
            `over time, use a registration trunk instead.`,
      };
    });
  },
};
