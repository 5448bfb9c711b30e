// Builds TraceMessages for the diagnostics tests from SIP text, with the times and addresses a
// capture would give. Requests are written out whole; responses copy Via, From, To, Call-ID and
// CSeq from their request (RFC 3261 §8.2.6.2), as a real UAS does.
import { findBuiltinProfile } from '../../../../shared/profiles/builtin-profiles';
import type { ProviderProfile } from '../../../../shared/profiles/profile-schema';
import { resolveProfile } from '../../../../shared/profiles/resolve-profile';
import { analyzeTrace } from '../../../../shared/diagnostics/analyze';
import type { Rule } from '../../../../shared/diagnostics/rule-types';
import type { Finding, TraceMessage } from '../../../../shared/diagnostics/trace-model';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';

/** 2023-11-14T22:13:20Z: an arbitrary, fixed trace start. */
export const T0 = 1_700_000_000;

export interface Spec {
  /** Seconds from T0 (fractions allowed); undefined for a text log without times. */
  readonly at?: number;
  /** "ip:port" */
  readonly from?: string;
  readonly to?: string;
  readonly text: string;
  readonly transport?: TraceMessage['transport'];
}

function endpoint(text: string | undefined): TraceMessage['src'] {
  if (text === undefined) return undefined;
  const i = text.lastIndexOf(':');
  return { address: text.slice(0, i), port: Number(text.slice(i + 1)) };
}

/** Lines joined with CRLF, the blank line and the body, Content-Length computed. */
export function sipText(startLine: string, headers: readonly string[], body = ''): string {
  const all = [...headers.filter((h) => !/^content-length:/i.test(h)), `Content-Length: ${body.length}`];
  return `${[startLine, ...all].join('\r\n')}\r\n\r\n${body}`;
}

export function trace(specs: readonly Spec[]): TraceMessage[] {
  return specs.map((s, index) => {
    const transport = s.transport ?? 'udp';
    return {
      index,
      tsMicros: s.at === undefined ? undefined : Math.round((T0 + s.at) * 1_000_000),
      transport,
      src: endpoint(s.from),
      dst: endpoint(s.to),
      text: s.text,
      doc: parseSipText(s.text, { transport }),
    };
  });
}

export interface RequestOptions {
  readonly method: string;
  readonly ruri: string;
  /** Host:port written in the top Via; the branch is added. */
  readonly viaHost: string;
  readonly branch: string;
  readonly from: string;
  readonly to: string;
  readonly callId: string;
  readonly cseq: number;
  readonly contact?: string;
  readonly headers?: readonly string[];
  readonly body?: string;
  readonly transport?: string;
}

export function request(o: RequestOptions): string {
  const headers = [
    `Via: SIP/2.0/${o.transport ?? 'UDP'} ${o.viaHost};branch=${o.branch};rport`,
    'Max-Forwards: 70',
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${o.cseq} ${o.method}`,
    ...(o.contact ? [`Contact: ${o.contact}`] : []),
    ...(o.headers ?? []),
    ...(o.body ? ['Content-Type: application/sdp'] : []),
  ];
  return sipText(`${o.method} ${o.ruri} SIP/2.0`, headers, o.body ?? '');
}

export interface ResponseOptions {
  readonly toTag?: string;
  readonly headers?: readonly string[];
  readonly body?: string;
}

export function response(
  requestText: string,
  status: number,
  reason: string,
  o: ResponseOptions = {},
): string {
  const lines = requestText.split('\r\n');
  const copy = (name: string): string[] => lines.filter((l) => l.toLowerCase().startsWith(`${name}:`));
  const to =
    (copy('to')[0] ?? 'To: <sip:unknown@invalid>') +
    (o.toTag && !/;tag=/i.test(copy('to')[0] ?? '') ? `;tag=${o.toTag}` : '');
  const headers = [
    ...copy('via'),
    ...copy('from'),
    to,
    ...copy('call-id'),
    ...copy('cseq'),
    ...(o.headers ?? []),
    ...(o.body ? ['Content-Type: application/sdp'] : []),
  ];
  return sipText(`SIP/2.0 ${status} ${reason}`, headers, o.body ?? '');
}

export function sdp(address: string, port = 40000): string {
  return [
    'v=0',
    `o=- 1 1 IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

export function profile(name = 'generic', set: readonly string[] = []): ProviderProfile {
  return set.length === 0 ? (findBuiltinProfile(name) as ProviderProfile) : resolveProfile({ name, set });
}

// ---- Ready-made flows ------------------------------------------------------------------------

export const PBX = '192.0.2.10:5060';
export const REGISTRAR = '198.51.100.1:5060';
export const REGISTRAR_B = '198.51.100.2:5060';
export const CARRIER = '203.0.113.50:5060';

export interface RegisterFlowOptions {
  readonly at: number;
  readonly callId?: string;
  readonly cseq?: number;
  readonly user?: string;
  readonly registrar?: string;
  readonly registrarHost?: string;
  readonly pbx?: string;
  readonly contactHost?: string;
  readonly expires?: number;
  readonly granted?: number;
  /** Answer the authenticated REGISTER with this instead of 200. */
  readonly finalStatus?: readonly [number, string, (readonly string[])?];
  /** Challenge first (401) and retry with credentials. Default true. */
  readonly challenge?: boolean;
  readonly branchPrefix?: string;
}

/** REGISTER → 401 → REGISTER with Authorization → 200 (or finalStatus), 50 ms apart. */
export function registerFlow(o: RegisterFlowOptions): Spec[] {
  const pbx = o.pbx ?? PBX;
  const registrar = o.registrar ?? REGISTRAR;
  const host = o.registrarHost ?? 'sip.example.net';
  const user = o.user ?? '1001';
  const callId = o.callId ?? `reg-${user}@pbx`;
  const cseq = o.cseq ?? 1;
  const contactHost = o.contactHost ?? pbx;
  const expires = o.expires ?? 3600;
  const branch =
    o.branchPrefix ?? `z9hG4bK-r${Math.round(o.at * 1000)}-${user}-${registrar.replace(/\W/g, '')}`;
  const base = {
    method: 'REGISTER',
    ruri: `sip:${host}`,
    viaHost: pbx,
    from: `<sip:${user}@${host}>;tag=ft-${user}`,
    to: `<sip:${user}@${host}>`,
    callId,
    contact: `<sip:${user}@${contactHost}>;expires=${expires}`,
  };
  const challenge = o.challenge ?? true;
  const specs: Spec[] = [];
  let t = o.at;
  let seq = cseq;
  if (challenge) {
    const first = request({ ...base, branch: `${branch}-a`, cseq: seq });
    specs.push({ at: t, from: pbx, to: registrar, text: first });
    specs.push({
      at: t + 0.05,
      from: registrar,
      to: pbx,
      text: response(first, 401, 'Unauthorized', {
        toTag: 'rt1',
        headers: [`WWW-Authenticate: Digest realm="${host}", nonce="abc${seq}", algorithm=MD5, qop="auth"`],
      }),
    });
    t += 0.1;
    seq++;
  }
  const auth = `Authorization: Digest username="${user}", realm="${host}", nonce="abc${seq - 1}", uri="sip:${host}", response="0123456789abcdef0123456789abcdef", algorithm=MD5, qop=auth, nc=00000001, cnonce="c1"`;
  const second = request({ ...base, branch: `${branch}-b`, cseq: seq, headers: challenge ? [auth] : [] });
  specs.push({ at: t, from: pbx, to: registrar, text: second });
  const [status, reason, extra] = o.finalStatus ?? [200, 'OK', undefined];
  specs.push({
    at: t + 0.05,
    from: registrar,
    to: pbx,
    text: response(second, status, reason, {
      toTag: 'rt2',
      headers:
        status === 200
          ? [`Contact: <sip:${user}@${contactHost}>;expires=${o.granted ?? expires}`, ...(extra ?? [])]
          : [...(extra ?? [])],
    }),
  });
  return specs;
}

export interface CallFlowOptions {
  readonly at: number;
  readonly callId: string;
  readonly caller?: string;
  readonly callee?: string;
  readonly fromUser?: string;
  readonly fromHost?: string;
  readonly toUser?: string;
  readonly toHost?: string;
  readonly callerSdp?: string;
  readonly calleeSdp?: string;
  /** Seconds from answer to BYE; undefined: no BYE. */
  readonly holdFor?: number;
  readonly noBye?: boolean;
  readonly extraInviteHeaders?: readonly string[];
  readonly inviteHeaders?: readonly string[];
  readonly callerContactHost?: string;
  readonly finalStatus?: readonly [number, string, (readonly string[])?];
}

/** INVITE / 100 / 180 / 200 / ACK / BYE / 200, or INVITE / 100 / final failure / ACK. */
export function callFlow(o: CallFlowOptions): Spec[] {
  const caller = o.caller ?? PBX;
  const callee = o.callee ?? CARRIER;
  const fromUser = o.fromUser ?? '+12035550100';
  const fromHost = o.fromHost ?? caller.split(':')[0] ?? '';
  const toUser = o.toUser ?? '+12035550199';
  const toHost = o.toHost ?? callee.split(':')[0] ?? '';
  const callerAddress = caller.split(':')[0] ?? '';
  const calleeAddress = callee.split(':')[0] ?? '';
  const inv = request({
    method: 'INVITE',
    ruri: `sip:${toUser}@${toHost}`,
    viaHost: caller,
    branch: `z9hG4bK-i-${o.callId}`,
    from: `"Caller" <sip:${fromUser}@${fromHost}>;tag=a-${o.callId}`,
    to: `<sip:${toUser}@${toHost}>`,
    callId: o.callId,
    cseq: 10,
    contact: `<sip:${fromUser}@${o.callerContactHost ?? caller}>`,
    headers: o.extraInviteHeaders ?? [],
    body: o.callerSdp ?? sdp(callerAddress),
  });
  const t = o.at;
  const specs: Spec[] = [
    { at: t, from: caller, to: callee, text: inv },
    { at: t + 0.02, from: callee, to: caller, text: response(inv, 100, 'Trying') },
  ];
  if (o.finalStatus) {
    const [status, reason, extra] = o.finalStatus;
    const fail = response(inv, status, reason, { toTag: `b-${o.callId}`, headers: extra ?? [] });
    specs.push({ at: t + 0.1, from: callee, to: caller, text: fail });
    const ack = sipText(`ACK sip:${toUser}@${toHost} SIP/2.0`, [
      `Via: SIP/2.0/UDP ${caller};branch=z9hG4bK-i-${o.callId};rport`,
      'Max-Forwards: 70',
      `From: "Caller" <sip:${fromUser}@${fromHost}>;tag=a-${o.callId}`,
      `To: <sip:${toUser}@${toHost}>;tag=b-${o.callId}`,
      `Call-ID: ${o.callId}`,
      'CSeq: 10 ACK',
    ]);
    specs.push({ at: t + 0.11, from: caller, to: callee, text: ack });
    return specs;
  }
  specs.push({
    at: t + 0.5,
    from: callee,
    to: caller,
    text: response(inv, 180, 'Ringing', { toTag: `b-${o.callId}` }),
  });
  specs.push({
    at: t + 2,
    from: callee,
    to: caller,
    text: response(inv, 200, 'OK', {
      toTag: `b-${o.callId}`,
      headers: [`Contact: <sip:${toUser}@${callee}>`],
      body: o.calleeSdp ?? sdp(calleeAddress, 30000),
    }),
  });
  const dialog = (method: string, cseq: number, branch: string): string =>
    sipText(`${method} sip:${toUser}@${callee} SIP/2.0`, [
      `Via: SIP/2.0/UDP ${caller};branch=${branch};rport`,
      'Max-Forwards: 70',
      `From: "Caller" <sip:${fromUser}@${fromHost}>;tag=a-${o.callId}`,
      `To: <sip:${toUser}@${toHost}>;tag=b-${o.callId}`,
      `Call-ID: ${o.callId}`,
      `CSeq: ${cseq} ${method}`,
    ]);
  specs.push({ at: t + 2.05, from: caller, to: callee, text: dialog('ACK', 10, `z9hG4bK-ack-${o.callId}`) });
  if (o.noBye) return specs;
  const bye = dialog('BYE', 11, `z9hG4bK-bye-${o.callId}`);
  const end = t + 2 + (o.holdFor ?? 10);
  specs.push({ at: end, from: caller, to: callee, text: bye });
  specs.push({ at: end + 0.05, from: callee, to: caller, text: response(bye, 200, 'OK') });
  return specs;
}

/** Sort specs by time (flows built separately and merged). */
export function merge(...flows: readonly (readonly Spec[])[]): Spec[] {
  return flows.flat().sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
}

/** The findings of one rule over a trace (through analyzeTrace, so the index is built as usual). */
export function findingsOf(
  rule: Rule,
  specs: readonly Spec[],
  p: ProviderProfile = profile(),
  opts: { readonly pbxAddresses?: readonly string[] } = {},
): readonly Finding[] {
  return analyzeTrace(trace(specs), p, { ...opts, rules: [rule] }).findings;
}

/** Registrations of one binding at the given times (each challenged, CSeq carried on). */
export function refreshes(
  times: readonly number[],
  o: Omit<RegisterFlowOptions, 'at' | 'cseq'> = {},
): Spec[] {
  return times.flatMap((at, i) => registerFlow({ ...o, at, cseq: 1 + 2 * i }));
}

/** An OPTIONS ping answered 200, to keep a trace going. */
export function optionsPing(at: number, from = PBX, to = REGISTRAR): Spec[] {
  const req = request({
    method: 'OPTIONS',
    ruri: `sip:${to}`,
    viaHost: from,
    branch: `z9hG4bK-o${Math.round(at * 1000)}`,
    from: `<sip:ping@${from}>;tag=o${Math.round(at * 1000)}`,
    to: `<sip:${to}>`,
    callId: `opt-${at}`,
    cseq: 1,
  });
  return [
    { at, from, to, text: req },
    { at: at + 0.02, from: to, to: from, text: response(req, 200, 'OK', { toTag: 'x' }) },
  ];
}

/** INVITE → 407 → ACK → INVITE with Proxy-Authorization → 100 → 200 → ACK → BYE → 200. */
export function challengedCall(at: number, callId: string, callee = REGISTRAR, caller = PBX): Spec[] {
  const base = {
    method: 'INVITE',
    ruri: `sip:+12035550199@${callee.split(':')[0] ?? ''}`,
    viaHost: caller,
    from: `<sip:+12035550100@sip.example.net>;tag=a-${callId}`,
    to: '<sip:+12035550199@sip.example.net>',
    callId,
    contact: `<sip:1001@${caller}>`,
    body: sdp(caller.split(':')[0] ?? ''),
  };
  const first = request({ ...base, branch: `z9hG4bK-1-${callId}`, cseq: 1 });
  const challenge = response(first, 407, 'Proxy Authentication Required', {
    toTag: `p-${callId}`,
    headers: ['Proxy-Authenticate: Digest realm="sip.example.net", nonce="n1", algorithm=MD5'],
  });
  const ack = sipText(`ACK ${base.ruri} SIP/2.0`, [
    `Via: SIP/2.0/UDP ${caller};branch=z9hG4bK-1-${callId};rport`,
    'Max-Forwards: 70',
    `From: ${base.from}`,
    `To: ${base.to};tag=p-${callId}`,
    `Call-ID: ${callId}`,
    'CSeq: 1 ACK',
  ]);
  const second = request({
    ...base,
    branch: `z9hG4bK-2-${callId}`,
    cseq: 2,
    headers: [
      'Proxy-Authorization: Digest username="1001", realm="sip.example.net", nonce="n1", uri="sip:x", response="00ff", algorithm=MD5',
    ],
  });
  const ok = response(second, 200, 'OK', {
    toTag: `b-${callId}`,
    headers: [`Contact: <sip:+12035550199@${callee}>`],
    body: sdp(callee.split(':')[0] ?? '', 30000),
  });
  const inDialog = (method: string, seq: number, branch: string) =>
    sipText(`${method} sip:+12035550199@${callee} SIP/2.0`, [
      `Via: SIP/2.0/UDP ${caller};branch=${branch};rport`,
      'Max-Forwards: 70',
      `From: ${base.from}`,
      `To: ${base.to};tag=b-${callId}`,
      `Call-ID: ${callId}`,
      `CSeq: ${seq} ${method}`,
    ]);
  const bye = inDialog('BYE', 3, `z9hG4bK-3-${callId}`);
  return [
    { at, from: caller, to: callee, text: first },
    { at: at + 0.05, from: callee, to: caller, text: challenge },
    { at: at + 0.06, from: caller, to: callee, text: ack },
    { at: at + 0.1, from: caller, to: callee, text: second },
    { at: at + 0.15, from: callee, to: caller, text: response(second, 100, 'Trying') },
    { at: at + 1, from: callee, to: caller, text: ok },
    { at: at + 1.05, from: caller, to: callee, text: inDialog('ACK', 2, `z9hG4bK-a-${callId}`) },
    { at: at + 5, from: caller, to: callee, text: bye },
    { at: at + 5.05, from: callee, to: caller, text: response(bye, 200, 'OK') },
  ];
}
