// `sipkit discover HOST`: every target a server name resolves to (RFC 3263), in order.
import { fmt } from '../../engine/transport/sip-transport';
import { EXIT_OK } from '../cli-error';
import type { Reporter } from '../reporter';
import { findTargets, parseServer, parseTransport } from '../targets';

export async function runDiscover(
  server: string,
  flags: { transport?: string },
  reporter: Reporter,
): Promise<number> {
  const spec = parseServer(server);
  const discovery = await findTargets(spec, parseTransport(flags.transport) ?? spec.transport, reporter);
  for (const [i, t] of discovery.targets.entries()) {
    const srv = t.priority !== undefined ? ` (SRV priority ${t.priority}, weight ${t.weight})` : '';
    reporter.info('target', `${i + 1}. ${t.transport.toUpperCase()} ${fmt(t)}  ${t.host}${srv}`, { ...t });
  }
  reporter.result(true, `${discovery.targets.length} target(s) for ${server}`, {
    targets: discovery.targets.length,
  });
  return EXIT_OK;
}
