// Well-formed messages for the parser tests, CRLF line ends as on the wire.
const crlf = (lines: readonly string[]): string => lines.join('\r\n');

export const CLEAN_REGISTER = crlf([
  'REGISTER sip:reg.example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.168.1.20:5060;rport;branch=z9hG4bK-524287-1---77d1',
  'Max-Forwards: 70',
  'From: <sip:2035550100@reg.example.com>;tag=as5e1d7f31',
  'To: <sip:2035550100@reg.example.com>',
  'Call-ID: 5f2b0c1e6a1d4b0f@192.168.1.20',
  'CSeq: 101 REGISTER',
  'Contact: <sip:2035550100@192.168.1.20:5060>',
  'Expires: 300',
  'User-Agent: Asterisk PBX 18.20.0',
  'Content-Length: 0',
  '',
  '',
]);

export const REGISTER_OK = crlf([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 192.168.1.20:5060;rport=5060;received=203.0.113.45;branch=z9hG4bK-524287-1---77d1',
  'From: <sip:2035550100@reg.example.com>;tag=as5e1d7f31',
  'To: <sip:2035550100@reg.example.com>;tag=c2b1-8e4f',
  'Call-ID: 5f2b0c1e6a1d4b0f@192.168.1.20',
  'CSeq: 101 REGISTER',
  'Contact: <sip:2035550100@192.168.1.20:5060>;expires=300, <sip:2035550100@10.9.8.7:5060>;expires=120',
  'Date: Tue, 05 Mar 2024 14:02:11 GMT',
  'Content-Length: 0',
  '',
  '',
]);

const SDP = crlf([
  'v=0',
  'o=- 1709647331 1709647331 IN IP4 192.168.1.20',
  's=Asterisk',
  'c=IN IP4 192.168.1.20',
  't=0 0',
  'm=audio 16384 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
]);

export const CLEAN_INVITE = crlf([
  'INVITE sip:15551230000@198.51.100.10 SIP/2.0',
  'Via: SIP/2.0/UDP 192.168.1.20:5060;rport;branch=z9hG4bK-as0a1b2c3d',
  'Max-Forwards: 70',
  'Record-Route: <sip:198.51.100.10;lr;ftag=as6b8a2c11>, <sip:198.51.100.11;lr>',
  'From: "Front Desk" <sip:2035550100@trunking-customer.15611.service>;tag=as6b8a2c11',
  'To: <sip:15551230000@198.51.100.10>',
  'Contact: <sip:2035550100@192.168.1.20:5060>',
  'Call-ID: 3c26700e4b1e2f1a@192.168.1.20',
  'CSeq: 102 INVITE',
  'Content-Type: application/sdp',
  `Content-Length: ${SDP.length}`,
  '',
  SDP,
]);

/** Replace one header line (matched by its start) or drop it (replacement undefined). */
export function withLine(message: string, startsWith: string, replacement: string | undefined): string {
  const lines = message.split('\r\n');
  const i = lines.findIndex((l) => l.startsWith(startsWith));
  if (i < 0) throw new Error(`no line starting ${startsWith}`);
  if (replacement === undefined) lines.splice(i, 1);
  else lines[i] = replacement;
  return lines.join('\r\n');
}
