// sec.scanner: a SIP scanner probed the traced endpoint. SIPVicious (svmap, svwar, svcrack) and
// its many copies announce themselves ("friendly-scanner"); the rest give themselves away by
// asking one address for many different users without ever placing a real call (extension
// enumeration). Either is the first step of toll fraud, so it is worth a warning in any trace.
import { capEvidence, firstHeaderLine, headerLineEvidence, startLineEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import type { Finding, TraceMessage } from '../trace-model';
import type { Transaction } from '../transactions';
import { isScannerAgent } from '../../sip/scanner-agents';
import { at, groupBy, plural } from './rule-support';

/**
 * Distinct users one source probed, without ever being let in, that make a sweep. Probes are what
 * enumerators send: OPTIONS, REGISTER and INVITE without an SDP offer. A PBX placing calls sends
 * SDP, and an SBC relaying many phones' REGISTERs gets 200s, so neither counts.
 */
export const ENUMERATION_USERS = 10;

interface SourceActivity {
  readonly source: string;
  readonly transactions: readonly Transaction[];
  /** Requests carrying a scanner's User-Agent. */
  readonly signed: readonly TraceMessage[];
  readonly users: ReadonlySet<string>;
}

function targetUser(msg: TraceMessage): string | undefined {
  return msg.doc.to?.uri?.user ?? /^sips?:([^@;]+)@/i.exec(msg.doc.requestUri ?? '')?.[1];
}

function isProbe(msg: TraceMessage): boolean {
  const method = msg.doc.method;
  return method === 'OPTIONS' || method === 'REGISTER' || (method === 'INVITE' && msg.doc.body.trim() === '');
}

function activity(source: string, transactions: readonly Transaction[]): SourceActivity {
  const signed: TraceMessage[] = [];
  const users = new Set<string>();
  for (const t of transactions) {
    const first = t.requests[0];
    if (!first) continue;
    if (isScannerAgent(first.doc.first('user-agent'))) signed.push(first);
    // Out of dialog only (no To tag): in-dialog requests follow a call someone placed.
    const user = first.doc.to?.tag === undefined && isProbe(first) ? targetUser(first) : undefined;
    if (user !== undefined) users.add(user);
  }
  return { source, transactions, signed, users };
}

/** A source that placed a real call or registered (answered 2xx) is a caller, not a sweep. */
function wasLetIn(a: SourceActivity): boolean {
  return a.transactions.some((t) => {
    const status = t.final?.doc.status;
    return (t.method === 'INVITE' || t.method === 'REGISTER') && status !== undefined && status < 300;
  });
}

function tally(values: readonly string[]): string {
  return [...groupBy(values, (v) => v)].map(([v, list]) => `${v} ×${list.length}`).join(', ');
}

export const secScannerRule: Rule = {
  id: 'sec.scanner',
  title: 'No SIP scanner probes the endpoint',
  run(ctx) {
    const bySource = groupBy(
      ctx.index.transactions.filter((t) => t.requests[0]?.src !== undefined),
      (t) => t.requests[0]?.src?.address ?? '',
    );
    const findings: Finding[] = [];
    for (const [source, transactions] of bySource) {
      const a = activity(source, transactions);
      const sweep = a.users.size >= ENUMERATION_USERS && !wasLetIn(a);
      if (a.signed.length === 0 && !sweep) continue;
      const first = a.signed[0] ?? transactions[0]?.requests[0];
      if (!first) continue;
      const agent = firstHeaderLine(first, 'user-agent');
      const requests = transactions.map((t) => t.method);
      const answers = transactions.flatMap((t) => (t.final?.doc.status ? [String(t.final.doc.status)] : []));
      const last = transactions.at(-1)?.requests[0];
      const how =
        a.signed.length > 0
          ? `User-Agent "${agent?.value ?? ''}"`
          : `${plural(a.users.size, 'different user')} asked for`;
      findings.push({
        rule: 'sec.scanner',
        severity: 'warning',
        title: `SIP scanner at ${source}: ${plural(transactions.length, 'request')} (${how})`,
        evidence: capEvidence([
          startLineEvidence(first),
          ...(agent && a.signed.length > 0 ? [headerLineEvidence(first, agent)] : []),
        ]),
        observed:
          `${tally(requests)} from ${source} between ${at(ctx, first.tsMicros)} and ${at(ctx, last?.tsMicros)}, ` +
          `for ${plural(a.users.size, 'user')}; answered ${answers.length > 0 ? tally(answers) : 'never'}`,
        expected: 'requests only from the provider, the phones and the PBX this endpoint works with',
        explanation:
          'Someone ran a SIP scanner against this address: tools such as SIPVicious (svmap, svwar, svcrack) ' +
          'first find SIP devices, then try extension numbers to learn which exist, then guess their ' +
          'passwords. A PBX that gives one away gets registered to by strangers who place expensive ' +
          'international calls on the owner’s bill (toll fraud). Scans arrive within minutes of a SIP ' +
          'port being reachable from the internet.',
        fix:
          'Block the source at the firewall; never expose 5060 to the internet without an allow-list ' +
          '(the provider’s and the phones’ addresses) or fail2ban. Answer unknown users exactly as known ' +
          'ones, and use long random passwords.',
      });
    }
    return findings;
  },
};
