// "ip:port" as the ladder writes an address: IPv6 in brackets (RFC 3986 §3.2.2), so the port
// cannot be mistaken for the last group of the address.

export function hostPort(address: string, port: number): string {
  return `${bracketed(address)}:${port}`;
}

export function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

export function unbracketed(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}
