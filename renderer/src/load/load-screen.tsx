// Load test: fixed rate, channel hold, ramp to failure (CPS or channels) or registration rate
// against a saved target, with hard caps, a confirmation before anything above the provider
// profile (or any registration-rate run), a progress bar, an abort button, live charts and the
// result: caps found and the verdict against the profile. Its run opens in Traces like any other.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { LoadRequestInput, LoadStatus } from '../../../shared/ipc/schemas/load';
import { ConfirmBanner } from '../common/confirm-banner';
import { TextField } from '../common/text-field';
import { useConfirmedStart } from '../common/use-confirmed-start';
import { TargetSelect, useChosenTarget, type TargetScreenProps } from '../common/target-select';
import { useAction } from '../common/use-action';
import type { Navigate } from '../navigation';
import { findBuiltinProfile } from '../../../shared/profiles/builtin-profiles';
import {
  buildRequest,
  describeSettings,
  formFromSettings,
  INITIAL_FORM,
  LABELS,
  MODES,
  profileDefaults,
  type Form,
  type FormKey,
  type Mode,
} from './load-form';

// recharts is most of the script: the charts load when a run first has rows to draw, so the first
// screen does not wait for them.
const LoadCharts = lazy(() => import('./load-charts').then((m) => ({ default: m.LoadCharts })));

export function LoadScreen({ client, targets, navigate }: TargetScreenProps) {
  const { list, target, setTargetId } = useChosenTarget(targets);
  const [mode, setMode] = useState<Mode>('fixed');
  const [form, setForm] = useState<Form>(INITIAL_FORM);
  const [media, setMedia] = useState(false);
  const [status, setStatus] = useState<LoadStatus | null>(null);
  const [formError, setFormError] = useState<string>();
  const action = useAction();
  const abort = useAction();
  const running = status?.state === 'running' || status?.state === 'aborting';

  // Back on the screen, the form shows the settings of the run whose result sits under it (once,
  // on the first status: later runs came from this form anyway).
  const restored = useRef(false);
  /** Fields the user typed in (or a restored run set): profile defaults leave them alone. */
  const edited = useRef(new Set<FormKey>());
  const showStatus = (s: LoadStatus | null): void => {
    if (!restored.current && s?.settings) {
      const settings = s.settings;
      setMode(settings.plan.mode);
      setForm((old) => formFromSettings(settings, old));
      // The run's own figures are the user's choice: a target's defaults do not replace them.
      for (const key of Object.keys(INITIAL_FORM) as FormKey[]) edited.current.add(key);
      setMedia(settings.plan.media);
      setTargetId(s.targetId);
    }
    restored.current = true;
    setStatus(s);
  };
  const showStatusRef = useRef(showStatus);
  showStatusRef.current = showStatus;

  useEffect(() => {
    let active = true;
    let pushed = false;
    const off = client.on('load.progress', ({ status: s }) => {
      pushed = true;
      showStatusRef.current(s);
    });
    client.request('load.status', {}).then(
      (r) => active && !pushed && showStatusRef.current(r.status),
      () => undefined,
    );
    return () => {
      active = false;
      off();
    };
  }, [client]);

  const set = (key: FormKey) => (value: string) => {
    edited.current.add(key);
    setForm({ ...form, [key]: value });
  };

  // Defaults follow the target's profile limits, for the fields the user has not typed in.
  const profileName = target?.profile;
  useEffect(() => {
    const defaults = profileDefaults(profileName ? findBuiltinProfile(profileName) : undefined);
    setForm((old) => {
      const next = { ...old };
      for (const [key, value] of Object.entries(defaults) as [FormKey, string][])
        if (!edited.current.has(key)) next[key] = value;
      return next;
    });
  }, [profileName]);

  const { send, ...confirm } = useConfirmedStart<LoadRequestInput>(action.run, (request) =>
    client.request('load.start', request),
  );

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

  // The CPS of the channel modes answers to load-cps as well: one CPS field shows at a time.
  const field = (key: FormKey, label: string = LABELS[key], hint?: string) => (
    <TextField
      label={label}
      data-testid={`load-${key === 'openCps' ? 'cps' : key}`}
      value={form[key]}
      onChange={set(key)}
      placeholder={hint}
      size={8}
    />
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
        {mode !== 'register' && field('to', undefined, 'e.g. 15551230000')}
        {mode === 'fixed' && (
          <>
            {field('cps')}
            {field('durationS')}
            {field('calls')}
          </>
        )}
        {mode === 'channels' && (
          <>
            {field('channels')}
            {field('openCps')}
            {field('durationS', 'Hold all for (s)')}
          </>
        )}
        {(mode === 'ramp-cps' || mode === 'ramp-channels') && (
          <>
            {field('rampStart')}
            {field('rampStep')}
            {field('rampStepSeconds')}
            {field('rampMax')}
            {mode === 'ramp-channels' && field('openCps')}
          </>
        )}
        {mode === 'register' && (
          <>
            {field('registerEveryS')}
            {field('durationS')}
          </>
        )}
        {mode !== 'register' && field('hold')}
        {mode !== 'register' && field('inboundServer', undefined, 'host:port')}
        {mode !== 'register' &&
          form.inboundServer.trim() !== '' &&
          field('inboundTo', undefined, 'default: number')}
        {mode !== 'register' && (
          <label className="check">
            <input type="checkbox" checked={media} onChange={(e) => setMedia(e.target.checked)} /> Media
          </label>
        )}
        {field('maxCps', undefined, '200')}
        {field('maxChannels', undefined, '500')}
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
      {confirm.pending && (
        <ConfirmBanner
          reason={confirm.pending.reason}
          testId="load-confirm"
          onConfirm={confirm.confirm}
          onCancel={confirm.cancel}
        />
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
          {status.aborted ? 'aborted' : status.state} · {Math.round(status.elapsedS)} s · {status.message}
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
      {status.settings && (
        <p className="small load-settings" data-testid="load-settings">
          <span className="muted">Settings: </span>
          {describeSettings(status.settings)}
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
      {status.seconds.length > 0 && (
        <Suspense fallback={<p className="empty">Loading the charts…</p>}>
          <LoadCharts seconds={status.seconds} />
        </Suspense>
      )}
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
