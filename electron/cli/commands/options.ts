// `sipkit options`: OPTIONS ping with the round-trip time of every try.
import { pingOnce, type PingResult } from '../../engine/options/options-ping';
import { fmt } from '../../engine/transport/sip-transport';
import { EXIT_FAILED, EXIT_OK } from '../cli-error';
import type { Reporter } from '../reporter';
import { parseLocal, RunSession } from '../session';
import { findTargets, parseServer, parseTransport, positiveNumber } from '../targets';

export interface OptionsFlags {
  readonly server: string;
  readonly count?: string;
  readonly interval?: string;
  readonly local?: string;
  readonly transport?: string;
}

export async function runOptions(
  flags: OptionsFlags,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const spec = parseServer(flags.server);
  const transport = parseTransport(flags.transport) ?? spec.transport;
  const count = positiveNumber('--count', flags.count, { integer: true, min: 1 }) ?? 4;
  const intervalS = positiveNumber('--interval', flags.interval, { min: 0 }) ?? 1;
  const local = parseLocal(flags.local);
  const discovery = await findTargets(spec, transport, reporter);
  const target = discovery.targets[0]!;
  const session = await RunSession.open(
    {
      kind: 'options',
      target: flags.server,
      profile: 'generic',
      params: { count, intervalS, target: fmt(target) },
    },
    local,
    (err) => reporter.warn('engine', err.message),
  );
  const results: PingResult[] = [];
  let ok: boolean;
  try {
    for (let seq = 1; seq <= count && !signal.aborted; seq++) {
      const r = await pingOnce(session.endpoint, { target, serverName: target.host }, seq);
      results.push(r);
      const data = {
        seq,
        ok: r.ok,
        status: r.status,
        rttMs: r.rttMs,
        retransmissions: r.retransmissions,
        server: r.server,
      };
      if (r.ok) {
        const resent = r.retransmissions ? `, ${r.retransmissions} retransmission(s)` : '';
        reporter.info(
          'options',
          `seq ${seq}: ${r.message} from ${fmt(target)} in ${r.rttMs!.toFixed(1)} ms${resent}${r.server ? ` — ${r.server}` : ''}`,
          data,
        );
      } else reporter.warn('options', `seq ${seq}: ${r.message}`, data);
      if (seq < count && intervalS > 0) await sleep(intervalS * 1000, signal);
    }
  } finally {
    const answered = results.filter((r) => r.ok);
    ok = answered.length === results.length && results.length > 0;
    const rtts = answered.map((r) => r.rttMs!);
    const stats = rtts.length
      ? `; round trip min ${Math.min(...rtts).toFixed(1)} / avg ${(rtts.reduce((a, b) => a + b, 0) / rtts.length).toFixed(1)} / max ${Math.max(...rtts).toFixed(1)} ms`
      : '';
    const summary = `${answered.length} of ${results.length} OPTIONS answered by ${fmt(target)}${stats}`;
    await session.finish(ok, summary);
    reporter.result(ok, `${summary}; run ${session.runId}`, {
      run: session.runId,
      answered: answered.length,
      sent: results.length,
    });
  }
  return ok ? EXIT_OK : EXIT_FAILED;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
