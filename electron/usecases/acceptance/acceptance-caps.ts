// The caps row (with --caps): two short ramps through the trunk, calls per second then channels,
// that find where the provider starts refusing (rules reg.cps, reg.channels, trunk.limits), each
// checked by the load safety rails as `sipkit load` is (hard caps; asking for --caps is the
// confirmation to go above the profile's numbers, which is how a cap is found). The load engine
// runs on its own thread and socket; its messages go into the acceptance run.
import type { AcceptanceFigure } from '../../../shared/ipc/schemas/acceptance';
import { DEFAULT_CAPS, type LoadPlan } from '../../../shared/load/load-model';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { startLoadOffThread } from '../../engine/load/load-off-thread';
import type { LoadReport, LoadTarget, StartLoadOptions } from '../../engine/load/load-types';
import { checkLoadPlan } from '../../engine/load/safety';
import type { TraceStore } from '../../store/trace-store';
import { aborted, sleepUnlessAborted } from '../waiting';
import type { AcceptanceBoard } from './acceptance-board';

export interface CapsContext {
  readonly store: TraceStore;
  readonly runId: number;
  readonly profile: ProviderProfile;
  readonly to: string;
  readonly target: LoadTarget;
  readonly signal: AbortSignal;
  readonly onError: (message: string) => void;
  /** How each ramp starts (on a thread of its own by default). */
  readonly start?: (o: StartLoadOptions) => ReturnType<typeof startLoadOffThread>;
}

/**
 * Between the two ramps: a provider counts calls per second over the last second (reg.cps), and
 * the CPS ramp ends on calls at or above its cap. A channel ramp started at once had its first
 * call refused by that rate (503 at "1 channel") once the load thread was kept warm and started
 * in milliseconds; after a pause longer than the window, a refusal is the channel cap.
 */
const RATE_WINDOW_PAUSE_S = 1.5;

/** Four steps up to the profile's number and one above it; a short ramp when it has none. */
export function rampOf(
  limit: number | undefined,
  fallback: number,
): { start: number; step: number; max: number } {
  const cap = limit ?? fallback;
  const step = Math.max(1, Math.ceil(cap / 4));
  return { start: step, step, max: cap + step };
}

export function capsPlans(profile: ProviderProfile, to: string): { cps: LoadPlan; channels: LoadPlan } {
  const cps = rampOf(profile.cps_limit, 4);
  const channelLimit = profile.channel_limit ?? profile.outbound_limit ?? profile.total_limit;
  const channels = rampOf(channelLimit, 4);
  // Channels are opened under the CPS cap, so a refusal is the channel cap and not the rate.
  const openCps = Math.max(0.5, Math.min(5, (profile.cps_limit ?? 5) * 0.8));
  const base = { to, holdMinS: 0, holdMaxS: 0, media: false } as const;
  return {
    cps: {
      ...base,
      mode: 'ramp-cps',
      rampStart: cps.start,
      rampStep: cps.step,
      rampMax: cps.max,
      rampStepSeconds: 3,
    },
    channels: {
      ...base,
      mode: 'ramp-channels',
      cps: openCps,
      rampStart: channels.start,
      rampStep: channels.step,
      rampMax: channels.max,
      rampStepSeconds: Math.max(2, Math.ceil(channels.step / openCps) + 1),
    },
  };
}

export async function checkCaps(board: AcceptanceBoard, ctx: CapsContext): Promise<void> {
  board.start('caps');
  const plans = capsPlans(ctx.profile, ctx.to);
  const figures: AcceptanceFigure[] = [];
  const problems: { reason: string; fix: string; rule: string }[] = [];
  for (const [what, plan, limit, rule, unit] of [
    ['Calls per second', plans.cps, ctx.profile.cps_limit, 'reg.cps', 'CPS'],
    [
      'Channels',
      plans.channels,
      ctx.profile.channel_limit ?? ctx.profile.outbound_limit ?? ctx.profile.total_limit,
      'reg.channels',
      'channels',
    ],
  ] as const) {
    if (plan === plans.channels) await sleepUnlessAborted(RATE_WINDOW_PAUSE_S, ctx.signal);
    if (ctx.signal.aborted) return;
    const safety = checkLoadPlan(plan, DEFAULT_CAPS, ctx.profile, true);
    if (!safety.ok) {
      board.end('caps', 'skipped', {
        figures,
        reason: `the ${unit} ramp is refused by the safety rails: ${safety.reason}`,
      });
      return;
    }
    const report = await ramp(ctx, plan);
    if (report === undefined) return;
    const found = report.result.firstFailingStep;
    const clean = report.result.lastCleanStep ?? 0;
    const statuses = Object.entries(report.result.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(', ');
    const ok = limit === undefined || found === undefined || clean >= limit;
    figures.push({
      label: `${what} cap`,
      value:
        found === undefined
          ? `none found up to ${plan.rampMax} ${unit}`
          : `${clean} ${unit} clean, refused at ${found} ${unit}${statuses ? ` (${statuses})` : ''}`,
      expected: limit !== undefined ? `at least ${limit} ${unit} (${ctx.profile.name})` : undefined,
      ok: limit !== undefined ? ok : undefined,
    });
    if (!ok) {
      problems.push({
        rule,
        reason: `the trunk refused calls at ${found} ${unit}, under the ${limit} ${unit} ${ctx.profile.name} allows`,
        fix: `Ask ${ctx.profile.name} to raise the trunk's ${unit} limit to ${limit} (or lower the PBX's own limit to ${clean}, so calls are not refused at busy hours).`,
      });
    }
  }
  if (problems.length === 0) board.end('caps', 'pass', { figures });
  else
    board.end('caps', 'fail', {
      figures,
      reason: problems.map((p) => p.reason).join('; '),
      fix: problems.map((p) => p.fix).join(' '),
      rules: problems.map((p) => p.rule),
    });
}

/** One ramp with every message stored in the acceptance run; undefined when aborted. */
async function ramp(ctx: CapsContext, plan: LoadPlan): Promise<LoadReport | undefined> {
  let storeFailed = false;
  const handle = (ctx.start ?? startLoadOffThread)({
    plan,
    target: ctx.target,
    profile: ctx.profile,
    capture: {
      capture: (m) => {
        try {
          ctx.store.append(ctx.runId, m);
        } catch (error) {
          if (!storeFailed) ctx.onError(`could not store a load message: ${(error as Error).message}`);
          storeFailed = true;
        }
      },
    },
    onWarning: ctx.onError,
  });
  const first = await Promise.race([handle.done, aborted(ctx.signal)]);
  if (first !== 'aborted') return first;
  // Every call ends (CANCEL or BYE) within 2 s; nothing is left up on the trunk.
  await handle.abort();
  await handle.done.catch(() => undefined);
  return undefined;
}
