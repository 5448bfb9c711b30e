// The findings of a run, grouped by severity (errors, warnings, information), against the run's own
// provider profile or another one picked here; each finding jumps to its message in the ladder.
import { useEffect, useState } from 'react';
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import { coalesce } from '../coalesce';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';
import { useRuns } from '../use-runs';
import { debounce } from './debounce';
import { FindingCard } from './finding-card';
import { RunPicker } from './run-picker';
import { groupBySeverity, SEVERITY_GROUP, severityCount } from './severity';
import { useProfiles } from './use-profiles';
import './traces.css';

export interface FindingsScreenProps {
  readonly client: IpcClient;
  /** The run whose findings are shown; undefined = the newest run. */
  readonly runId: number | undefined;
  readonly navigate: Navigate;
}

/** Quiet time after a store.changed burst before the findings are re-read. */
const FINDINGS_REFRESH_MS = 500;

interface FindingsState {
  readonly key: string;
  readonly profile?: string;
  readonly messageCount?: number;
  readonly findings?: readonly FindingView[];
  readonly loading: boolean;
  readonly error?: string;
}

export function FindingsScreen({ client, runId: propRunId, navigate }: FindingsScreenProps) {
  const { runs, error: runsError } = useRuns(client);
  const profiles = useProfiles(client);
  const [chosenRunId, setChosenRunId] = useState<number>();
  const [newestSeen, setNewestSeen] = useState<number>();
  // '' = the run's own profile.
  const [profile, setProfile] = useState('');
  const [state, setState] = useState<FindingsState>({ key: '', loading: false });

  const newest = runs?.[0]?.id;
  useEffect(() => {
    if (newest !== undefined) setNewestSeen((seen) => seen ?? newest);
  }, [newest]);
  useEffect(() => setChosenRunId(undefined), [propRunId]);
  const runId = chosenRunId ?? propRunId ?? newestSeen;
  const run = runs?.find((r) => r.id === runId);
  const key = runId === undefined ? '' : JSON.stringify([runId, profile]);

  useEffect(() => {
    if (runId === undefined) return;
    let active = true;
    setState((old) => (old.key === key ? { ...old, loading: true } : { key, loading: true }));
    const read = coalesce(async () => {
      try {
        const reply = await client.request('traces.findings', {
          runId,
          ...(profile === '' ? {} : { profile }),
        });
        if (active) setState({ key, loading: false, ...reply });
      } catch (error) {
        if (active) setState((old) => ({ ...old, key, loading: false, error: messageOf(error) }));
      }
    });
    read();
    const refresh = debounce(read, FINDINGS_REFRESH_MS);
    const off = client.on('store.changed', (event) => {
      if (event.runId === runId) refresh();
    });
    return () => {
      active = false;
      refresh.cancel();
      off();
    };
  }, [client, key, runId, profile]);

  const current = state.key === key ? state : { key, loading: true };
  const groups = groupBySeverity(current.findings ?? []);
  const jump = (evidence: FindingView['evidence'][number]): void => {
    if (runId === undefined) return;
    navigate.toTrace({
      runId,
      ...(evidence.callId !== undefined ? { callId: evidence.callId } : {}),
      messageId: evidence.messageId,
    });
  };

  return (
    <section className="findings-screen" data-testid="findings-screen">
      <div className="traces-toolbar">
        <h2 className="screen-title">Findings</h2>
        <RunPicker runs={runs} runId={runId} onChange={setChosenRunId} />
        <label className="field">
          <span>Profile</span>
          <select
            data-testid="findings-profile"
            value={profile}
            onChange={(event) => setProfile(event.target.value)}
          >
            <option value="">{run ? `The run's own (${run.profile})` : "The run's own"}</option>
            {profiles.names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {current.findings && (
          <span className="muted summary" data-testid="findings-summary">
            {groups.map((g) => severityCount(g.severity, g.findings.length)).join(' · ') || 'No findings'} in{' '}
            {current.messageCount ?? 0} message{current.messageCount === 1 ? '' : 's'}, profile{' '}
            {current.profile}
          </span>
        )}
      </div>
      {(runsError || profiles.error) && (
        <p className="error" role="alert">
          {runsError
            ? `Could not list the runs: ${runsError}`
            : `Could not list the profiles: ${profiles.error}`}
        </p>
      )}
      {current.error && (
        <p className="error" role="alert" data-testid="findings-error">
          Could not check this run: {current.error}
        </p>
      )}
      <div className="findings-body">
        {runId === undefined ? (
          <p className="empty">
            {runs === undefined ? 'Loading…' : 'No traces yet. Run a test or import a capture to check it.'}
          </p>
        ) : !current.findings ? (
          !current.error && <p className="empty">Checking the trace…</p>
        ) : groups.length === 0 ? (
          <p className="empty all-clear" data-testid="findings-empty">
            {current.messageCount === 0
              ? 'This run has no messages to check.'
              : `Nothing to report: every rule of the ${current.profile} profile passed.`}
          </p>
        ) : (
          groups.map((group) => (
            <section key={group.severity} className={`finding-group ${group.severity}`}>
              <h2>
                {SEVERITY_GROUP[group.severity]} <span className="muted">({group.findings.length})</span>
              </h2>
              {group.findings.map((finding, i) => (
                <FindingCard key={`${finding.rule}-${i}`} finding={finding} onJump={jump} />
              ))}
            </section>
          ))
        )}
      </div>
    </section>
  );
}
