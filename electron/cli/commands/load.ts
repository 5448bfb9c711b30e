// `sipkit load`: load tests against a trunk or PBX (issue 7): fixed rate, channel hold, ramp to
// failure (CPS or channels) and the registration rate. A live line every second, a final table,
// the run and every message in the trace store. Exit 0 when the run completed (a cap found is a
// result), 1 when it was aborted or failed, 2 for bad usage or a plan the safety rails refuse.
import { uriHostOf } from '../../engine/discovery/parse-server';
import {
  DEFAULT_CAPS,
  type LoadCaps,
  type LoadMode,
  type LoadPlan,
  type LoadReport,
  type LoadSecond,
} from '../../engine/load/load-types';
import { inboundTarget } from '../../engine/load/load-both-ways';
import { isDialable } from '../../engine/load/plan-figures';
import { checkLoadPlan } from '../../engine/load/safety';
import { fmt } from '../../engine/transport/sip-transport';
import { startCapturedLoadRun, type CapturedLoadRun } from '../../usecases/captured-load-run';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { readPassword } from '../password';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';
import { openStore, parseLocal } from '../session';
import { findTargets, parseServer, positiveNumber } from '../targets';

export interface LoadFlags extends ProfileFlags {
  readonly server: string;
  readonly to?: string;
  readonly user?: string;
  readonly fromHost?: string;
  readonly cps?: string;
  readonly duration?: string;
  readonly calls?: string;
  readonly channels?: string;
  readonly ramp?: string;
  readonly start?: string;
  readonly step?: string;
  readonly stepSeconds?: string;
  readonly max?: string;
  readonly registerEvery?: string;
  readonly hold?: string;
  readonly media?: boolean;
  readonly maxCps?: string;
  readonly maxChannels?: string;
  readonly failureThreshold?: string;
  readonly yes?: boolean;
  readonly local?: string;
  /** Also generate inbound calls at the PBX side (outbound, inbound and total caps). */
  readonly inboundServer?: string;
  readonly inboundTo?: string;
}

export function parseHold(value: string | undefined): { holdMinS: number; holdMaxS: number } {
  if (value === undefined) return { holdMinS: 0, holdMaxS: 0 };
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!m) throw new UsageError(`--hold ${value}: give seconds (S) or a range (MIN-MAX)`);
  const min = Number(m[1]);
  const max = m[2] !== undefined ? Number(m[2]) : min;
  if (max < min) throw new UsageError(`--hold ${value}: MIN must not be above MAX`);
  return { holdMinS: min, holdMaxS: max };
}

/** Works out the mode and plan from the flags; exactly one mode must be chosen. */
export function planFromFlags(flags: LoadFlags): LoadPlan {
  const num = (flag: string, v: string | undefined, integer = false): number | undefined => {
    const n = positiveNumber(flag, v, { min: 0, integer });
    if (n === 0) throw new UsageError(`${flag} ${v}: expected a number above 0`);
    return n;
  };
  const chosen: LoadMode[] = [];
  if (flags.registerEvery !== undefined) chosen.push('register');
  if (flags.ramp !== undefined) {
    if (flags.ramp !== 'cps' && flags.ramp !== 'channels')
      throw new UsageError(`--ramp ${flags.ramp}: use cps or channels`);
    chosen.push(flags.ramp === 'cps' ? 'ramp-cps' : 'ramp-channels');
  }
  if (flags.channels !== undefined && flags.ramp === undefined) chosen.push('channels');
  if (chosen.length === 0 && flags.cps !== undefined) chosen.push('fixed');
  if (chosen.length !== 1) {
    throw new UsageError(
      chosen.length === 0
        ? 'choose a mode: --cps N (--duration S | --calls N), --channels N, --ramp cps|channels or --register-every S'
        : `choose one mode, not ${chosen.join(' and ')}`,
    );
  }
  const mode = chosen[0]!;
  if (mode !== 'register' && (flags.to === undefined || !isDialable(flags.to)))
    throw new UsageError('--to NUMBER: the number or user to call (without spaces or @)');
  const threshold =
    flags.failureThreshold !== undefined
      ? positiveNumber('--failure-threshold', flags.failureThreshold, { min: 0 })
      : undefined;
  const isRamp = mode === 'ramp-cps' || mode === 'ramp-channels';
  const intRamp = mode === 'ramp-channels';
  return {
    mode,
    to: flags.to ?? '',
    cps: num('--cps', flags.cps),
    durationS: num('--duration', flags.duration),
    calls: num('--calls', flags.calls, true),
    channels: num('--channels', flags.channels, true),
    ...(isRamp
      ? {
          rampStart: num('--start', flags.start ?? '1', intRamp),
          rampStep: num('--step', flags.step ?? '1', intRamp),
          rampStepSeconds: num('--step-seconds', flags.stepSeconds ?? '5'),
          rampMax: num('--max', flags.max ?? (mode === 'ramp-cps' ? '50' : '100'), intRamp),
        }
      : {}),
    registerEveryS: num('--register-every', flags.registerEvery),
    ...parseHold(flags.hold),
    media: Boolean(flags.media),
    ...(threshold !== undefined ? { failureThreshold: threshold } : {}),
  };
}

export function capsFromFlags(flags: LoadFlags): LoadCaps {
  return {
    ...DEFAULT_CAPS,
    maxCps: positiveNumber('--max-cps', flags.maxCps, { min: 0.001 }) ?? DEFAULT_CAPS.maxCps,
    maxChannels:
      positiveNumber('--max-channels', flags.maxChannels, { min: 1, integer: true }) ??
      DEFAULT_CAPS.maxChannels,
  };
}

export async function runLoad(flags: LoadFlags, reporter: Reporter, signal: AbortSignal): Promise<number> {
  const spec = parseServer(flags.server);
  const profile = loadProfile(flags);
  const plan = planFromFlags(flags);
  if (plan.mode === 'register' && !flags.user)
    throw new UsageError('--register-every needs --user (digest credentials)');
  const safety = checkLoadPlan(plan, capsFromFlags(flags), profile, Boolean(flags.yes));
  if (!safety.ok) {
    throw new UsageError(
      safety.needsConfirmation ? `${safety.reason}; add --yes to run it anyway` : safety.reason,
    );
  }
  const local = parseLocal(flags.local);
  const password = flags.user ? await readPassword(flags.user) : undefined;
  if (flags.inboundServer !== undefined && plan.mode === 'register')
    throw new UsageError('--inbound-server is for call modes, not --register-every');
  const inboundSpec = flags.inboundServer !== undefined ? parseServer(flags.inboundServer) : undefined;
  const inboundTo = flags.inboundTo ?? plan.to;
  if (inboundSpec && !isDialable(inboundTo))
    throw new UsageError('--inbound-to NUMBER: the DID to call at the PBX (without spaces or @)');
  const discovery = await findTargets(spec, 'udp', reporter);
  const target = discovery.targets[0]!;
  const inboundPbx = inboundSpec ? (await findTargets(inboundSpec, 'udp', reporter)).targets[0]! : undefined;
  const server = { address: target.address, port: target.port };
  const fromHost = flags.fromHost ?? profile.trunk_name ?? spec.host;
  const domain = uriHostOf(spec);

  const store = openStore();
  let run: CapturedLoadRun;
  try {
    run = startCapturedLoadRun({
      store,
      run: {
        kind: 'load',
        target: flags.server,
        profile: profile.name,
        params: {
          ...plan,
          user: flags.user,
          fromHost,
          target: fmt(target),
          ...(inboundPbx ? { inboundTarget: fmt(inboundPbx), inboundTo } : {}),
        },
      },
      options: (runId) => ({
        plan,
        target: {
          server,
          user: flags.user,
          password,
          fromHost,
          domain,
          localAddress: local.address,
          localPort: local.port,
        },
        profile,
        onReady: (info) =>
          reporter.info(
            'load',
            `${plan.mode} from ${fmt(info.local)} → ${fmt(server)}; run ${runId} (socket buffers ${kb(info.recvBufferBytes)} receive, ${kb(info.sendBufferBytes)} send)`,
            { run: runId, local: fmt(info.local) },
          ),
        onSecond: (s) => reporter.info('second', liveLine(s), { ...s }),
        onWarning: (w: string) => reporter.warn('load', w),
      }),
      // The provider's side of an inbound call: From the trunk's host, to the PBX, no credentials.
      ...(inboundPbx
        ? { inbound: { to: inboundTo, target: inboundTarget(inboundPbx, inboundSpec!, spec.host) } }
        : {}),
      summary: ({ report, failure }) =>
        report ? report.result.verdict.join('; ') || `${plan.mode} run` : `failed: ${failure}`,
      onStoreError: (message) => reporter.warn('store', `capture: ${message}`),
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const onAbort = (): void => void run.handle.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const { report, failure, summary: headline } = await run.finished;
  signal.removeEventListener('abort', onAbort);
  store.close();
  const runId = run.runId;
  const captured = run.captured();
  const notStored = run.notStored();
  if (!report) throw new Error(failure ?? 'the load run failed');
  if (!reporter.json) reporter.block(finalTable(report), {});
  for (const line of report.result.verdict) reporter.info('verdict', line);
  const dropped = notStored.total
    ? `; ${notStored.total} datagrams from sources other than the server were neither handled nor stored (they arrived faster than they could be handled)`
    : '';
  reporter.result(!report.aborted, `${headline}; ${captured} messages in run ${runId}${dropped}`, {
    run: runId,
    notStored,
    mode: plan.mode,
    aborted: report.aborted,
    totals: report.totals,
    result: report.result,
    pacing: report.pacing,
    seconds: report.seconds,
  });
  return report.aborted ? EXIT_FAILED : EXIT_OK;
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function ms(v: number | undefined): string {
  return v === undefined ? '-' : v.toFixed(1);
}

function failures(s: LoadSecond): string {
  return Object.entries(s.failedByStatus)
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
}

export function liveLine(s: LoadSecond): string {
  return (
    `${String(s.second).padStart(4)}s ${s.step !== undefined ? `step ${s.step} ` : ''}` +
    `sent ${s.attempts} answered ${s.answered} failed ${s.failed}${s.failed ? ` (${failures(s)})` : ''} ` +
    `up ${s.concurrent} retx ${s.retransmissions} setup p50/p95/p99 ${ms(s.latencyP50Ms)}/${ms(s.latencyP95Ms)}/${ms(s.latencyP99Ms)} ms`
  );
}

export function finalTable(r: LoadReport): string {
  const head = ['sec', 'step', 'sent', 'answ', 'fail', 'up', 'retx', 'p50', 'p95', 'p99', 'failures'];
  const rows = r.seconds.map((s) => [
    String(s.second),
    s.step === undefined ? '' : String(s.step),
    String(s.attempts),
    String(s.answered),
    String(s.failed),
    String(s.concurrent),
    String(s.retransmissions),
    ms(s.latencyP50Ms),
    ms(s.latencyP95Ms),
    ms(s.latencyP99Ms),
    failures(s),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `${cells.map((c, i) => c.padStart(widths[i]!)).join('  ')}\n`;
  const t = r.totals;
  const statuses = Object.entries(r.result.statuses)
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
  return (
    line(head) +
    rows.map(line).join('') +
    `total: ${t.attempts} sent, ${t.answered} answered, ${t.failed} failed, at most ${t.maxConcurrent} up; statuses ${statuses || '-'}\n` +
    (r.result.lastCleanStep !== undefined ? `last clean step: ${r.result.lastCleanStep}\n` : '') +
    (r.result.firstFailingStep !== undefined ? `first failing step: ${r.result.firstFailingStep}\n` : '') +
    (r.result.warnings.length ? `Warning: ${r.result.warnings.join(' | ')}\n` : '') +
    (r.result.retryAfterS !== undefined ? `Retry-After: ${r.result.retryAfterS} s\n` : '') +
    (r.pacing ? `pacing error p50 ${r.pacing.p50Ms} ms, p99 ${r.pacing.p99Ms} ms\n` : '')
  );
}
