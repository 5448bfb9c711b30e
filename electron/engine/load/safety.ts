// Safety rails (issue 7): hard caps the user must raise on purpose, and a confirmation before
// anything above the provider profile's limits or any registration-rate run (providers block
// offenders, so reproducing a 429 is an explicit choice).
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { LoadCaps, LoadPlan } from './load-types';
import { planFigures, planProblem } from './plan-figures';

export type SafetyVerdict = { ok: true } | { ok: false; needsConfirmation: boolean; reason: string };

/**
 * How a refusal names the knobs: the CLI's flags, or a form's field labels (the Load screen), so
 * the user is told to change what they can see.
 */
export interface SafetyWording {
  /** How to raise the CPS cap: "raise it with --max-cps", "raise “Cap CPS”". */
  readonly raiseCps: string;
  readonly raiseChannels: string;
  /** What the CPS of the channel modes is called ("--cps", "“Opened at (CPS)”"). */
  readonly openCps: string;
}

export const CLI_WORDING: SafetyWording = Object.freeze({
  raiseCps: 'raise it with --max-cps',
  raiseChannels: 'raise it with --max-channels',
  openCps: '--cps',
});

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function checkLoadPlan(
  plan: LoadPlan,
  caps: LoadCaps,
  profile: ProviderProfile | undefined,
  confirmed: boolean,
  wording: SafetyWording = CLI_WORDING,
): SafetyVerdict {
  const problem = planProblem(plan);
  if (problem) return { ok: false, needsConfirmation: false, reason: problem };
  const f = planFigures(plan);
  // Hard caps: refused whatever the confirmation; raise the cap itself to go above.
  const over: string[] = [];
  // In the channel modes the CPS is the rate calls are opened at: say which setting it is (and
  // that it is a default when none was given), not only a figure the user never typed.
  const channelMode = plan.mode === 'channels' || plan.mode === 'ramp-channels';
  const cpsSource = channelMode
    ? ` (${wording.openCps}${plan.cps === undefined ? ', its default' : ''})`
    : '';
  if (f.peakCps > caps.maxCps)
    over.push(`${round(f.peakCps)} CPS${cpsSource} is above the cap of ${caps.maxCps} (${wording.raiseCps})`);
  if (f.peakChannels !== undefined && f.peakChannels > caps.maxChannels)
    over.push(
      `${f.peakChannels} channels is above the cap of ${caps.maxChannels} (${wording.raiseChannels})`,
    );
  if (f.totalCalls > caps.maxCalls) over.push(`${f.totalCalls} calls is above the cap of ${caps.maxCalls}`);
  if (f.durationS > caps.maxDurationS)
    over.push(`${Math.round(f.durationS)} s is above the cap of ${caps.maxDurationS} s`);
  if (over.length > 0) return { ok: false, needsConfirmation: false, reason: `refused: ${over.join('; ')}` };
  if (confirmed) return { ok: true };

  const above: string[] = [];
  if (plan.mode === 'register') {
    above.push('a registration-rate run can get this account blocked by the provider (rule reg.429)');
  } else if (profile) {
    const cpsLimit = profile.cps_limit;
    if (cpsLimit !== undefined && f.peakCps > cpsLimit)
      above.push(`${round(f.peakCps)} CPS is above profile ${profile.name}'s cps_limit of ${cpsLimit}`);
    const channelLimit = profile.channel_limit ?? profile.outbound_limit ?? profile.total_limit;
    if (channelLimit !== undefined && f.peakChannels !== undefined && f.peakChannels > channelLimit)
      above.push(`${f.peakChannels} channels is above profile ${profile.name}'s limit of ${channelLimit}`);
  }
  if (above.length > 0) return { ok: false, needsConfirmation: true, reason: above.join('; ') };
  return { ok: true };
}
