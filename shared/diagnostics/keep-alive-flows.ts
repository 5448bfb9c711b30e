// Keep-alives per source and destination: how often each side keeps its NAT binding or
// connection open (RFC 5626 §4.4), the figure support staff compare with the NAT's UDP timeout.
import { endpointText } from '../sip/address-text';
import { keepAliveLabel, type KeepAliveKind } from '../sip/keep-alive';
import type { TraceEndpoint, TraceMessage } from './trace-model';

export interface KeepAliveFlow {
  /** "ip:port", or "?" when the source did not say. */
  readonly src: string;
  readonly dst: string;
  readonly count: number;
  /** Count per kind, in order of first appearance. */
  readonly kinds: readonly { readonly kind: KeepAliveKind; readonly count: number }[];
}

function place(e: TraceEndpoint | undefined): string {
  return e === undefined ? '?' : endpointText(e);
}

/** One entry per source → destination, in order of first keep-alive. */
export function keepAliveFlows(trace: readonly TraceMessage[]): KeepAliveFlow[] {
  const flows = new Map<
    string,
    { src: string; dst: string; count: number; kinds: Map<KeepAliveKind, number> }
  >();
  for (const m of trace) {
    if (m.keepAlive === undefined) continue;
    const src = place(m.src);
    const dst = place(m.dst);
    const key = `${src} ${dst}`;
    let flow = flows.get(key);
    if (flow === undefined) flows.set(key, (flow = { src, dst, count: 0, kinds: new Map() }));
    flow.count++;
    flow.kinds.set(m.keepAlive, (flow.kinds.get(m.keepAlive) ?? 0) + 1);
  }
  return [...flows.values()].map((f) => ({
    src: f.src,
    dst: f.dst,
    count: f.count,
    kinds: [...f.kinds].map(([kind, count]) => ({ kind, count })),
  }));
}

/** "10.0.0.1:5060 → 10.0.0.2:5060: 11 (11 vendor keep-alive)". */
export function keepAliveFlowText(f: KeepAliveFlow): string {
  const kinds = f.kinds.map((k) => `${k.count} ${keepAliveLabel(k.kind)}`).join(', ');
  return `${f.src} → ${f.dst}: ${f.count} (${kinds})`;
}
