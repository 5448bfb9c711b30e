// Addresses as SIP and the ladder write them. "host:port" with IPv6 in brackets (RFC 3986 §3.2.2,
// RFC 3261 §25 IPv6reference), so the port cannot be mistaken for the last group of the address;
// and IPv4-mapped IPv6 (RFC 4291 §2.5.5.2) for a dual-stack socket or a packet header.

export function hostPort(address: string, port: number): string {
  return `${bracketed(address)}:${port}`;
}

/** "1.2.3.4:5060" or "[::1]:5060" for anything with an address and a port. */
export function endpointText(e: { readonly address: string; readonly port: number }): string {
  return hostPort(e.address, e.port);
}

export function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

export function unbracketed(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}

/** A 4-byte IPv4 address as the 16-byte ::ffff:a.b.c.d; a 16-byte address unchanged. */
export function ipv4MappedBytes(ip: Uint8Array): Uint8Array {
  if (ip.length === 16) return ip;
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(ip, 12);
  return out;
}
