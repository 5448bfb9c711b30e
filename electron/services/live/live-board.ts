// The live state the UI draws: registrations, calls and answering, each keyed, each view replaced
// (never mutated) on change. Every change calls onChange, which the service throttles into
// live.changed events; snapshot() is what live.state returns and what those events carry.
import type { AnsweringView, CallView, LiveState, RegistrationView } from '../../../shared/ipc/schemas/live';

/** Ended calls kept for the UI to show; the oldest ended ones go first. */
export const MAX_ENDED_CALLS = 50;

export class LiveBoard {
  private readonly registrations = new Map<string, RegistrationView>();
  private readonly calls = new Map<string, CallView>();
  private readonly answering = new Map<string, AnsweringView>();

  constructor(private readonly onChange: () => void) {}

  snapshot(): LiveState {
    return {
      registrations: [...this.registrations.values()],
      calls: [...this.calls.values()],
      answering: [...this.answering.values()],
    };
  }

  registrationsOf(targetId: string): RegistrationView[] {
    return [...this.registrations.values()].filter((v) => v.targetId === targetId);
  }

  putRegistration(view: RegistrationView): void {
    this.registrations.set(registrationKey(view.targetId, view.region), view);
    this.onChange();
  }

  updateRegistration(
    targetId: string,
    region: string,
    update: (view: RegistrationView) => RegistrationView,
  ): void {
    const key = registrationKey(targetId, region);
    const view = this.registrations.get(key);
    if (!view) return;
    const next = update(view);
    if (next === view) return;
    this.registrations.set(key, next);
    this.onChange();
  }

  removeRegistrations(targetId: string): void {
    for (const [key, view] of this.registrations) {
      if (view.targetId === targetId) this.registrations.delete(key);
    }
    this.onChange();
  }

  putCall(view: CallView): void {
    this.calls.set(view.key, view);
    this.dropOldEndedCalls();
    this.onChange();
  }

  updateCall(key: string, update: (view: CallView) => CallView): void {
    const view = this.calls.get(key);
    if (!view) return;
    const next = update(view);
    if (next === view) return;
    this.calls.set(key, next);
    this.dropOldEndedCalls();
    this.onChange();
  }

  getCall(key: string): CallView | undefined {
    return this.calls.get(key);
  }

  putAnswering(view: AnsweringView): void {
    this.answering.set(view.targetId, view);
    this.onChange();
  }

  updateAnswering(targetId: string, update: (view: AnsweringView) => AnsweringView): void {
    const view = this.answering.get(targetId);
    if (!view) return;
    const next = update(view);
    if (next === view) return;
    this.answering.set(targetId, next);
    this.onChange();
  }

  removeAnswering(targetId: string): void {
    if (this.answering.delete(targetId)) this.onChange();
  }

  private dropOldEndedCalls(): void {
    const ended = [...this.calls.values()].filter((c) => c.state === 'ended' || c.state === 'failed');
    for (const call of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_CALLS)))
      this.calls.delete(call.key);
  }
}

function registrationKey(targetId: string, region: string): string {
  return `${targetId}\n${region}`;
}
