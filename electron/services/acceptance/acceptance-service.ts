// The Acceptance screen's channels (issue 20): one acceptance run at a time, the use case `sipkit
// accept` runs, over a saved target (its password from the vault, held in memory for the digest
// only). The screen polls acceptance.status for the checklist as it changes; the finished
// checklist is saved with its trace run by the use case, so Traces and the exports read it later.
import type { ParsedRequestOf, RequestHandlers, ResponseOf } from '../../../shared/ipc/contract';
import type { AcceptanceRun } from '../../../shared/ipc/schemas/acceptance';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { resolveProfile } from '../../../shared/profiles/resolve-profile';
import { capsPlans } from '../../usecases/acceptance/acceptance-caps';
import { runAcceptance } from '../../usecases/acceptance/acceptance-run';
import { withinMs } from '../../usecases/waiting';
import { refused, ServiceError } from '../service-error';
import type { ServiceContext } from '../service-context';
import type { TargetService } from '../targets/target-service';

export type AcceptanceHandlers = Pick<
  RequestHandlers,
  'acceptance.start' | 'acceptance.status' | 'acceptance.abort'
>;

export interface AcceptanceService {
  readonly handlers: AcceptanceHandlers;
  /** Aborts a running acceptance test (calls hung up, registrations removed) and saves its run. */
  close(): Promise<void>;
}

/** How long Abort waits for the run to hang up, un-register and save before answering the screen. */
const ABORT_WAIT_MS = 10_000;

interface Current {
  readonly controller: AbortController;
  /** Settles when the use case has saved the run; never rejects. */
  finished?: Promise<void>;
  latest?: AcceptanceRun;
  running: boolean;
}

/**
 * The caps ramp calls until the trunk refuses: the technician says yes first, as on the Load
 * screen, told how far each ramp goes (the use case's own plans) and against which caps.
 */
export function capsConfirmation(profile: ProviderProfile, to: string): string {
  const { cps, channels } = capsPlans(profile, to);
  const known = [
    profile.cps_limit !== undefined ? `${profile.cps_limit} CPS` : undefined,
    profile.channel_limit !== undefined ? `${profile.channel_limit} channels` : undefined,
  ].filter(Boolean);
  const past = known.length > 0 ? `, past ${profile.name}'s caps (${known.join(', ')}),` : '';
  return (
    `the caps ramp calls ${to} at a rising rate up to ${cps.rampMax} calls per second, then up to ` +
    `${channels.rampMax} calls at once${past} until the trunk refuses: the customer's own calls may be ` +
    `refused meanwhile, and a provider may block a trunk that goes over its caps`
  );
}

export function createAcceptanceService(ctx: ServiceContext, targets: TargetService): AcceptanceService {
  let current: Current | undefined;

  const start = async (
    request: ParsedRequestOf<'acceptance.start'>,
  ): Promise<ResponseOf<'acceptance.start'>> => {
    if (current?.running)
      throw refused('an acceptance test is already running: abort it or wait for it to end');
    const { target, password } = targets.resolve(request.targetId);
    if (request.caps && !request.confirmed) {
      let profile: ProviderProfile;
      try {
        profile = resolveProfile({ name: target.profile });
      } catch (error) {
        throw refused((error as Error).message);
      }
      throw new ServiceError('needs-confirmation', capsConfirmation(profile, request.to));
    }
    const controller = new AbortController();
    let firstUpdate: (runId: number) => void = () => undefined;
    const started = new Promise<number>((resolve) => (firstUpdate = resolve));
    const c: Current = { controller, running: true };
    const run = runAcceptance({
      store: ctx.store,
      target,
      ...(target.user && password ? { password } : {}),
      to: request.to,
      ...(request.did ? { did: request.did } : {}),
      caps: request.caps,
      ...(request.site ? { site: request.site } : {}),
      ...(request.note?.trim() ? { note: request.note } : {}),
      timeLimitS: request.timeLimitS,
      signal: controller.signal,
      onUpdate: (update) => {
        c.latest = update;
        firstUpdate(update.runId);
      },
      onError: (message) => ctx.log(`acceptance test: ${message}`),
    });
    const finished = run.then(
      (last) => {
        c.latest = last;
        c.running = false;
        ctx.hub.publish({ channel: 'store.changed', payload: { runId: last.runId } });
      },
      () => {
        c.running = false;
      },
    );
    c.finished = finished;
    current = c;
    try {
      // The run has its id once the checklist first changes; a run refused at once rejects instead.
      const runId = await Promise.race([started, run.then((last) => last.runId)]);
      ctx.hub.publish({ channel: 'store.changed', payload: { runId } });
      return { runId };
    } catch (error) {
      // The server or the profile could not be read: nothing was sent, nothing stored.
      if (current === c) current = undefined;
      throw refused((error as Error).message);
    }
  };

  const abort = async (): Promise<void> => {
    const c = current;
    if (!c?.running) return;
    c.controller.abort();
    if (c.finished) await withinMs(c.finished, ABORT_WAIT_MS);
  };

  return {
    handlers: {
      'acceptance.start': start,
      'acceptance.status': () => ({ acceptance: current?.latest ?? null }),
      'acceptance.abort': async () => {
        await abort();
        return {};
      },
    },
    close: abort,
  };
}
