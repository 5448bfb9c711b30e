// The Traces screen, like sngrep: pick a run, pick calls from its call list, read their ladder;
// click (or Enter on) an arrow for the message's raw text with the lines the rules point at. Opened
// from elsewhere with a focus (a finding's jump, an import, a call's "Open trace"), it selects that
// run, call and message.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ExportMenu } from '../export/export-menu';
import type { IpcClient } from '../ipc-client';
import type { Navigate, TraceFocus } from '../navigation';
import { runResult } from '../format';
import { useRuns } from '../use-runs';
import { clickCall, NO_SELECTION, stepCall, type CallSelection, type ClickModifiers } from './call-selection';
import { CallsTable } from './calls-table';
import { ladderKey, NO_CURSOR, type LadderCursor } from './ladder-keys';
import { LadderView } from './ladder-view';
import { RtpStreams } from './rtp-streams';
import { RawPanel } from './raw-panel';
import { RunPicker } from './run-picker';
import { useCalls } from './use-calls';
import { useDebouncedValue } from './use-debounced-value';
import { useLadder } from './use-ladder';
import './traces.css';

export interface TracesScreenProps {
  readonly client: IpcClient;
  /** Run, call and message to show; undefined = the newest run. */
  readonly focus: TraceFocus | undefined;
  readonly navigate: Navigate;
}

const SEARCH_SETTLE_MS = 250;

/** The selection belongs to one run: another run starts with nothing selected. */
interface RunSelection {
  readonly runId: number | undefined;
  readonly calls: CallSelection;
}

/** The selected message, by id: it keeps its place when the ladder is re-read and rows shift. */
interface MessageCursor {
  readonly messageId?: number;
  readonly rawOpen: boolean;
}

export function TracesScreen({ client, focus }: TracesScreenProps) {
  const { runs, error: runsError } = useRuns(client);
  const [chosenRunId, setChosenRunId] = useState<number>();
  const [newestSeen, setNewestSeen] = useState<number>();
  const [search, setSearch] = useState('');
  const [hideNoise, setHideNoise] = useState(true);
  const [selection, setSelection] = useState<RunSelection>({ runId: undefined, calls: NO_SELECTION });
  const [cursor, setCursor] = useState<MessageCursor>({ rawOpen: false });
  // A message to select once its ladder arrives (a finding's jump).
  const [pendingMessageId, setPendingMessageId] = useState<number>();
  const autoSelected = useRef<number | undefined>(undefined);
  // A focused call to show in the list even when the noise filter hides it (a REGISTER finding).
  const [revealCallId, setRevealCallId] = useState<string>();
  const root = useRef<HTMLElement>(null);

  // Without a focus, the newest run when the screen first had runs: a run started later does not
  // pull the view away from the one being read.
  const newest = runs?.[0]?.id;
  useEffect(() => {
    if (newest !== undefined) setNewestSeen((seen) => seen ?? newest);
  }, [newest]);
  const runId = chosenRunId ?? focus?.runId ?? newestSeen;
  const run = runs?.find((r) => r.id === runId);

  // A new focus wins over an earlier choice in the picker. Keyed by its values, so a shell that
  // passes an equal new object on every render does not reset the selection each time.
  const focusKey = focus === undefined ? '' : JSON.stringify([focus.runId, focus.callId, focus.messageId]);
  useEffect(() => {
    if (focusKey === '') return;
    const [focusRunId, callId, messageId] = JSON.parse(focusKey) as [number, string | null, number | null];
    const focusCallId = callId ?? undefined;
    const focusMessageId = messageId ?? undefined;
    setChosenRunId(undefined);
    const only = (callId: string): RunSelection => ({
      runId: focusRunId,
      calls: { callIds: [callId], anchor: callId, cursor: callId },
    });
    setSelection(focusCallId !== undefined ? only(focusCallId) : { runId: focusRunId, calls: NO_SELECTION });
    setCursor({ rawOpen: false });
    setPendingMessageId(focusMessageId);
    setRevealCallId(focusCallId);
    // A focus on a call or message says what to show; a focus on a run alone gets its first call.
    autoSelected.current = focusCallId !== undefined || focusMessageId !== undefined ? focusRunId : undefined;
    if (focusCallId === undefined && focusMessageId !== undefined) {
      // Only the message is known: its Call-ID says which call to draw.
      let active = true;
      client.request('traces.message', { messageId: focusMessageId }).then(
        ({ message }) => {
          if (active && message.callId !== undefined) {
            setSelection(only(message.callId));
            setRevealCallId(message.callId);
          }
        },
        () => undefined,
      );
      return () => {
        active = false;
      };
    }
  }, [client, focusKey]);

  const settledSearch = useDebouncedValue(search.trim(), SEARCH_SETTLE_MS);
  const query = useMemo(
    () => (runId === undefined ? undefined : { runId, hideNoise, search: settledSearch }),
    [runId, hideNoise, settledSearch],
  );
  const calls = useCalls(client, query);
  const callIds = useMemo(() => calls.calls.map((c) => c.callId), [calls.calls]);
  const calmSelection = selection.runId === runId ? selection.calls : NO_SELECTION;
  const selectedSet = useMemo(() => new Set(calmSelection.callIds), [calmSelection.callIds]);

  // The focused call is not in the list only because OPTIONS/REGISTER are hidden: show them.
  useEffect(() => {
    if (revealCallId === undefined || !calls.loaded || calls.loading) return;
    const listed = calls.calls.some((c) => c.callId === revealCallId);
    if (!listed && hideNoise && calls.calls.length >= calls.total) setHideNoise(false);
    else setRevealCallId(undefined);
  }, [revealCallId, calls.loaded, calls.loading, calls.calls, calls.total, hideNoise]);

  // A run of nothing but OPTIONS and REGISTER (a registration's trace) opens with them shown: its
  // "Open trace" promised the registration, not an empty list. Once per run, so unticking the box
  // by hand afterwards is left alone.
  const noiseChecked = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (runId === undefined || noiseChecked.current === runId) return;
    if (!calls.loaded || calls.loading || calls.stale || calls.runId !== runId || calls.error) return;
    // Decided once the run is listed with messages (a run just started has none yet).
    if (run === undefined || run.messageCount === 0) return;
    noiseChecked.current = runId;
    if (hideNoise && settledSearch === '' && calls.total === 0) setHideNoise(false);
  }, [runId, calls, hideNoise, settledSearch, run]);

  // Opening a run selects its first call, so there is a ladder to read straight away.
  useEffect(() => {
    if (runId === undefined || autoSelected.current === runId || !calls.loaded) return;
    const first = calls.calls[0]?.callId;
    // An empty first list (noise hidden, a run just started) selects its first call once it has one.
    if (first === undefined) return;
    autoSelected.current = runId;
    if (first !== undefined && (selection.runId !== runId || selection.calls.callIds.length === 0))
      setSelection({ runId, calls: { callIds: [first], anchor: first, cursor: first } });
  }, [runId, calls.loaded, calls.calls, selection.runId, selection.calls.callIds.length]);

  const ladder = useLadder(client, runId, calmSelection.callIds);
  const model = ladder.model;
  const rowOf = useMemo(() => {
    const map = new Map<number, number>();
    for (const arrow of model?.arrows ?? []) map.set(arrow.messageId, arrow.row);
    return map;
  }, [model]);
  const colours = useMemo(() => {
    const map = new Map<string, number>();
    model?.callIds.forEach((id, i) => map.set(id, i));
    return map;
  }, [model]);
  const selectedRow = cursor.messageId === undefined ? undefined : rowOf.get(cursor.messageId);

  // The jump's message, once its ladder is drawn: selected, scrolled to, its text open.
  useEffect(() => {
    if (pendingMessageId === undefined || !ladder.current || ladder.loading) return;
    if (rowOf.has(pendingMessageId)) setCursor({ messageId: pendingMessageId, rawOpen: true });
    setPendingMessageId(undefined);
  }, [pendingMessageId, ladder.current, ladder.loading, rowOf]);

  const chooseRun = (id: number): void => {
    setChosenRunId(id);
    setRevealCallId(undefined);
    setSelection({ runId: id, calls: NO_SELECTION });
    setCursor({ rawOpen: false });
    setPendingMessageId(undefined);
  };
  const onCallClick = (callId: string, mods: ClickModifiers): void => {
    setSelection({ runId, calls: clickCall(calmSelection, callIds, callId, mods) });
  };
  const onCallStep = (step: 1 | -1, extend: boolean): void => {
    setSelection({ runId, calls: stepCall(calmSelection, callIds, step, extend) });
  };
  const onCallEnter = (): void => {
    const first = model?.arrows[0];
    if (first && selectedRow === undefined) setCursor({ messageId: first.messageId, rawOpen: false });
    root.current?.querySelector<HTMLElement>('.ladder-scroll')?.focus();
  };

  const onSelectRow = useCallback(
    (row: number) => {
      const arrow = model?.arrows.find((a) => a.row === row);
      if (arrow) setCursor({ messageId: arrow.messageId, rawOpen: true });
    },
    [model],
  );
  const onLadderKey = (key: string, pageRows: number): boolean => {
    const arrows = model?.arrows ?? [];
    const state: LadderCursor = { row: selectedRow, rawOpen: cursor.rawOpen && selectedRow !== undefined };
    const next = ladderKey(state, key, arrows.length, pageRows);
    if (!next) return false;
    if (next === NO_CURSOR || next.row === undefined) setCursor({ rawOpen: false });
    else setCursor({ messageId: arrows.find((a) => a.row === next.row)?.messageId, rawOpen: next.rawOpen });
    return true;
  };

  const messageCount = model?.arrows.length ?? 0;
  const rawMessageId = cursor.rawOpen && selectedRow !== undefined ? cursor.messageId : undefined;

  return (
    <section className="traces-screen" data-testid="traces-screen" ref={root}>
      <div className="traces-toolbar">
        <h2 className="screen-title">Traces</h2>
        <RunPicker runs={runs} runId={runId} onChange={chooseRun} />
        <label className="field grow">
          <span>Search</span>
          <input
            type="search"
            data-testid="calls-search"
            placeholder="Call-ID, From, To, method or status"
            value={search}
            maxLength={200}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="noise-toggle"
            checked={hideNoise}
            onChange={(event) => {
              // The user's own choice for this run: the once-per-run opening choice above must
              // not undo it when the run's first list arrives after the click.
              if (runId !== undefined) noiseChecked.current = runId;
              setHideNoise(event.target.checked);
            }}
          />
          Hide OPTIONS/REGISTER
        </label>
        {runId !== undefined && <ExportMenu client={client} runId={runId} callIds={calmSelection.callIds} />}
      </div>
      {runsError && (
        <p className="error" role="alert">
          Could not list the runs: {runsError}
        </p>
      )}
      <div className="pane traces-calls">
        <h2>
          Calls
          {runId !== undefined && calls.loaded && !calls.error && (
            <span className="muted">
              {' '}
              — {calls.calls.length < calls.total ? `${calls.calls.length} of ${calls.total}` : calls.total}
              {calmSelection.callIds.length > 0 && ` · ${calmSelection.callIds.length} selected`}
            </span>
          )}
        </h2>
        {calls.error && (
          <p className="error" role="alert" data-testid="calls-error">
            Could not list the calls: {calls.error}
          </p>
        )}
        {runId === undefined ? (
          <p className="empty" data-testid="traces-empty">
            {runs === undefined
              ? 'Loading…'
              : 'No traces yet. Register, place a call or import a capture, and its messages appear here.'}
          </p>
        ) : calls.calls.length === 0 && !calls.error ? (
          <p className="empty" data-testid="calls-empty">
            {!calls.loaded
              ? 'Loading calls…'
              : settledSearch !== ''
                ? `No calls match “${settledSearch}”.`
                : run?.messageCount === 0
                  ? 'This run has no messages yet.'
                  : hideNoise
                    ? 'No calls besides OPTIONS and REGISTER. Untick “Hide OPTIONS/REGISTER” to see those.'
                    : 'This run has no calls.'}
          </p>
        ) : (
          calls.calls.length > 0 && (
            <CallsTable
              calls={calls.calls}
              selected={selectedSet}
              cursor={calmSelection.cursor}
              hasMore={calls.calls.length < calls.total}
              colours={colours}
              live={run !== undefined && runResult(run) === 'running'}
              onClick={onCallClick}
              onStep={onCallStep}
              onEnter={onCallEnter}
              onNearEnd={calls.loadMore}
            />
          )
        )}
      </div>
      <div className={rawMessageId !== undefined ? 'traces-flow with-raw' : 'traces-flow'}>
        <div className="pane ladder-pane">
          <h2>
            Call flow
            {model && calmSelection.callIds.length > 0 && (
              <span className="muted">
                {' '}
                — {calmSelection.callIds.length === 1
                  ? '1 call'
                  : `${calmSelection.callIds.length} calls`}, {messageCount} message
                {messageCount === 1 ? '' : 's'}
                {ladder.loading && ' · updating…'}
              </span>
            )}
          </h2>
          {ladder.data?.truncated && ladder.current && !ladder.partial && (
            <p className="notice" data-testid="ladder-truncated">
              Only the first {messageCount.toLocaleString()} messages are drawn. Select fewer calls to see the
              rest.
            </p>
          )}
          {ladder.error && (
            <p className="error" role="alert" data-testid="ladder-error">
              Could not draw the ladder: {ladder.error}
            </p>
          )}
          {calmSelection.callIds.length === 0 ? (
            <p className="empty">
              Select a call above to draw its ladder. Ctrl-click or Shift-click to put several calls side by
              side.
            </p>
          ) : model && model.arrows.length > 0 ? (
            <LadderView
              model={model}
              selectedRow={selectedRow}
              onSelectRow={onSelectRow}
              onKey={onLadderKey}
              ownSockets={run?.kind !== 'import' && run?.kind !== 'capture'}
            />
          ) : (
            !ladder.error && (
              <p className="empty">
                {ladder.loading || !model ? 'Drawing…' : 'These calls have no messages.'}
              </p>
            )
          )}
          {ladder.current && ladder.data?.media && <RtpStreams media={ladder.data.media} />}
        </div>
        {rawMessageId !== undefined && (
          <RawPanel
            client={client}
            messageId={rawMessageId}
            findings={ladder.data?.findings ?? []}
            onClose={() => setCursor((c) => ({ ...c, rawOpen: false }))}
          />
        )}
      </div>
    </section>
  );
}
