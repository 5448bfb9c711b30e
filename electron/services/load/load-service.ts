// Load runs started from the UI: one at a time, checked against the hard caps and the provider
// profile (a refusal, or a "needs-confirmation" the UI asks the user about), captured into the
// store as a 'load' run, and reported as load.progress events at most a few times a second. The
// per-second rows and the result are stored in the run's params when it ends, for the reports.
import type { ParsedRequestOf, RequestHandlers } from '../../../shared/ipc/contract';
import type { LoadStatus } from '../../../shared/ipc/schemas/load';
import { statusList } from '../../engine/load/verdict';
import { inboundTarget } from '../../engine/load/load-both-ways';
import { discoverTargets } from '../../engine/discovery/discover-targets';
import { createDnsClient } from '../../engine/discovery/dns-client';
import { parseServerSpec } from '../../engine/discovery/parse-server';
import { isDialable } from '../../engine/load/plan-figures';
import { checkLoadPlan, type SafetyWording } from '../../engine/load/safety';
import {
  DEFAULT_CAPS,
  type LoadCaps,
  type LoadPlan,
  type LoadReport,
  type LoadRunHandle,
  type LoadTarget,
} from '../../engine/load/load-types';
import { fmt } from '../../engine/transport/sip-transport';
import { startCapturedLoadRun, type CapturedLoadRun } from '../../usecases/captured-load-run';
import { createThrottle, type Throttle } from '../live/throttle';
import { planTarget } from '../live/target-plan';
import { refused, ServiceError } from '../service-error';
import type { ServiceContext } from '../service-context';
import type { TargetService } from '../targets/target-service';

export type LoadHandlers = Pick<RequestHandlers, 'load.start' | 'load.abort' | 'load.status'>;

export interface LoadService {
  readonly handlers: LoadHandlers;
  /** Aborts a running load test (every call ended) and saves its run. */
  close(): Promise<void>;
}

/** The Load screen's field labels: a refusal tells the user what to change on the form. */
const FORM_WORDING: SafetyWording = Object.freeze({
  raiseCps: 'raise “Cap CPS”',
  raiseChannels: 'raise “Cap channels”',
  openCps: '“Opened at (CPS)”',
});

/** "3 calls, 3 answered, 0 failed" and the failures by status when there were any. */
function totalsLine(report: LoadReport): string {
  const t = report.totals;
  const failures = statusList(report.result.statuses);
  return `${t.attempts} call${t.attempts === 1 ? '' : 's'}, ${t.answered} answered, ${t.failed} failed${
    failures ? ` (${failures})` : ''
  }`;
}

/** Progress events: a few a second, whatever the call rate. */
const PROGRESS_INTERVAL_MS = 400;

interface Current {
  status: LoadStatus;
  handle?: LoadRunHandle;
  readonly done: Promise<void>;
  readonly throttle: Throttle;
}

export function createLoadService(ctx: ServiceContext, targets: TargetService): LoadService {
  let current: Current | undefined;
  const running = (): boolean =>
    current !== undefined && (current.status.state === 'running' || current.status.state === 'aborting');

  const start = async (request: ParsedRequestOf<'load.start'>): Promise<{ runId?: number }> => {
    if (running()) throw refused('a load test is already running: abort it or wait for it to end');
    const { target, password } = targets.resolve(request.targetId);
    // The contract already checked the plan's shape; the hold range is made whole here.
    const plan: LoadPlan = {
      ...request.plan,
      holdMaxS: Math.max(request.plan.holdMinS, request.plan.holdMaxS),
    };
    if (plan.mode === 'register' && !password)
      throw refused(`target "${target.name}" has no stored password: the registration-rate test needs one`);
    const caps: LoadCaps = {
      ...DEFAULT_CAPS,
      ...(request.maxCps !== undefined ? { maxCps: request.maxCps } : {}),
      ...(request.maxChannels !== undefined ? { maxChannels: request.maxChannels } : {}),
    };
    const tp = await planTarget(target);
    const verdict = checkLoadPlan(plan, caps, tp.profile, request.confirmed, FORM_WORDING);
    if (!verdict.ok)
      throw new ServiceError(verdict.needsConfirmation ? 'needs-confirmation' : 'refused', verdict.reason);
    if (tp.transport !== 'udp')
      throw refused('load tests run over UDP: set the target\u2019s transport to UDP');
    if (running()) throw refused('a load test is already running: abort it or wait for it to end');

    const inbound = request.inboundServer?.trim()
      ? await inboundSide(request.inboundServer.trim(), request.inboundTo?.trim() || plan.to, tp.spec.host)
      : undefined;
    if (inbound && plan.mode === 'register')
      throw refused('the inbound side is for call modes, not the registration rate');
    const server = tp.discovery.targets[0]!;
    const loadTarget: LoadTarget = {
      server: { address: server.address, port: server.port },
      ...(target.authUser || target.user ? { user: target.authUser || target.user } : {}),
      ...(password ? { password } : {}),
      fromHost: target.trunkName || tp.spec.host,
      ...(target.domain ? { domain: target.domain } : {}),
      ...(target.localAddress ? { localAddress: target.localAddress } : {}),
      ...(target.localPort ? { localPort: target.localPort } : {}),
    };
    const status: LoadStatus = {
      targetId: request.targetId,
      mode: plan.mode,
      state: 'running',
      progress: 0,
      elapsedS: 0,
      message: 'starting',
      seconds: [],
      settings: {
        plan,
        ...(request.maxCps !== undefined ? { maxCps: request.maxCps } : {}),
        ...(request.maxChannels !== undefined ? { maxChannels: request.maxChannels } : {}),
        ...(inbound ? { inboundServer: request.inboundServer!.trim(), inboundTo: inbound.to } : {}),
      },
    };
    const publish = (): void => {
      if (current)
        ctx.hub.publish({
          channel: 'load.progress',
          payload: { status: { ...current.status, seconds: [...current.status.seconds] } },
        });
    };
    const throttle = createThrottle(publish, PROGRESS_INTERVAL_MS);
    let run: CapturedLoadRun;
    try {
      run = startCapturedLoadRun({
        store: ctx.store,
        run: {
          kind: 'load',
          target: target.server,
          profile: tp.profile.name,
          params: {
            targetName: target.name,
            ...plan,
            server: fmt(server),
            maxCps: caps.maxCps,
            maxChannels: caps.maxChannels,
            ...(inbound ? { inboundTarget: fmt(inbound.target.server), inboundTo: inbound.to } : {}),
          },
        },
        options: () => ({
          plan,
          target: loadTarget,
          profile: tp.profile,
          onSecond: (s) => {
            status.seconds.push(s);
            throttle.request();
          },
          onProgress: (p) => {
            status.progress = Math.min(1, Math.max(0, p.progress));
            status.elapsedS = p.elapsedS;
            status.message = p.message;
            throttle.request();
          },
          onWarning: (message) => ctx.log(`load test: ${message}`),
        }),
        ...(inbound ? { inbound } : {}),
        summary: ({ report, failure }) => {
          if (!report) return failure.split('\n')[0] ?? 'the load test failed';
          return `${report.aborted ? 'aborted' : 'done'}: ${totalsLine(report)}`;
        },
        onStoreError: (message) => ctx.log(`load test: could not store a captured message: ${message}`),
      });
    } catch (error) {
      throw refused((error as Error).message);
    }
    status.runId = run.runId;
    const handle = run.handle;
    const done = run.finished.then(({ report, summary }) => {
      if (report) {
        status.state = 'done';
        status.progress = 1;
        status.result = report.result;
        status.seconds = report.seconds;
        // A run aborted before its first progress report still lasted its rows' seconds.
        status.elapsedS = Math.max(status.elapsedS, report.seconds.length);
        // The screen says "done" or "aborted" itself; the line carries the figures.
        status.aborted = report.aborted;
        status.message = totalsLine(report);
      } else {
        status.state = 'failed';
        status.message = summary;
      }
      throttle.flush();
      publish();
    });
    current = { status, handle, done, throttle };
    publish();
    return { runId: run.runId };
  };

  return {
    handlers: {
      'load.start': (request) => start(request),
      'load.abort': async () => {
        const c = current;
        if (!c || c.status.state !== 'running' || !c.handle) return {};
        c.status.state = 'aborting';
        c.status.message = 'aborting: ending every call';
        c.throttle.request();
        await c.handle.abort();
        await c.done;
        return {};
      },
      'load.status': () => ({
        status: current ? { ...current.status, seconds: [...current.status.seconds] } : null,
      }),
    },
    async close() {
      const c = current;
      if (!c) return;
      if (c.status.state === 'running' && c.handle) await c.handle.abort().catch(() => undefined);
      await c.done;
      c.throttle.cancel();
    },
  };
}

/** Where inbound calls go: the PBX side as the user typed it, discovered like the target's server. */
async function inboundSide(
  server: string,
  to: string,
  trunkHost: string,
): Promise<{ target: LoadTarget; to: string }> {
  if (!isDialable(to)) throw refused('give the DID to call at the PBX (without spaces or @)');
  try {
    const spec = parseServerSpec(server);
    const found = await discoverTargets(spec, { dns: createDnsClient(), transport: 'udp' });
    return { to, target: inboundTarget(found.targets[0]!, spec, trunkHost) };
  } catch (error) {
    throw refused(`inbound side ${server}: ${(error as Error).message}`);
  }
}
