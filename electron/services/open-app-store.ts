// The trace store as the desktop app and the web mode open it at start: read-write (a new machine
// gets a new, private store), then the runs an earlier process left unfinished (killed, crashed)
// are marked interrupted, each said in one line in the log, as the CLI does on stderr.
import { markInterruptedRuns } from '../analysis/interrupted-runs';
import { openTraceStore } from '../store/sqlite-trace-store';
import type { TraceStore } from '../store/trace-store';
import type { Log } from './stderr-log';

export function openAppStore(file: string, log: Log): TraceStore {
  const store = openTraceStore({ file, onNotice: (line) => log(line) });
  try {
    for (const line of markInterruptedRuns(store)) log(line);
  } catch (error) {
    // The app still starts: the runs are marked at the next start.
    log('could not check for interrupted runs', error);
  }
  return store;
}
