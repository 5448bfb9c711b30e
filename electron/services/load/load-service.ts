// Load runs started from the UI, with throttled load.progress events. STUB: replaced by issue 7.
import type { RequestHandlers } from '../../../shared/ipc/contract';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import type { TargetService } from '../targets/target-service';

export type LoadHandlers = Pick<RequestHandlers, 'load.start' | 'load.abort' | 'load.status'>;

export interface LoadService {
  readonly handlers: LoadHandlers;
  /** Aborts a running load test (every call ended) and saves its run. */
  close(): Promise<void>;
}

export function createLoadService(_ctx: ServiceContext, _targets: TargetService): LoadService {
  return {
    handlers: {
      'load.start': () => {
        throw refused('load tests are not available yet');
      },
      'load.abort': () => ({}),
      'load.status': () => ({ status: null }),
    },
    close: () => Promise.resolve(),
  };
}
