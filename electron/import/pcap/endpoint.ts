// An ImportedEndpoint from the addresses an IP datagram carries and a transport port.
import type { ImportedEndpoint } from '../imported-message';
import type { IpDatagram } from './ip-datagram';
import { formatIpAddress } from './ip-address';
import { endpointText } from '../../../shared/sip/address-text';

export function sourceEndpoint(d: IpDatagram, port: number): ImportedEndpoint {
  return { address: formatIpAddress(d.family, d.addressBytes, d.srcAt), port };
}

export function destinationEndpoint(d: IpDatagram, port: number): ImportedEndpoint {
  return { address: formatIpAddress(d.family, d.addressBytes, d.dstAt), port };
}

/** "1.2.3.4:5060" or "[::1]:5060", for warnings. */
export function endpointLabel(e: ImportedEndpoint): string {
  return endpointText(e);
}

/** Addresses and ports of one direction as a compact map key. */
export function flowKey(d: IpDatagram, srcPort: number, dstPort: number): string {
  const length = d.family === 4 ? 4 : 16;
  const b = d.addressBytes;
  return (
    b.toString('latin1', d.srcAt, d.srcAt + length) +
    b.toString('latin1', d.dstAt, d.dstAt + length) +
    String.fromCharCode(srcPort, dstPort)
  );
}
