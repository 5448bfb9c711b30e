// The slow halves of an import and of an analysis, with no store in them: what the trace worker
// thread runs (trace-worker.ts), and what runs in place when the thread cannot start.
import { analyseMessages } from '../../analysis/run-analysis';
import { capturesOf } from '../../analysis/store-import';
import { ServiceError } from '../service-error';
import { readImport } from './import-reader';
import type { TraceJob, TraceJobReply } from './trace-worker-protocol';

export function runTraceJob(job: TraceJob): TraceJobReply {
  try {
    if (job.type === 'analyse') {
      const start = performance.now();
      const result = analyseMessages(job.run, job.stored, job.profile, job.rtpStreams);
      return { id: job.id, type: 'analyse', result, computeMs: performance.now() - start };
    }
    const read = readImport(job.request);
    return {
      id: job.id,
      type: 'import',
      result: {
        format: read.format,
        captures: capturesOf(read.messages),
        ...(read.rtpStreams ? { rtpStreams: read.rtpStreams } : {}),
        ...(read.facts ? { facts: read.facts } : {}),
        ...(read.damage !== undefined ? { damage: read.damage } : {}),
      },
    };
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'refused')
      return { id: job.id, type: 'refused', message: err.message };
    return { id: job.id, type: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}
