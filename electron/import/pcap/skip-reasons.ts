// The reasons packets are left out, as support staff read them in the import summary. Fixed
// strings where possible, so counting a packet allocates nothing.

export const SKIP = {
  noData: 'TCP segment without data (handshake, ACK, FIN)',
  retransmission: 'TCP retransmission (data already seen)',
  tcpNotSip: 'TCP, not SIP',
  tcpDataNotSip: 'TCP data outside any SIP message (stream joined mid-way or data missing)',
  udpNotSip: 'UDP, not SIP',
  udpEmpty: 'UDP without payload',
  crlfKeepAlive: 'CRLF keep-alive',
  nulKeepAlive: 'keep-alive of NUL bytes',
  stun: 'STUN (keep-alive or NAT discovery)',
  webSocketHandshake: 'WebSocket handshake (HTTP Upgrade)',
  webSocketNotSip: 'WebSocket message, not SIP',
  incompleteFragments: 'IP fragment of a datagram that never completed',
} as const;

export function tlsReason(port: number): string {
  return `TLS-encrypted (port ${port}): not readable`;
}
