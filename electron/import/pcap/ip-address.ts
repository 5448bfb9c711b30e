// Text forms of addresses read out of IP headers: dotted quad for IPv4, RFC 5952 canonical text
// for IPv6 (lower case, no leading zeros, the longest run of two or more zero groups as "::",
// IPv4-mapped addresses with a dotted tail, §5).

export function formatIpv4(bytes: Uint8Array, at: number): string {
  return `${bytes[at] ?? 0}.${bytes[at + 1] ?? 0}.${bytes[at + 2] ?? 0}.${bytes[at + 3] ?? 0}`;
}

export function formatIpv6(bytes: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((bytes[at + 2 * i] ?? 0) << 8) | (bytes[at + 2 * i + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4(bytes, at + 12)}`;
  }
  // Longest run of zero groups, the first one on a tie; a single zero group stays "0" (§4.2.2).
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]): string => list.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

export function formatIpAddress(family: 4 | 6, bytes: Uint8Array, at: number): string {
  return family === 4 ? formatIpv4(bytes, at) : formatIpv6(bytes, at);
}
