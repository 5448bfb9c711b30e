// reg.transport (seed 002): "SIP Registration only supports UDP" and "only supports communication
// on UDP port 5060". Checked on every REGISTER and on every request sent to a registrar address.
import { formatEndpoint } from '../address-scope';
import { capEvidence, startLineEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import type { Finding, TraceMessage } from '../trace-model';
import { topVia } from '../sip-values';
import { countNote, groupBy } from './rule-support';

export function transportOf(msg: TraceMessage): string {
  if (msg.transport !== 'unknown') return msg.transport;
  const via = topVia(msg)?.transport.toLowerCase();
  if (/^sips:/i.test(msg.doc.requestUri ?? '')) return 'tls';
  return via && via !== '' ? via : 'unknown';
}

function destinationPort(msg: TraceMessage): number | undefined {
  if (msg.dst) return msg.dst.port;
  const m = /^sips?:(?:[^@]*@)?(?:\[[^\]]+\]|[^;:>]+):(\d+)/i.exec(msg.doc.requestUri ?? '');
  return m ? Number(m[1]) : undefined;
}

export const regTransportRule: Rule = {
  id: 'reg.transport',
  title: 'Transport and port toward the registrars',
  run(ctx) {
    const transport = ctx.profile.transport;
    const port = ctx.profile.registrar_port;
    if (transport === 'any' && port === undefined) return [];
    const toRegistrar = ctx.index.transactions
      .map((tx) => tx.requests[0])
      .filter((m): m is TraceMessage => m !== undefined)
      .filter((m) => m.doc.method?.toUpperCase() === 'REGISTER' || ctx.index.roles.roleOf(m.dst) === 'trunk');
    const bad = toRegistrar.filter((m) => {
      const t = transportOf(m);
      const p = destinationPort(m);
      return (
        (transport !== 'any' && t !== 'unknown' && t !== transport) ||
        (port !== undefined && p !== undefined && p !== port)
      );
    });
    const groups = groupBy(bad, (m) => `${transportOf(m)}\n${destinationPort(m) ?? ''}`);
    return [...groups.values()].map((list): Finding => {
      const first = list[0] as TraceMessage;
      const t = transportOf(first);
      const p = destinationPort(first);
      const wrongTransport = transport !== 'any' && t !== transport;
      const wrongPort = port !== undefined && p !== undefined && p !== port;
      const what = [wrongTransport ? t.toUpperCase() : '', wrongPort ? `port ${p}` : '']
        .filter(Boolean)
        .join(' on ');
      const wanted =
        `${transport === 'any' ? '' : transport.toUpperCase()}${port !== undefined ? ` port ${port}` : ''}`.trim();
      return {
        rule: 'reg.transport',
        severity: 'error',
        title: `${first.doc.method ?? 'Request'} sent to the registrar over ${what}; only ${wanted} is accepted${countNote(list.length, 'request')}`,
        evidence: capEvidence(list.map((m) => startLineEvidence(m))),
        observed: `${t.toUpperCase()} to ${first.dst ? formatEndpoint(first.dst) : `port ${p ?? '?'}`}`,
        expected: `${wanted} (profile transport=${transport}${port !== undefined ? `, registrar_port=${port}` : ''})`,
        explanation:
          `The provider's registration servers listen only on ${wanted}. Requests sent any other way never reach ` +
          'the registrar (or are refused), so the PBX stays unregistered and cannot make or receive calls ' +
          'over this trunk.',
        fix: `Set the PBX trunk/registration to ${wanted}${transport === 'udp' ? ' (transport=udp, no TLS, no TCP)' : ''} and the server port to ${port ?? "the provider's port"}.`,
      };
    });
  },
};
