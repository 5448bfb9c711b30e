// The Acceptance screen (issue 20): the one button at the end of a site visit. Pick the saved
// target, the number to call out to, the DID that should ring back, whether to find the caps
// (confirmed first, as on the Load screen), the site and a note; Start runs the checklist and the
// steps fill in live; at the end the verdict, the run in Traces and the report to sign.
import { useState } from 'react';
import { acceptanceVerdict } from '../../../shared/acceptance/acceptance-text';
import type { AcceptanceStart } from '../../../shared/ipc/schemas/acceptance';
import { ConfirmBanner } from '../common/confirm-banner';
import { TextField } from '../common/text-field';
import { useConfirmedStart } from '../common/use-confirmed-start';
import { TargetSelect, useChosenTarget, type TargetScreenProps } from '../common/target-select';
import { useAction } from '../common/use-action';
import { ExportMenu } from '../export/export-menu';
import { AcceptanceChecklist } from './acceptance-checklist';
import { useAcceptanceStatus } from './use-acceptance-status';

type StartInput = Omit<AcceptanceStart, 'timeLimitS' | 'caps' | 'confirmed'> &
  Partial<Pick<AcceptanceStart, 'timeLimitS' | 'caps' | 'confirmed'>>;

export function AcceptanceScreen({ client, targets, navigate }: TargetScreenProps) {
  const { list, target, setTargetId } = useChosenTarget(targets);
  const [to, setTo] = useState('');
  const [did, setDid] = useState('');
  const [caps, setCaps] = useState(false);
  const [site, setSite] = useState('');
  const [note, setNote] = useState('');
  const [timeLimit, setTimeLimit] = useState('300');
  const [formError, setFormError] = useState<string>();
  const { run, error, refresh } = useAcceptanceStatus(client);
  const action = useAction();
  const abort = useAction();
  const running = run?.state === 'running';

  // The caps ramp places real calls until the trunk refuses: the technician says yes first.
  const { send, ...confirm } = useConfirmedStart<StartInput>(action.run, async (request) => {
    await client.request('acceptance.start', request);
    refresh();
  });

  const start = (): void => {
    if (!target) return;
    const limit = Number(timeLimit);
    if (to.trim() === '')
      return setFormError('Enter the number to call out to (an echo test number hears the DTMF back).');
    if (!Number.isInteger(limit) || limit < 10 || limit > 3600)
      return setFormError('The time limit is a whole number of seconds from 10 to 3600.');
    setFormError(undefined);
    send({
      targetId: target.id,
      to: to.trim(),
      ...(did.trim() ? { did: did.trim() } : {}),
      caps,
      ...(site.trim() ? { site: site.trim() } : {}),
      ...(note.trim() ? { note } : {}),
      timeLimitS: limit,
    });
  };

  const verdict = run && run.state !== 'running' ? acceptanceVerdict(run) : undefined;
  const shownError = formError ?? action.error ?? abort.error ?? error;

  return (
    <section className="pane screen-pane acceptance" data-testid="acceptance-screen">
      <h2>Acceptance test</h2>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <TargetSelect targets={list} value={target?.id} onChange={setTargetId} />
        <TextField
          label="Call out to"
          data-testid="acceptance-to"
          value={to}
          onChange={setTo}
          placeholder="echo test number"
          size={16}
        />
        <TextField
          label="DID (rings back)"
          data-testid="acceptance-did"
          value={did}
          onChange={setDid}
          placeholder="optional"
          size={16}
        />
        <TextField
          label="Site"
          data-testid="acceptance-site"
          value={site}
          onChange={setSite}
          placeholder="customer, address"
          maxLength={200}
        />
        <TextField
          label="Time limit (s)"
          data-testid="acceptance-time-limit"
          value={timeLimit}
          onChange={setTimeLimit}
          size={5}
        />
        <label className="check" title="A short, confirmed ramp that finds the channel and CPS caps">
          <input
            type="checkbox"
            data-testid="acceptance-caps"
            checked={caps}
            onChange={(e) => setCaps(e.target.checked)}
          />{' '}
          Find the caps
        </label>
        <label className="inline-field acceptance-note">
          <span className="field-label">Note for the report</span>
          <textarea
            data-testid="acceptance-note"
            rows={2}
            maxLength={4000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <button
          type="submit"
          className="primary"
          data-testid="acceptance-start"
          disabled={!target || running || action.busy}
        >
          {action.busy ? 'Starting…' : 'Start'}
        </button>
        <button
          type="button"
          data-testid="acceptance-abort"
          disabled={!running || abort.busy}
          onClick={() =>
            abort.run(async () => {
              await client.request('acceptance.abort', {});
              refresh();
            })
          }
        >
          {abort.busy ? 'Aborting…' : 'Abort'}
        </button>
      </form>
      {shownError && (
        <p className="error" role="alert" data-testid="acceptance-error">
          {shownError}
        </p>
      )}
      {confirm.pending && (
        <ConfirmBanner
          reason={confirm.pending.reason}
          testId="acceptance-confirm"
          onConfirm={confirm.confirm}
          onCancel={confirm.cancel}
        />
      )}
      {run && (
        <div className="scroll acceptance-run" data-testid="acceptance-status" data-state={run.state}>
          {verdict ? (
            <div
              className={`acceptance-verdict ${verdict.tone}`}
              data-testid="acceptance-verdict"
              data-verdict={run.verdict ?? ''}
            >
              <strong>{verdict.headline}</strong>
              {verdict.steps.length > 0 && (
                <ul>
                  {verdict.steps.map((s) => (
                    <li key={s.id}>
                      {s.title}
                      {s.reason ? `: ${s.reason}` : ''}
                      {s.fix ? ` Fix: ${s.fix}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ) : (
            <p className="muted" data-testid="acceptance-progress">
              Running: {run.steps.filter((s) => s.status !== 'pending' && s.status !== 'running').length} of{' '}
              {run.steps.length} steps done…
            </p>
          )}
          <div className="toolbar">
            <span className="muted">
              {run.target} · {run.profile}
              {run.site ? ` · ${run.site}` : ''} · run {run.runId}
            </span>
            <button
              type="button"
              data-testid="acceptance-open-trace"
              onClick={() => navigate.toTrace({ runId: run.runId })}
            >
              Open in Traces
            </button>
            {!running && <ExportMenu client={client} runId={run.runId} callIds={[]} />}
          </div>
          <AcceptanceChecklist runId={run.runId} steps={run.steps} onOpen={navigate.toTrace} />
        </div>
      )}
    </section>
  );
}
