// Outbound, inbound and total caps (issue 7): the trunk guide sells separate inbound, outbound
// and total limits, so one run drives two generators with the same plan at once: outbound at the
// trunk (as the PBX would), inbound at the PBX side (as the provider would deliver calls). Each
// direction keeps its own socket, schedule and ramp, and finds its own cap; the run also reports
// the total: the first step at which either direction failed while both were loaded together.
//
// Per-second rows are the two directions' rows added up, emitted once both have reported that
// second (or one has finished), so the UI and the reports draw one series as for a single run.
import type { Endpoint } from '../../../shared/trace-types';
import { uriHostOf, type ServerSpec } from '../discovery/parse-server';
import { startLoad } from './load-run';
import type {
  LoadReport,
  LoadResult,
  LoadRunHandle,
  LoadSecond,
  LoadTarget,
  StartLoadOptions,
} from './load-types';

export interface BothWaysOptions extends StartLoadOptions {
  /** Where inbound calls go (the PBX side) and the number they call there (a DID). */
  readonly inbound: { readonly target: LoadTarget; readonly to: string };
  /** How each direction is started (on a thread of its own: load-off-thread.ts); startLoad by default. */
  readonly start?: (opts: StartLoadOptions) => LoadRunHandle;
}

export interface BothWaysReport extends LoadReport {
  readonly outbound: LoadReport;
  readonly inbound: LoadReport;
}

/**
 * Where inbound calls go: the PBX side (its address as discovered, its name as typed), called as
 * the provider would call it: From the trunk's host, no credentials.
 */
export function inboundTarget(pbx: Endpoint, pbxSpec: ServerSpec, trunkHost: string): LoadTarget {
  return {
    server: { address: pbx.address, port: pbx.port },
    fromHost: trunkHost,
    domain: uriHostOf(pbxSpec),
  };
}

/** What a finished run adds to its stored params (the reports and the UI read these keys). */
export function finishedRunParams(r: LoadReport | BothWaysReport): Record<string, unknown> {
  return {
    seconds: r.seconds,
    result: r.result,
    totals: r.totals,
    aborted: r.aborted,
    ...(r.pacing ? { pacing: r.pacing } : {}),
    ...('inbound' in r
      ? {
          outbound: { result: r.outbound.result, totals: r.outbound.totals },
          inbound: { result: r.inbound.result, totals: r.inbound.totals },
        }
      : {}),
  };
}

export function startLoadBothWays(
  opts: BothWaysOptions,
): LoadRunHandle & { readonly done: Promise<BothWaysReport> } {
  const rows: [LoadSecond[], LoadSecond[]] = [[], []];
  const finished = [false, false];
  let emitted = 0;
  const progress = [0, 0];
  const flush = (): void => {
    for (;;) {
      const a = rows[0][emitted];
      const b = rows[1][emitted];
      if ((a === undefined && !finished[0]) || (b === undefined && !finished[1])) return;
      if (a === undefined && b === undefined) return;
      opts.onSecond?.(addSeconds(a, b, emitted));
      emitted++;
    }
  };
  const begin = opts.start ?? startLoad;
  const direction = (i: 0 | 1, label: string, part: Pick<StartLoadOptions, 'target' | 'plan'>) =>
    begin({
      ...opts,
      ...part,
      onSecond: (s) => {
        rows[i].push(s);
        flush();
      },
      onProgress: (p) => {
        progress[i] = p.progress;
        opts.onProgress?.({
          ...p,
          progress: (progress[0]! + progress[1]!) / 2,
          message: `${label}: ${p.message}`,
        });
      },
      onWarning: (w) => opts.onWarning?.(`${label}: ${w}`),
      ...(i === 1 ? { onReady: undefined } : {}),
    });
  const out = direction(0, 'outbound', { target: opts.target, plan: opts.plan });
  const inb = direction(1, 'inbound', {
    target: opts.inbound.target,
    plan: { ...opts.plan, to: opts.inbound.to },
  });
  const settle = (i: 0 | 1) => (r: LoadReport) => {
    finished[i] = true;
    flush();
    return r;
  };
  const done = Promise.all([out.done.then(settle(0)), inb.done.then(settle(1))]).then(([o, i]) =>
    combine(o, i),
  );
  // One direction failing to start must not leave the other running.
  out.done.catch(() => void inb.abort());
  inb.done.catch(() => void out.abort());
  return {
    done,
    abort: async () => {
      await Promise.all([out.abort(), inb.abort()]);
    },
  };
}

function addSeconds(a: LoadSecond | undefined, b: LoadSecond | undefined, second: number): LoadSecond {
  const sum = (k: 'attempts' | 'answered' | 'failed' | 'concurrent' | 'retransmissions'): number =>
    (a?.[k] ?? 0) + (b?.[k] ?? 0);
  const byStatus: Record<string, number> = { ...(a?.failedByStatus ?? {}) };
  for (const [code, n] of Object.entries(b?.failedByStatus ?? {})) byStatus[code] = (byStatus[code] ?? 0) + n;
  // Percentiles do not add up; the slower direction's is the honest upper bound.
  const worst = (k: 'latencyP50Ms' | 'latencyP95Ms' | 'latencyP99Ms'): number | undefined => {
    const v = [a?.[k], b?.[k]].filter((x): x is number => x !== undefined);
    return v.length ? Math.max(...v) : undefined;
  };
  const p50 = worst('latencyP50Ms');
  const p95 = worst('latencyP95Ms');
  const p99 = worst('latencyP99Ms');
  const step = a?.step !== undefined || b?.step !== undefined ? (a?.step ?? 0) + (b?.step ?? 0) : undefined;
  return {
    second,
    attempts: sum('attempts'),
    answered: sum('answered'),
    failed: sum('failed'),
    failedByStatus: byStatus,
    concurrent: sum('concurrent'),
    retransmissions: sum('retransmissions'),
    ...(p50 !== undefined ? { latencyP50Ms: p50 } : {}),
    ...(p95 !== undefined ? { latencyP95Ms: p95 } : {}),
    ...(p99 !== undefined ? { latencyP99Ms: p99 } : {}),
    ...(step !== undefined ? { step } : {}),
  };
}

/**
 * The total cap: both directions ran the same steps side by side, so the first step at which either
 * failed, counted in both directions, is the first failing total; the step before it is clean.
 */
export function combine(o: LoadReport, i: LoadReport): BothWaysReport {
  const statuses: Record<string, number> = { ...o.result.statuses };
  for (const [code, n] of Object.entries(i.result.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const failing = [o.result.firstFailingStep, i.result.firstFailingStep].filter(
    (x): x is number => x !== undefined,
  );
  const firstFailing = failing.length ? Math.min(...failing) : undefined;
  const clean = [o.result.lastCleanStep, i.result.lastCleanStep].filter((x): x is number => x !== undefined);
  const lastClean =
    firstFailing !== undefined
      ? clean.filter((c) => c < firstFailing).reduce((m, c) => Math.max(m, c), -Infinity)
      : Math.min(...clean);
  const verdict = [
    ...o.result.verdict.map((v) => `outbound: ${v}`),
    ...i.result.verdict.map((v) => `inbound: ${v}`),
  ];
  if (firstFailing !== undefined) {
    verdict.push(
      `total: ${Number.isFinite(lastClean) ? `${2 * lastClean} clean (${lastClean} each way)` : 'even the first step failed'}, ${2 * firstFailing} failing (${firstFailing} each way)`,
    );
  }
  const retry = [o.result.retryAfterS, i.result.retryAfterS].filter((x): x is number => x !== undefined);
  const result: LoadResult = {
    statuses,
    warnings: [...new Set([...o.result.warnings, ...i.result.warnings])],
    verdict,
    ...(firstFailing !== undefined ? { firstFailingStep: 2 * firstFailing } : {}),
    ...(firstFailing !== undefined && Number.isFinite(lastClean) ? { lastCleanStep: 2 * lastClean } : {}),
    ...(retry.length ? { retryAfterS: Math.max(...retry) } : {}),
  };
  const seconds: LoadSecond[] = [];
  for (let s = 0; s < Math.max(o.seconds.length, i.seconds.length); s++)
    seconds.push(addSeconds(o.seconds[s], i.seconds[s], s));
  return {
    seconds,
    result,
    totals: {
      attempts: o.totals.attempts + i.totals.attempts,
      answered: o.totals.answered + i.totals.answered,
      failed: o.totals.failed + i.totals.failed,
      maxConcurrent: Math.max(...seconds.map((s) => s.concurrent), 0),
    },
    aborted: o.aborted || i.aborted,
    outbound: o,
    inbound: i,
  };
}
