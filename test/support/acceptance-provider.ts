// The provider an acceptance test (sipkit accept) runs against: the product's provider emulator
// (electron/engine/emulator) on a loopback port, playing a profile's registrar and trunk, and,
// as a real provider does when you call your own DID, delivering a call to one of its DIDs back
// to the registered PBX (the loop test). `silent` answers the PBX's calls without sending audio
// back (a one-way-audio trunk); a DID not in `loopDids` is answered and never delivered (a DID
// routed elsewhere). The provider's own reading of the PBX's INVITE (the harness's SIP parser,
// not the product's) gives the caller ID it passes on.
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { CapturedMessage } from '../../shared/trace-types';
import { rtpMediaFactory } from '../../electron/engine/call/rtp-call-media';
import { systemClock } from '../../electron/engine/clock';
import { SipEndpoint } from '../../electron/engine/core/sip-endpoint';
import { ProviderEmulator, type InboundCallResult } from '../../electron/engine/emulator/provider-emulator';
import { headerValue, parseSipMessage } from './sip-message';

export interface AcceptanceProviderOptions {
  readonly profile: ProviderProfile;
  /** user → password of the registration trunk (memory only). */
  readonly passwords?: ReadonlyMap<string, string>;
  /** DIDs whose calls from the PBX come back to its registration. */
  readonly loopDids?: readonly string[];
  /** Answer the PBX's calls without audio back (one-way audio). */
  readonly silent?: boolean;
  /** Regions, each a registrar and proxy of its own on a port of its own (default 1). */
  readonly regions?: number;
}

export interface AcceptanceProvider {
  /** Region 1's port. */
  readonly port: number;
  /** Every region's port, region 1 first. */
  readonly ports: readonly number[];
  readonly emulator: ProviderEmulator;
  /** The DID calls delivered back to the PBX, as they ended. */
  readonly delivered: Promise<InboundCallResult>[];
  stop(): Promise<void>;
}

const ADDRESS = '127.0.0.1';

export async function startAcceptanceProvider(o: AcceptanceProviderOptions): Promise<AcceptanceProvider> {
  const loop = new Set(o.loopDids ?? []);
  const seen = new Set<string>();
  const delivered: Promise<InboundCallResult>[] = [];
  // The capture sink is wired before the emulator exists (the endpoint comes first).
  const ref: { emulator?: ProviderEmulator } = {};
  const onInvite = (m: CapturedMessage): void => {
    if (m.direction !== 'in' || m.method !== 'INVITE' || !m.callId || seen.has(m.callId)) return;
    const sip = parseSipMessage(Buffer.from(m.raw).toString('utf8'));
    const did = /^sips?:([^@;]+)@/.exec(sip.uri ?? '')?.[1];
    const to = headerValue(sip, 'to') ?? '';
    // A new call only (no To tag), to a DID of ours.
    if (!did || !loop.has(did) || /;\s*tag=/i.test(to)) return;
    seen.add(m.callId);
    const caller = /<?sips?:([^@;>]+)@/.exec(headerValue(sip, 'from') ?? '')?.[1] ?? 'anonymous';
    // The PSTN takes a moment to ring the DID back.
    setTimeout(() => {
      if (!ref.emulator) return;
      delivered.push(
        ref.emulator.callPbx({ did, caller, providerCallerId: '+15550100000', holdS: 3, ringTimeoutS: 10 }),
      );
    }, 300);
  };
  const endpoints: SipEndpoint[] = [];
  for (let i = 0; i < (o.regions ?? 1); i++) {
    endpoints.push(
      await SipEndpoint.open({
        bindAddress: ADDRESS,
        // An ephemeral port, bound at once: no window for another test to take it.
        port: 0,
        tcp: false,
        capture: { capture: onInvite },
      }),
    );
  }
  const emulator = new ProviderEmulator({
    profile: o.profile,
    regions: endpoints,
    passwords: o.passwords ?? new Map(),
    realm: 'acceptance.sipkit.invalid',
    clock: systemClock,
    echoMedia: rtpMediaFactory({ bindAddress: ADDRESS, echo: !o.silent }),
    toneMedia: rtpMediaFactory({ bindAddress: ADDRESS }),
  });
  ref.emulator = emulator;
  const ports = endpoints.map((e) => e.local.port);
  return {
    port: ports[0]!,
    ports,
    emulator,
    delivered,
    stop: async () => {
      await emulator.stop();
      await Promise.allSettled(delivered);
      await Promise.all(endpoints.map((e) => e.close()));
    },
  };
}
