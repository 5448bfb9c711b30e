// `npx tsx bench/trace-service.bench.ts`: how the Traces screen's back end copes with a
// load-test-sized run (30,000 messages in a trace store on disk): the first call-list page (the
// one analysis), later pages from the cache, a ladder, findings under another profile, and the
// re-analysis after the run changes. Numbers, not assertions.
import { performance } from 'node:perf_hooks';
import { requestContract } from '../shared/ipc/contract';
import { captured, openBench, storeRun } from '../test/unit/services/traces/trace-fixtures';
import { largeRun } from '../test/unit/services/traces/large-run';
import { callFlow } from '../test/unit/shared/diagnostics/trace-builder';

// Handlers answer with promises: analyses run on the trace service's worker thread.
async function time<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  console.log(`${label.padEnd(52)} ${(performance.now() - start).toFixed(1).padStart(9)} ms`);
  return result;
}

async function main(): Promise<void> {
  const bench = openBench();
  try {
    const specs = largeRun();
    const runId = await time(`store ${specs.length.toLocaleString('en')} messages`, () =>
      storeRun(bench.store, specs),
    );
    const calls = (request: object) =>
      bench.handlers['traces.calls'](
        requestContract['traces.calls'].request.parse({ runId, ...request }),
      ) as Promise<{ total: number }>;
    const first = await time('traces.calls first page (reads + analyses the run)', () =>
      calls({ limit: 200 }),
    );
    await time('traces.calls page 10 (cached)', () => calls({ offset: 2000, limit: 200 }));
    await time('traces.calls search "call-29" (cached)', () => calls({ search: 'call-29' }));
    await time('traces.calls all calls, noise shown (cached)', () =>
      calls({ hideNoise: false, limit: 1000 }),
    );
    await time('traces.ladder one call', () =>
      bench.handlers['traces.ladder']({ runId, callIds: ['call-1500'] }),
    );
    await time('traces.ladder 500 calls', () =>
      bench.handlers['traces.ladder']({ runId, callIds: Array.from({ length: 500 }, (_, i) => `call-${i}`) }),
    );
    await time('traces.findings under skyetel (second analysis)', () =>
      bench.handlers['traces.findings']({ runId, profile: 'skyetel' }),
    );
    for (const spec of callFlow({ at: 5000, callId: 'late' })) bench.store.append(runId, captured(spec));
    await time('traces.calls after 7 new messages (re-analyses)', () => calls({ limit: 200 }));
    console.log(
      `${first.total.toLocaleString('en')} calls without OPTIONS/REGISTER; ${bench.fullReads()} analyses`,
    );
  } finally {
    bench.close();
  }
}

await main();
