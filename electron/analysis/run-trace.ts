// A stored run as the rules engine reads it, built the same way as `sipkit analyze --run` builds it
// (electron/analysis/to-trace.ts), read from the store in pages.
import type { TraceMessage } from '../../shared/diagnostics/trace-model';
import type { RunRecord, StoredMessage } from '../../shared/trace-types';
import { traceFromStored } from './to-trace';
import type { TraceStore } from '../store/trace-store';

const PAGE = 5000;

/** Every message of the run, in capture order. */
export function readRunMessages(store: TraceStore, runId: number): StoredMessage[] {
  const messages: StoredMessage[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = store.messagesByRun(runId, { offset, limit: PAGE });
    for (const m of page) messages.push(m);
    if (page.length < PAGE) return messages;
  }
}

export function traceOfRun(run: RunRecord, stored: readonly StoredMessage[]): TraceMessage[] {
  const trace = traceFromStored(stored);
  if (run.kind !== 'import') return trace;
  // An import from a text log without addresses is stored with 0.0.0.0:0 (store-import.ts), which
  // stands for "the log did not say": the rules must see no address rather than that one, or they
  // report "INVITE to 0.0.0.0:0".
  return trace.map((m) => {
    const src = known(m.src);
    const dst = known(m.dst);
    if (src === m.src && dst === m.dst) return m;
    return { ...m, src, dst };
  });
}

function known(e: TraceMessage['src']): TraceMessage['src'] {
  return e !== undefined && e.address === '0.0.0.0' && e.port === 0 ? undefined : e;
}
