// The first two rows of the checklist: the server resolves to every region the provider has
// (RFC 3263 §4.2, rule reg.srv), and each region's registrar answers OPTIONS (RFC 3261 §11) with
// its round trip.
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { TransportName } from '../../../shared/trace-types';
import type { SipEndpoint } from '../../engine/core/sip-endpoint';
import { discoverTargets } from '../../engine/discovery/discover-targets';
import type { DnsClient } from '../../engine/discovery/dns-client';
import type { SipTarget } from '../../engine/discovery/discovery-types';
import type { ServerSpec } from '../../engine/discovery/parse-server';
import { pingOnce } from '../../engine/options/options-ping';
import { fmt } from '../../engine/transport/sip-transport';
import type { AcceptanceBoard } from './acceptance-board';

/** The regions the server resolved to, in RFC 3263 order; empty when it did not resolve. */
export async function checkDns(
  board: AcceptanceBoard,
  spec: ServerSpec,
  transport: TransportName | undefined,
  profile: ProviderProfile,
  dns: DnsClient,
): Promise<readonly SipTarget[]> {
  board.start('dns');
  let targets: readonly SipTarget[];
  let steps: readonly string[];
  try {
    ({ targets, steps } = await discoverTargets(spec, { dns, transport }));
  } catch (error) {
    board.end('dns', 'fail', {
      reason: (error as Error).message,
      fix: `Check the server name ${spec.host}: it must resolve (SRV _sip._${transport ?? 'udp'}.${spec.host}, or an A record) from this network; a private DNS server may not know it.`,
    });
    return [];
  }
  const wanted = profile.registrars.length;
  const regions = {
    label: 'Regions',
    value: String(targets.length),
    expected:
      wanted > 1
        ? `${wanted} (${profile.name}: ${profile.registrars.map((r) => r.name).join(', ')})`
        : undefined,
    ok: wanted > 1 ? targets.length >= wanted : undefined,
  };
  const figures = [
    regions,
    ...targets.map((t, i) => ({ label: `Region ${i + 1}`, value: `${t.host} → ${fmt(t)}` })),
  ];
  const evidence = steps.map((text) => ({ text }));
  if (wanted > 1 && targets.length < wanted) {
    // Rule reg.srv: a name that gives one region registers the PBX to half the provider, and the
    // other region's inbound calls (round robin) are lost.
    board.end(
      'dns',
      'fail',
      {
        figures,
        evidence,
        rules: ['reg.srv'],
        reason: `${spec.host} gave ${targets.length} region(s); ${profile.name} has ${wanted}`,
        fix: `Point the PBX at ${profile.srv_name ?? "the provider's SRV name"} (an SRV name that lists every region), so it registers to each of them.`,
      },
      // The regions it did find are still tested, and the calls through them.
      true,
    );
  } else board.end('dns', 'pass', { figures, evidence });
  return targets;
}

/** OPTIONS to one region; any final answer proves the registrar is there and reachable. */
export async function checkOptions(
  board: AcceptanceBoard,
  endpoint: SipEndpoint,
  target: SipTarget,
  region: number,
  fromUser: string,
): Promise<void> {
  const id = `options:${region}`;
  board.start(id);
  const ping = await pingOnce(endpoint, { target, serverName: target.host, fromUser }, 1);
  const where = `${target.host} (${fmt(target)})`;
  if (!ping.ok) {
    board.end(id, 'fail', {
      reason: ping.message,
      figures: [{ label: 'Answer', value: 'none', expected: 'any final response', ok: false }],
      fix: `Nothing answered at ${where}: check the address and port, and that the firewall lets SIP over ${target.transport.toUpperCase()} out to it and its answers back in.`,
    });
    return;
  }
  board.end(id, 'pass', {
    figures: [
      { label: 'Answer', value: ping.message },
      { label: 'Round trip', value: `${(ping.rttMs ?? 0).toFixed(1)} ms` },
      { label: 'Retransmissions', value: String(ping.retransmissions) },
      ...(ping.server ? [{ label: 'Server', value: ping.server }] : []),
    ],
  });
}
