// Registrations, test calls and inbound answering started from the UI, and the live state pushed
// as throttled live.changed events. STUB: replaced by the live work of issue 5.
import type { RequestHandlers } from '../../../shared/ipc/contract';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import type { TargetService } from '../targets/target-service';

export type LiveHandlers = Pick<
  RequestHandlers,
  | 'live.state'
  | 'register.start'
  | 'register.stop'
  | 'call.start'
  | 'call.hangup'
  | 'answer.start'
  | 'answer.stop'
>;

export interface LiveService {
  readonly handlers: LiveHandlers;
  /** Un-registers, hangs up and stops answering; resolves when every run is saved. */
  close(): Promise<void>;
}

export function createLiveService(_ctx: ServiceContext, _targets: TargetService): LiveService {
  const notYet = (): never => {
    throw refused('live registrations and calls are not available yet');
  };
  return {
    handlers: {
      'live.state': () => ({ registrations: [], calls: [], answering: [] }),
      'register.start': notYet,
      'register.stop': notYet,
      'call.start': notYet,
      'call.hangup': notYet,
      'answer.start': notYet,
      'answer.stop': notYet,
    },
    close: () => Promise.resolve(),
  };
}
