// Follows one Registration: folds its events into a RegistrationView and remembers what the run's
// result needs (did it ever register, did it fail for good, did the un-register fail). Register
// and answer sessions both use it; detach() stops the view from changing (e.g. a registration
// replaced by failover, or one that failed for good and is being put away).
import type { RegistrationView } from '../../../shared/ipc/schemas/live';
import type { Registration } from '../../engine/register/registration';
import { applyRegistrationEvent } from './registration-view';

export class RegistrationTracker {
  private warnings: string[] = [];
  private detached = false;
  registeredEver = false;
  /** Set by a failure retrying cannot fix (wrong password, 403, 404): the engine stops trying. */
  failedForGood = false;
  unregisterFailed = false;
  /** The last failure, in the engine's words. */
  lastFailure: string | undefined;

  constructor(
    readonly reg: Registration,
    private view: RegistrationView,
    now: () => number,
    onView: (view: RegistrationView) => void,
  ) {
    reg.onEvent((e) => {
      if (this.detached) return;
      if (e.type === 'warning') {
        this.warnings.push(e.message);
        return;
      }
      if (e.type === 'registered') this.registeredEver = true;
      if (e.type === 'failed') {
        this.lastFailure = e.message;
        if (e.message.startsWith('un-register')) this.unregisterFailed = true;
        else this.failedForGood = e.fatal;
      } else if (e.type === 'registered' || e.type === 'rate-limited') {
        this.failedForGood = false;
      }
      const next = applyRegistrationEvent(this.view, e, now(), this.warnings);
      if (e.type === 'registered') this.warnings = [];
      if (next === this.view) return;
      this.view = next;
      onView(next);
    });
  }

  get current(): RegistrationView {
    return this.view;
  }

  detach(): void {
    this.detached = true;
  }
}
