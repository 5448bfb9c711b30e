// What the far side's SDP addresses say about NAT between us (rules sip.nat and
// trunk.relay-media). The signalling source is where its SIP really came from; when the SDP names
// another address, either a NAT hid it or the media runs through another box.
import {
  addressScope,
  isNonRoutable,
  sameAddress,
  type AddressScope,
} from '../../../shared/diagnostics/address-scope';
import { isHoldAddress } from './direction';
import { parseSdp } from './parse-sdp';
import type { ParsedSdp } from './sdp-types';

export type SdpNatFindingKind = 'private-address' | 'media-elsewhere' | 'hold' | 'port-zero';

export interface SdpNatFinding {
  readonly rule: 'sip.nat' | 'trunk.relay-media';
  readonly kind: SdpNatFindingKind;
  readonly severity: 'warning' | 'info';
  /** One line in plain words. */
  readonly message: string;
  readonly address?: string;
  readonly port?: number;
  /** Which m= line (0-based) the finding is about. */
  readonly mediaIndex: number;
}

export interface SdpNatInput {
  readonly sdp: string | ParsedSdp;
  /** The source address of the SIP message that carried the SDP (the UDP/TCP peer). */
  readonly signallingSource: { readonly address: string };
}

const SCOPE_WORDS: Partial<Record<AddressScope, string>> = {
  private: 'a private address',
  cgnat: 'a carrier-grade NAT address (100.64.0.0/10)',
  loopback: 'a loopback address',
  'link-local': 'a link-local address',
};

export function sdpNatFindings(input: SdpNatInput): SdpNatFinding[] {
  const sdp = typeof input.sdp === 'string' ? parseSdp(input.sdp) : input.sdp;
  const source = input.signallingSource.address;
  const findings: SdpNatFinding[] = [];
  const seen = new Set<string>();
  const add = (finding: SdpNatFinding): void => {
    const key = `${finding.kind} ${finding.address ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };

  sdp.media.forEach((media, mediaIndex) => {
    if (media.type !== 'audio') return;
    if (media.port === 0) {
      // RFC 3264 §6: port 0 rejects the stream. Some SIP ALGs also zero ports they cannot map.
      add({
        rule: 'sip.nat',
        kind: 'port-zero',
        severity: 'warning',
        mediaIndex,
        message:
          'the SDP gives the audio stream port 0: the far side rejected or disabled audio, so no RTP will flow (a SIP ALG in a router can also do this)',
      });
      return;
    }
    // RFC 8866 §5.7: a media-level c= overrides the session-level one.
    const connection = media.connection ?? sdp.connection;
    if (!connection) return;
    const address = connection.address;
    const at = `${address}:${media.port}`;
    if (isHoldAddress(address)) {
      add({
        rule: 'sip.nat',
        kind: 'hold',
        severity: 'warning',
        address,
        port: media.port,
        mediaIndex,
        message: `the SDP gives c=${address}: the far side put the call on hold (RFC 3264 §8.4) and will not exchange audio — or a SIP ALG blanked the address`,
      });
      return;
    }
    if (sameAddress(address, source) || addressScope(address) === 'name') return;

    if (isNonRoutable(address)) {
      // A LAN call (both private) is fine; a private SDP behind a public signalling source is NAT.
      if (isNonRoutable(source)) return;
      add({
        rule: 'sip.nat',
        kind: 'private-address',
        severity: 'warning',
        address,
        port: media.port,
        mediaIndex,
        message: `the SDP asks for audio at ${at}, ${SCOPE_WORDS[addressScope(address)] ?? 'a non-routable address'}, but its SIP came from ${source}: the far side is behind NAT without SDP fix-up, so audio sent there is lost unless media is relayed or latched to where its RTP comes from`,
      });
      return;
    }
    if (addressScope(source) === 'public') {
      add({
        rule: 'trunk.relay-media',
        kind: 'media-elsewhere',
        severity: 'info',
        address,
        port: media.port,
        mediaIndex,
        message: `the SDP asks for audio at ${at} while its SIP came from ${source}: media runs through a separate media server or relay, so the firewall must allow RTP from ${address} too`,
      });
    }
  });
  return findings;
}
