// Child process for the interrupted-run tests: opens the trace store, starts a run, stores a few
// messages, says "run <id>" and then waits to be killed (or told to exit by closing stdin).
// Usage: node --import tsx run-owner.ts <file>
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import { makeMessage } from './store-fixtures';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: run-owner.ts <file>');
const store = openTraceStore({ file });
const runId = store.createRun({ kind: 'load', target: 'pbx', profile: 'lab' });
for (let i = 0; i < 3; i++) store.append(runId, makeMessage({ tsMicros: 1_750_000_000_000_000 + i * 1000 }));
store.flush();
process.stdout.write(`run ${runId}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
