// The Traces and Findings screens' queries: the call list, the ladder's messages, one message's raw
// text, findings, and imports. STUB: replaced by the traces work of issue 5.
import type { RequestHandlers } from '../../../shared/ipc/contract';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';

export type TraceHandlers = Pick<
  RequestHandlers,
  'traces.calls' | 'traces.ladder' | 'traces.message' | 'traces.findings' | 'traces.import'
>;

export function createTraceHandlers(_ctx: ServiceContext): TraceHandlers {
  const notYet = (): never => {
    throw refused('traces are not available yet');
  };
  return {
    'traces.calls': notYet,
    'traces.ladder': notYet,
    'traces.message': notYet,
    'traces.findings': notYet,
    'traces.import': notYet,
  };
}
