// The Load test form as data: its fields, their defaults, the request built from them, and the way
// back (a finished run's settings refill the form and are written beside its result), so a result
// is never read under settings that did not produce it.
import { DEFAULT_OPEN_CPS, type LoadPlanInput } from '../../../shared/load/load-model';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { LoadRequestInput, LoadSettings } from '../../../shared/ipc/schemas/load';

export type Mode = LoadPlanInput['mode'];

export const MODES: ReadonlyArray<{ readonly value: Mode; readonly label: string }> = [
  { value: 'fixed', label: 'Fixed rate (CPS)' },
  { value: 'channels', label: 'Channel hold' },
  { value: 'ramp-cps', label: 'Ramp CPS to failure' },
  { value: 'ramp-channels', label: 'Ramp channels to failure' },
  { value: 'register', label: 'Registration rate (429)' },
];

export const modeLabel = (mode: Mode): string => MODES.find((m) => m.value === mode)?.label ?? mode;

export type FormKey =
  | 'to'
  | 'cps'
  | 'openCps'
  | 'durationS'
  | 'calls'
  | 'channels'
  | 'rampStart'
  | 'rampStep'
  | 'rampStepSeconds'
  | 'rampMax'
  | 'registerEveryS'
  | 'hold'
  | 'maxCps'
  | 'maxChannels'
  | 'inboundServer'
  | 'inboundTo';

export type Form = Readonly<Record<FormKey, string>>;

/** The labels the form shows; refusals and form errors use the same words. */
export const LABELS: Readonly<Record<FormKey, string>> = {
  to: 'Number to call',
  cps: 'CPS',
  openCps: 'Opened at (CPS)',
  durationS: 'For (s)',
  calls: 'or calls',
  channels: 'Channels',
  rampStart: 'Start',
  rampStep: 'Step',
  rampStepSeconds: 'Seconds per step',
  rampMax: 'Max',
  registerEveryS: 'REGISTER every (s)',
  hold: 'Hold (s or min-max)',
  maxCps: 'Cap CPS',
  maxChannels: 'Cap channels',
  inboundServer: 'Also inbound to PBX',
  inboundTo: 'DID at the PBX',
};

export const INITIAL_FORM: Form = {
  to: '',
  cps: '1',
  // The channel modes open their calls at this rate: shown, so a refusal about it is no surprise.
  openCps: String(DEFAULT_OPEN_CPS),
  durationS: '10',
  calls: '',
  channels: '10',
  rampStart: '1',
  rampStep: '1',
  rampStepSeconds: '5',
  rampMax: '10',
  registerEveryS: '60',
  hold: '2',
  maxCps: '',
  maxChannels: '',
  inboundServer: '',
  inboundTo: '',
};

/**
 * The rates and counts a run against this profile starts from: within its documented limits, so
 * the first Start goes through without a confirmation (a ramp is the way to go above them).
 */
export function profileDefaults(profile: ProviderProfile | undefined): Partial<Form> {
  const cps = profile?.cps_limit;
  const channels = profile?.channel_limit ?? profile?.outbound_limit ?? profile?.total_limit;
  const num = (n: number): string => String(n);
  return {
    cps: num(cps !== undefined ? Math.min(Number(INITIAL_FORM.cps), cps) : Number(INITIAL_FORM.cps)),
    openCps: num(cps !== undefined ? Math.min(DEFAULT_OPEN_CPS, cps) : DEFAULT_OPEN_CPS),
    channels: num(
      channels !== undefined
        ? Math.min(Number(INITIAL_FORM.channels), channels)
        : Number(INITIAL_FORM.channels),
    ),
  };
}

const channelMode = (mode: Mode): boolean => mode === 'channels' || mode === 'ramp-channels';

/** The request from the form, or a one-line reason it is not one (in the form's own words). */
export function buildRequest(
  targetId: string,
  mode: Mode,
  form: Form,
  media: boolean,
): LoadRequestInput | string {
  const problems: string[] = [];
  const num = (key: FormKey, label: string, optional = false, integer = false): number | undefined => {
    const text = form[key].trim();
    if (text === '') {
      if (!optional) problems.push(`${label}: give a number`);
      return undefined;
    }
    const n = Number(text);
    if (!(Number.isFinite(n) && n > 0)) {
      problems.push(`${label}: "${text}" is not a positive number`);
      return undefined;
    }
    return integer ? Math.round(n) : n;
  };
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  const figures: Partial<LoadPlanInput> =
    mode === 'fixed'
      ? {
          cps: num('cps', 'CPS'),
          durationS: num('durationS', 'For', true),
          calls: num('calls', 'Calls', true, true),
        }
      : mode === 'channels'
        ? {
            channels: num('channels', 'Channels', false, true),
            cps: num('openCps', LABELS.openCps, true),
            durationS: num('durationS', 'Hold all for', true),
          }
        : mode === 'register'
          ? {
              registerEveryS: num('registerEveryS', 'REGISTER every'),
              durationS: num('durationS', 'For', true),
            }
          : {
              rampStart: num('rampStart', 'Start'),
              rampStep: num('rampStep', 'Step'),
              rampStepSeconds: num('rampStepSeconds', 'Seconds per step'),
              rampMax: num('rampMax', 'Max'),
              ...(mode === 'ramp-channels' ? { cps: num('openCps', LABELS.openCps, true) } : {}),
            };
  const maxCps = num('maxCps', 'Cap CPS', true);
  const maxChannels = num('maxChannels', 'Cap channels', true, true);
  if (problems.length > 0) return problems[0]!;
  if (mode === 'fixed' && figures.durationS === undefined && figures.calls === undefined)
    return 'Fixed rate: give a duration or a number of calls';
  const plan: LoadPlanInput = { mode, to: '', media, ...defined(figures) };
  const request: LoadRequestInput = { targetId, plan, confirmed: false, ...defined({ maxCps, maxChannels }) };
  if (mode === 'register') return request;
  const to = form.to.trim();
  if (to === '') return 'Number to call: give one';
  const hold = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(form.hold);
  if (!hold) return `Hold: "${form.hold}" is not seconds or MIN-MAX`;
  const holdMinS = Number(hold[1]);
  const holdMaxS = Number(hold[2] ?? hold[1]);
  if (holdMaxS < holdMinS) return 'Hold: MIN must not be above MAX';
  const inboundServer = form.inboundServer.trim();
  const inboundTo = form.inboundTo.trim();
  return {
    ...request,
    plan: { ...plan, to, holdMinS, holdMaxS },
    ...(inboundServer !== '' ? { inboundServer, ...(inboundTo !== '' ? { inboundTo } : {}) } : {}),
  };
}

const text = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

/** The form that asked for these settings (fields the mode does not use keep their defaults). */
export function formFromSettings(settings: LoadSettings, base: Form = INITIAL_FORM): Form {
  const p = settings.plan;
  const pick = (key: FormKey, value: string | undefined): Partial<Form> =>
    value === undefined ? {} : { [key]: value };
  return {
    ...base,
    to: p.to,
    ...(channelMode(p.mode) ? pick('openCps', text(p.cps)) : pick('cps', text(p.cps))),
    ...pick('durationS', text(p.durationS)),
    calls: text(p.calls) ?? '',
    ...pick('channels', text(p.channels)),
    ...pick('rampStart', text(p.rampStart)),
    ...pick('rampStep', text(p.rampStep)),
    ...pick('rampStepSeconds', text(p.rampStepSeconds)),
    ...pick('rampMax', text(p.rampMax)),
    ...pick('registerEveryS', text(p.registerEveryS)),
    hold: p.holdMinS === p.holdMaxS ? String(p.holdMinS) : `${p.holdMinS}-${p.holdMaxS}`,
    maxCps: text(settings.maxCps) ?? '',
    maxChannels: text(settings.maxChannels) ?? '',
    inboundServer: settings.inboundServer ?? '',
    inboundTo: settings.inboundTo ?? '',
  };
}

/** One line: "Ramp channels to failure · 1 to 10 by 1, 5 s per step · opened at 10 CPS · hold 2 s · to 100". */
export function describeSettings(settings: LoadSettings): string {
  const p = settings.plan;
  const parts: string[] = [modeLabel(p.mode)];
  const unit = p.mode === 'ramp-cps' ? ' CPS' : '';
  switch (p.mode) {
    case 'fixed':
      parts.push(
        `${p.cps} CPS${p.durationS !== undefined ? ` for ${p.durationS} s` : ''}${p.calls !== undefined ? `, at most ${p.calls} calls` : ''}`,
      );
      break;
    case 'channels':
      parts.push(`${p.channels} channels${p.durationS !== undefined ? ` held ${p.durationS} s` : ''}`);
      break;
    case 'ramp-cps':
    case 'ramp-channels':
      parts.push(
        `${p.rampStart}${unit} to ${p.rampMax}${unit} by ${p.rampStep}, ${p.rampStepSeconds} s per step`,
      );
      break;
    case 'register':
      parts.push(
        `a REGISTER every ${p.registerEveryS} s${p.durationS !== undefined ? ` for ${p.durationS} s` : ''}`,
      );
      break;
  }
  if (channelMode(p.mode)) parts.push(`opened at ${p.cps ?? DEFAULT_OPEN_CPS} CPS`);
  if (p.mode !== 'register') {
    parts.push(p.holdMinS === p.holdMaxS ? `hold ${p.holdMinS} s` : `hold ${p.holdMinS}-${p.holdMaxS} s`);
    parts.push(`to ${p.to}`);
    if (settings.inboundServer)
      parts.push(`inbound to ${settings.inboundServer} (${settings.inboundTo ?? p.to})`);
    if (p.media) parts.push('media on');
  }
  if (settings.maxCps !== undefined) parts.push(`Cap CPS ${settings.maxCps}`);
  if (settings.maxChannels !== undefined) parts.push(`Cap channels ${settings.maxChannels}`);
  return parts.join(' · ');
}
