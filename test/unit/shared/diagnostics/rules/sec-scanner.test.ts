import { describe, expect, it } from 'vitest';
import { ENUMERATION_USERS, secScannerRule } from '../../../../../shared/diagnostics/rules/sec-scanner';
import {
  callFlow,
  CARRIER,
  findingsOf,
  merge,
  optionsPing,
  PBX,
  registerFlow,
  request,
  response,
  type Spec,
} from '../trace-builder';

const SCANNER = '198.18.7.7';

/** One probe as SIPVicious sends it (svmap: OPTIONS, svwar: REGISTER), answered with `status`. */
function probe(
  at: number,
  i: number,
  o: { method?: string; user?: string; agent?: string | null; status?: readonly [number, string] } = {},
): Spec[] {
  const method = o.method ?? 'OPTIONS';
  const user = o.user ?? String(100 + i);
  const from = `${SCANNER}:${5060 + (i % 3)}`;
  const text = request({
    method,
    ruri: `sip:${user}@192.0.2.10`,
    viaHost: from,
    branch: `z9hG4bK-scan-${i}`,
    from: `"${user}"<sip:${user}@192.0.2.10>;tag=s${i}`,
    to: `"${user}"<sip:${user}@192.0.2.10>`,
    callId: `scan-${i}`,
    cseq: 1,
    headers: o.agent === null ? [] : [`User-Agent: ${o.agent ?? 'friendly-scanner'}`],
  });
  const [status, reason] = o.status ?? [200, 'OK'];
  return [
    { at, from, to: PBX, text },
    { at: at + 0.001, from: PBX, to: from, text: response(text, status, reason, { toTag: `t${i}` }) },
  ];
}

describe('sec.scanner', () => {
  it('warns about SIPVicious by its User-Agent, quoting the first scanner message', () => {
    const specs = merge(
      optionsPing(0),
      probe(1, 0),
      probe(2, 1, { method: 'REGISTER', status: [501, 'Not Implemented'] }),
    );
    const findings = findingsOf(secScannerRule, specs);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      rule: 'sec.scanner',
      severity: 'warning',
      title: `SIP scanner at ${SCANNER}: 2 requests (User-Agent "friendly-scanner")`,
    });
    expect(f.evidence.map((e) => e.text)).toEqual([
      'OPTIONS sip:100@192.0.2.10 SIP/2.0',
      'User-Agent: friendly-scanner',
    ]);
    expect(f.evidence[0]?.messageIndex).toBe(2); // after the PBX's own OPTIONS ping and its 200
    expect(f.observed).toMatch(/OPTIONS ×1, REGISTER ×1 from 198\.18\.7\.7 .*answered 200 ×1, 501 ×1/);
    expect(f.fix).toMatch(/^Block the source at the firewall; never expose 5060 to the internet/);
  });

  it('recognises other scanning tools and any letter case', () => {
    for (const agent of ['sipcli/v1.8', 'SIPVicious 0.3.4', 'sundayddr', 'VaxSIPUserAgent/3.1']) {
      expect(findingsOf(secScannerRule, probe(0, 0, { agent })), agent).toHaveLength(1);
    }
  });

  it('catches an unsigned sweep of many users from one source, and not a smaller one', () => {
    const sweep = (n: number) =>
      merge(
        ...Array.from({ length: n }, (_, i) =>
          probe(i * 0.1, i, { agent: 'Asterisk PBX 18', status: [404, 'Not Found'] }),
        ),
      );
    const findings = findingsOf(secScannerRule, sweep(ENUMERATION_USERS));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.title).toBe(`SIP scanner at ${SCANNER}: 10 requests (10 different users asked for)`);
    expect(findings[0]?.evidence).toHaveLength(1);
    expect(findingsOf(secScannerRule, sweep(ENUMERATION_USERS - 1))).toEqual([]);
  });

  it('passes a carrier delivering calls to many numbers and a PBX registering many users', () => {
    const calls = merge(
      ...Array.from({ length: 12 }, (_, i) =>
        callFlow({
          at: i * 20,
          callId: `c${i}`,
          caller: CARRIER,
          callee: PBX,
          toUser: `+1203555${1000 + i}`,
        }),
      ),
    );
    expect(findingsOf(secScannerRule, calls)).toEqual([]);
    const registrations = merge(
      ...Array.from({ length: 12 }, (_, i) => registerFlow({ at: i * 5, callId: `r${i}`, user: `10${i}` })),
    );
    expect(findingsOf(secScannerRule, registrations)).toEqual([]);
  });

  it('passes repeated requests for one user without a scanner User-Agent (a keep-alive, a load test)', () => {
    const pings = merge(...Array.from({ length: 30 }, (_, i) => probe(i, i, { user: '100', agent: null })));
    expect(findingsOf(secScannerRule, pings)).toEqual([]);
  });
});
