// Load test: fixed rate, channel hold, ramp to failure (CPS or channels) or registration rate
// against a saved target, with hard caps, a confirmation before anything above the provider
// profile (or any registration-rate run), a progress bar, an abort button, live charts and the
// result: caps found and the verdict against the profile. Its run opens in Traces like any other.
import { useEffect, useState } from 'react';
import type { LoadPlanInput } from '../../../shared/load/load-model';
import type { LoadRequestInput, LoadStatus } from '../../../shared/ipc/schemas/load';
import { IpcError } from '../../../shared/ipc/ipc-error';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import { chosenTarget, TargetSelect } from '../common/target-select';
import { useAction } from '../common/use-action';
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';
import { LoadCharts } from './load-charts';

export interface LoadScreenProps {
  readonly client: IpcClient;
  readonly targets: { readonly targets: readonly TargetView[] } | undefined;
  readonly navigate: Navigate;
}

type Mode = LoadPlanInput['mode'];

const MODES: ReadonlyArray<{ readonly value: Mode; readonly label: string }> = [
  { value: 'fixed', label: 'Fixed rate (CPS)' },
  { value: 'channels', label: 'Channel hold' },
  { value: 'ramp-cps', label: 'Ramp CPS to failure' },
  { value: 'ramp-channels', label: 'Ramp channels to failure' },
  { value: 'register', label: 'Registration rate (429)' },
];

type Form = Record<
  | 'to'
  | 'cps'
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
  | 'inboundTo',
  string
>;

const INITIAL: Form = {
  to: '',
  cps: '1',
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

export function LoadScreen({ client, targets, navigate }: LoadScreenProps) {
  const list = targets?.targets ?? [];
  const [targetId, setTargetId] = useState<string>();
  const [mode, setMode] = useState<Mode>('fixed');
  const [form, setForm] = useState<Form>(INITIAL);
  const [media, setMedia] = useState(false);
  const [status, setStatus] = useState<LoadStatus | null>(null);
  const [confirm, setConfirm] = useState<{ reason: string; request: LoadRequestInput }>();
  const [formError, setFormError] = useState<string>();
  const action = useAction();
  const abort = useAction();
  const target = chosenTarget(list, targetId);
  const running = status?.state === 'running' || status?.state === 'aborting';

  useEffect(() => {
    let active = true;
    let pushed = false;
    const off = client.on('load.progress', ({ status: s }) => {
      pushed = true;
      setStatus(s);
    });
    client.request('load.status', {}).then(
      (r) => active && !pushed && setStatus(r.status),
      () => undefined,
    );
    return () => {
      active = false;
      off();
    };
  }, [client]);

  const set = (key: keyof Form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const send = (request: LoadRequestInput): void =>
    action.run(async () => {
      try {
        setConfirm(undefined);
        await client.request('load.start', request);
      } catch (error) {
        if (error instanceof IpcError && error.code === 'needs-confirmation') {
          setConfirm({ reason: error.message, request });
          return;
        }
        throw error;
      }
    });

  const start = (): void => {
    if (!target) return;
    const built = buildRequest(target.id, mode, form, media);
    if (typeof built === 'string') {
      setFormError(built);
      return;
    }
    setFormError(undefined);
    send(built);
  };

  const field = (key: keyof Form, label: string, hint?: string) => (
    <label className="inline-field">
      <span className="field-label">{label}</span>
      <input data-testid={`load-${key}`} value={form[key]} onChange={set(key)} placeholder={hint} size={8} />
    </label>
  );

  return (
    <section className="pane screen-pane" data-testid="load-screen">
      <h2>Load test</h2>
      <div className="toolbar">
        <TargetSelect targets={list} value={target?.id} onChange={setTargetId} />
        <label className="inline-field">
          <span className="field-label">Mode</span>
          <select data-testid="load-mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            {MODES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        {mode !== 'register' && field('to', 'Number to call', 'e.g. 15551230000')}
        {mode === 'fixed' && (
          <>
            {field('cps', 'CPS')}
            {field('durationS', 'For (s)')}
            {field('calls', 'or calls')}
          </>
        )}
        {mode === 'channels' && (
          <>
            {field('channels', 'Channels')}
            {field('cps', 'Opened at (CPS)')}
            {field('durationS', 'Hold all for (s)')}
          </>
        )}
        {(mode === 'ramp-cps' || mode === 'ramp-channels') && (
          <>
            {field('rampStart', 'Start')}
            {field('rampStep', 'Step')}
            {field('rampStepSeconds', 'Seconds per step')}
            {field('rampMax', 'Max')}
          </>
        )}
        {mode === 'register' && (
          <>
            {field('registerEveryS', 'REGISTER every (s)')}
            {field('durationS', 'For (s)')}
          </>
        )}
        {mode !== 'register' && field('hold', 'Hold (s or min-max)')}
        {mode !== 'register' && field('inboundServer', 'Also inbound to PBX', 'host:port')}
        {mode !== 'register' &&
          form.inboundServer.trim() !== '' &&
          field('inboundTo', 'DID at the PBX', 'default: number')}
        {mode !== 'register' && (
          <label className="check">
            <input type="checkbox" checked={media} onChange={(e) => setMedia(e.target.checked)} /> Media
          </label>
        )}
        {field('maxCps', 'Cap CPS', '200')}
        {field('maxChannels', 'Cap channels', '500')}
        <button
          type="submit"
          className="primary"
          data-testid="load-start"
          disabled={!target || running || action.busy}
        >
          {action.busy ? 'Starting…' : 'Start'}
        </button>
        <button
          type="button"
          data-testid="load-abort"
          disabled={!running || status?.state === 'aborting' || abort.busy}
          onClick={() => abort.run(() => client.request('load.abort', {}))}
        >
          Abort
        </button>
      </form>
      {(formError ?? action.error ?? abort.error) && (
        <p className="error" role="alert" data-testid="load-error">
          {formError ?? action.error ?? abort.error}
        </p>
      )}
      {confirm && (
        <div className="banner confirm" role="alertdialog" data-testid="load-confirm">
          <p>
            <strong>Confirm:</strong> {confirm.reason}
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              data-testid="load-confirm-yes"
              onClick={() => send({ ...confirm.request, confirmed: true })}
            >
              Run anyway
            </button>
            <button type="button" data-testid="load-confirm-no" onClick={() => setConfirm(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {status && <LoadProgressView status={status} navigate={navigate} />}
    </section>
  );
}

function LoadProgressView({ status, navigate }: { status: LoadStatus; navigate: Navigate }) {
  const last = status.seconds.at(-1);
  return (
    <div className="load-status scroll" data-testid="load-status" data-state={status.state}>
      <div className="load-progress-line">
        <progress data-testid="load-progress" max={1} value={status.progress} />
        <span data-testid="load-message">
          {status.state} · {Math.round(status.elapsedS)} s · {status.message}
        </span>
        {status.runId !== undefined && (
          <button type="button" className="link" onClick={() => navigate.toTrace({ runId: status.runId! })}>
            Open run {status.runId} in Traces
          </button>
        )}
      </div>
      {last && (
        <p className="small muted" data-testid="load-last-second">
          Last second: {last.attempts} attempted, {last.answered} answered, {last.failed} failed,{' '}
          {last.concurrent} up, {last.retransmissions} retransmissions
          {last.latencyP95Ms !== undefined ? `, p95 ${last.latencyP95Ms.toFixed(0)} ms` : ''}
        </p>
      )}
      {status.result && (
        <div className="card" data-testid="load-result">
          <ul className="verdict">
            {status.result.verdict.map((v) => (
              <li key={v}>{v}</li>
            ))}
          </ul>
          <dl className="facts">
            {status.result.lastCleanStep !== undefined && (
              <>
                <dt>Last clean step</dt>
                <dd data-testid="load-last-clean">{status.result.lastCleanStep}</dd>
              </>
            )}
            {status.result.firstFailingStep !== undefined && (
              <>
                <dt>First failing step</dt>
                <dd data-testid="load-first-failing">{status.result.firstFailingStep}</dd>
              </>
            )}
            {status.result.retryAfterS !== undefined && (
              <>
                <dt>Retry-After</dt>
                <dd>{status.result.retryAfterS} s</dd>
              </>
            )}
            <dt>Statuses</dt>
            <dd className="mono">
              {Object.entries(status.result.statuses)
                .map(([code, n]) => `${code}×${n}`)
                .join(', ') || '—'}
            </dd>
            {status.result.warnings.map((w) => (
              <FragmentRow key={w} label="Warning" value={w} />
            ))}
          </dl>
        </div>
      )}
      {status.seconds.length > 0 && <LoadCharts seconds={status.seconds} />}
    </div>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

/** The request from the form, or a one-line reason it is not one. */
export function buildRequest(
  targetId: string,
  mode: Mode,
  form: Form,
  media: boolean,
): LoadRequestInput | string {
  const problems: string[] = [];
  const num = (key: keyof Form, label: string, optional = false, integer = false): number | undefined => {
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
            cps: num('cps', 'CPS', true),
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
