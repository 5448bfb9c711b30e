// What tshark (Wireshark's dissectors) finds in a capture: every SIP message with the frame it
// was dissected in, its time, addresses, ports and exact text. The reference the importer's
// fixture tests compare against. SIP that tshark finds quoted inside an ICMP error (the start of
// a datagram that could not be delivered) is left out: it is not a message that was sent twice,
// and the importer does not import it.
import { execFileSync } from 'node:child_process';
import { requireBinary } from '../../../support/binaries';

export interface TsharkSipMessage {
  readonly frame: number;
  readonly tsMicros: number;
  readonly transport: 'udp' | 'tcp';
  readonly src: { readonly address: string; readonly port: number };
  readonly dst: { readonly address: string; readonly port: number };
  readonly text: string;
}

type Layer = Record<string, unknown>;

function one(value: unknown): Layer | undefined {
  if (Array.isArray(value)) return one(value[value.length - 1]);
  return value && typeof value === 'object' ? (value as Layer) : undefined;
}

function many(value: unknown): Layer[] {
  if (Array.isArray(value)) return value.filter((v): v is Layer => !!v && typeof v === 'object');
  const single = one(value);
  return single ? [single] : [];
}

function text(layer: Layer | undefined, key: string): string {
  const value = layer?.[key];
  return typeof value === 'string' ? value : '';
}

/** "1795573956.490583735" → microseconds, without going through a float. */
export function epochToMicros(epoch: string): number {
  const [seconds = '0', fraction = ''] = epoch.split('.');
  return Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

export function tsharkSipMessages(path: string): TsharkSipMessage[] {
  const tshark = requireBinary('tshark', 'tshark');
  const json = execFileSync(
    tshark,
    [
      '-r',
      path,
      '-Y',
      'sip',
      '-T',
      'json',
      '-J',
      'frame ip ipv6 icmp icmpv6 udp tcp sip',
      '--no-duplicate-keys',
    ],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const packets = JSON.parse(json) as { _source: { layers: Layer } }[];
  const out: TsharkSipMessage[] = [];
  for (const packet of packets) {
    const layers = packet._source.layers;
    if (layers.icmp !== undefined || layers.icmpv6 !== undefined) continue;
    const frame = one(layers.frame);
    const ip = one(layers.ip);
    const ipv6 = one(layers.ipv6);
    const udp = one(layers.udp);
    const tcp = one(layers.tcp);
    const transport = tcp ? 'tcp' : 'udp';
    const ports = tcp ?? udp;
    const src = ip ? text(ip, 'ip.src') : text(ipv6, 'ipv6.src');
    const dst = ip ? text(ip, 'ip.dst') : text(ipv6, 'ipv6.dst');
    for (const sip of many(layers.sip)) {
      const startLine = text(sip, 'sip.Request-Line') || text(sip, 'sip.Status-Line');
      out.push({
        frame: Number(text(frame, 'frame.number')),
        tsMicros: epochToMicros(text(frame, 'frame.time_epoch')),
        transport,
        src: { address: src, port: Number(text(ports, `${transport}.srcport`)) },
        dst: { address: dst, port: Number(text(ports, `${transport}.dstport`)) },
        text: `${startLine}\r\n${text(sip, 'sip.msg_hdr')}`,
      });
    }
  }
  return out;
}
