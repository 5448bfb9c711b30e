// The acceptance run as it changes: every step change goes through here, and each one hands the
// whole run (a copy) to the front end's onUpdate, so the screen and the CLI's --json lines never
// see half a change.
import type {
  AcceptanceRun,
  AcceptanceStep,
  AcceptanceStepStatus,
} from '../../../shared/ipc/schemas/acceptance';
import { blockedBy } from './acceptance-checklist';

export type StepPatch = Partial<Omit<AcceptanceStep, 'id' | 'kind'>>;

export class AcceptanceBoard {
  private run: AcceptanceRun;
  /** Failed steps whose dependents may still run (see blockedBy). */
  private readonly usable = new Set<string>();

  constructor(
    initial: AcceptanceRun,
    private readonly onUpdate: ((run: AcceptanceRun) => void) | undefined,
    private readonly now: () => number = Date.now,
    /** Told when a listener throws: the run goes on (a front end's bug must not stop the test). */
    private readonly onListenerError: (error: Error) => void = () => undefined,
  ) {
    this.run = initial;
  }

  get snapshot(): AcceptanceRun {
    return structuredClone(this.run);
  }

  get steps(): readonly AcceptanceStep[] {
    return this.run.steps;
  }

  stepOf(id: string): AcceptanceStep | undefined {
    return this.run.steps.find((s) => s.id === id);
  }

  /** Replaces the steps after `afterId` … before the rest (the regions, once DNS has answered). */
  insertAfter(afterId: string, added: readonly AcceptanceStep[]): void {
    const i = this.run.steps.findIndex((s) => s.id === afterId);
    const steps = [...this.run.steps];
    steps.splice(i + 1, 0, ...added);
    this.set({ steps });
  }

  /** Adds dependencies to a step (the per-region ones, once the regions are known). */
  dependOn(id: string, more: readonly string[]): void {
    this.patchSilently(id, (s) => ({ dependsOn: [...new Set([...s.dependsOn, ...more])] }));
  }

  start(id: string): void {
    this.patch(id, { status: 'running', startedAtMs: this.now() });
  }

  /**
   * Ends a step; its figures and evidence are kept, the patch adds to them. `usable`: it failed on
   * a rule but what depends on it may still run.
   */
  end(
    id: string,
    status: Exclude<AcceptanceStepStatus, 'pending' | 'running'>,
    patch: StepPatch = {},
    usable = false,
  ): void {
    const s = this.stepOf(id);
    if (!s || isEnded(s.status)) return;
    if (usable) this.usable.add(id);
    this.patch(id, {
      ...patch,
      status,
      startedAtMs: s.startedAtMs ?? this.now(),
      endedAtMs: this.now(),
      figures: [...s.figures, ...(patch.figures ?? [])],
      evidence: [...s.evidence, ...(patch.evidence ?? [])],
      rules: [...new Set([...s.rules, ...(patch.rules ?? [])])],
    });
  }

  /** Adds figures or evidence to a running step without ending it. */
  add(id: string, patch: Pick<StepPatch, 'figures' | 'evidence'>): void {
    const s = this.stepOf(id);
    if (!s) return;
    this.patch(id, {
      figures: [...s.figures, ...(patch.figures ?? [])],
      evidence: [...s.evidence, ...(patch.evidence ?? [])],
    });
  }

  /**
   * Whether the step may run: when a dependency did not pass, the step is skipped with the reason
   * (and false returned), so a refused registration never leaves a call step hanging.
   */
  mayRun(id: string): boolean {
    const s = this.stepOf(id);
    if (!s || isEnded(s.status)) return false;
    const blocker = blockedBy(s, this.run.steps, this.usable);
    if (!blocker) return true;
    this.end(id, 'skipped', {
      reason: `${blocker.title.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())} ${blocker.status === 'fail' ? 'failed' : 'did not pass'}`,
    });
    return false;
  }

  /** Every step not ended yet (but those kept) is skipped with this reason (a time limit, an Abort). */
  skipOpen(reason: string, keep: readonly string[] = []): void {
    for (const s of this.run.steps)
      if (!isEnded(s.status) && !keep.includes(s.id)) this.end(s.id, 'skipped', { reason });
  }

  set(patch: Partial<AcceptanceRun>): void {
    this.run = { ...this.run, ...patch };
    this.tell();
  }

  private patch(id: string, patch: StepPatch): void {
    this.patchSilently(id, () => patch);
    this.tell();
  }

  private patchSilently(id: string, patch: (s: AcceptanceStep) => StepPatch): void {
    this.run = {
      ...this.run,
      steps: this.run.steps.map((s) => (s.id === id ? { ...s, ...patch(s) } : s)),
    };
  }

  private tell(): void {
    if (!this.onUpdate) return;
    try {
      this.onUpdate(this.snapshot);
    } catch (error) {
      this.onListenerError(error as Error);
    }
  }
}

export function isEnded(status: AcceptanceStepStatus): boolean {
  return status === 'pass' || status === 'fail' || status === 'skipped';
}
