// What a start says about runs an earlier process left unfinished (kill -9, a crash): each is
// marked interrupted in the store, in one line each, and a run that placed calls says how many may
// still be up on the far side and which command ends them.
import type { StoredSummary } from '../../shared/trace-types';
import type { InterruptedRun, TraceStore } from '../store/trace-store';
import { findOpenDialogs } from './open-dialogs';

/** Runs whose calls we placed: only these can leave dialogs up at the far side. */
const CALLING_KINDS = new Set(['load', 'call']);
const PAGE = 5000;

/** Marks the interrupted runs and returns one line for each; none when there were none. */
export function markInterruptedRuns(store: TraceStore, now: Date = new Date()): string[] {
  return store.markInterruptedRuns().map((run) => interruptedLine(run, openCallCount(store, run), now));
}

export function interruptedLine(run: InterruptedRun, openCalls: number, now: Date = new Date()): string {
  const line = `run ${run.id} (${run.kind}, started ${startedText(run.startedAtMicros, now)}) was interrupted: the process ended without finishing it`;
  if (openCalls === 0) return line;
  return `${line}; ${openCalls} call(s) may still be up on the far side: end them with sipkit hangup ${run.id}`;
}

function openCallCount(store: TraceStore, run: InterruptedRun): number {
  if (!CALLING_KINDS.has(run.kind)) return 0;
  return findOpenDialogs(runSummaries(store, run.id)).length;
}

/**
 * Every message of a run without its bytes, a page at a time: a load run holds hundreds of
 * thousands, and reading their bytes made a start after a crash take seconds.
 */
export function* runSummaries(store: TraceStore, runId: number): Generator<StoredSummary> {
  for (let offset = 0; ; offset += PAGE) {
    const page = store.summariesByRun(runId, { offset, limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
  }
}

/** "17:03" today, "2025-06-01 17:03" on another day (local time, as the user saw it start). */
function startedText(micros: number, now: Date): string {
  const d = new Date(micros / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
