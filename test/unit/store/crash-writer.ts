// Child process for the crash-safety test: captures forever into the trace store, in batches, and
// prints "flushed <n>" each time a batch has been committed. The test kills it with SIGKILL.
// Usage: node --import tsx crash-writer.ts <file> <batchSize>
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import { makeMessage } from './store-fixtures';

const [file, batchArg] = process.argv.slice(2);
if (!file || !batchArg) throw new Error('usage: crash-writer.ts <file> <batchSize>');
const batchSize = Number(batchArg);

// A long interval so batches are written only when full: every printed count is a commit boundary.
const store = openTraceStore({ file, batchSize, flushIntervalMs: 3_600_000 });
const runId = store.createRun({ kind: 'load', target: 'pbx', profile: 'crash-test' });
process.stdout.write(`run ${runId}\n`);

let seq = 0;
function captureSomeBatches(): void {
  for (let b = 0; b < 4; b++) {
    for (let i = 0; i < batchSize; i++) {
      // The append that fills the batch writes it synchronously, so after this loop it is committed.
      store.append(
        runId,
        makeMessage({ tsMicros: 1_750_000_000_000_000 + seq, cseqSeq: seq, callId: `c${seq % 97}` }),
      );
      seq++;
    }
    process.stdout.write(`flushed ${seq}\n`);
  }
  setImmediate(captureSomeBatches);
}
captureSomeBatches();
