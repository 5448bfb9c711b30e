// The checklist an acceptance run goes through (issue 20), as the profile and the options imply
// it: which steps exist, what each depends on, and the verdict of a finished list. Pure, so the
// screen's and the report's reading of a run is the same as the run's own.
import type {
  AcceptanceStep,
  AcceptanceStepKind,
  AcceptanceVerdict,
} from '../../../shared/ipc/schemas/acceptance';
import { notAsked } from '../../../shared/acceptance/acceptance-text';

export interface ChecklistInput {
  /** One per region the server resolved to; 0 before DNS has answered. */
  readonly regions: number;
  /** A registration trunk with a user: one registration per region. */
  readonly registers: boolean;
  readonly did?: string;
  readonly caps: boolean;
}

export function step(
  id: string,
  kind: AcceptanceStepKind,
  title: string,
  dependsOn: readonly string[] = [],
  region?: number,
): AcceptanceStep {
  return {
    id,
    kind,
    region,
    title,
    status: 'pending',
    rules: [],
    figures: [],
    evidence: [],
    dependsOn: [...dependsOn],
  };
}

/** The steps before DNS has answered: the per-region ones are added once the regions are known. */
export function initialSteps(input: ChecklistInput): AcceptanceStep[] {
  const steps: AcceptanceStep[] = [step('dns', 'dns', 'DNS: every region resolves')];
  steps.push(...regionSteps(input));
  steps.push(...callSteps(input));
  steps.push(step('findings', 'findings', "Findings of the run's traffic"));
  return steps;
}

export function regionSteps(input: ChecklistInput, where: readonly string[] = []): AcceptanceStep[] {
  const out: AcceptanceStep[] = [];
  for (let r = 1; r <= input.regions; r++) {
    const at = where[r - 1] ? ` (${where[r - 1]})` : '';
    out.push(step(`options:${r}`, 'options', `Region ${r} answers OPTIONS${at}`, ['dns'], r));
    if (input.registers)
      out.push(step(`register:${r}`, 'register', `Registration to region ${r}${at}`, ['dns'], r));
  }
  return out;
}

function callSteps(input: ChecklistInput): AcceptanceStep[] {
  // Calls need one working registration on a registration trunk (the provider authenticates the
  // caller by it); the loop test needs the outbound path too, since its first leg is one.
  const reg = input.registers && input.regions > 0 ? ['register:1'] : [];
  return [
    step('call-out', 'call-out', 'Outbound call', ['dns', ...reg]),
    step('call-in', 'call-in', `Inbound call to the DID${input.did ? ` ${input.did}` : ''}`, [
      'dns',
      ...reg,
      'call-out',
    ]),
    step('caps', 'caps', 'Channel and CPS caps', ['dns', ...reg, 'call-out']),
  ];
}

/**
 * Ready only when no step failed and none that matters was skipped or left unfinished; not ready
 * when one failed; incomplete otherwise (a time limit, an Abort, a DID not given).
 */
export function verdictOf(steps: readonly AcceptanceStep[], ended: boolean): AcceptanceVerdict {
  if (steps.some((s) => s.status === 'fail')) return 'not-ready';
  if (!ended) return 'incomplete';
  const open = steps.some((s) => s.status === 'pending' || s.status === 'running');
  const skipped = steps.some((s) => s.status === 'skipped' && !notAsked(s));
  return open || skipped ? 'incomplete' : 'ready';
}

/**
 * The first dependency of a step that did not pass, when there is one: the step cannot run. A
 * step in `usable` failed on a rule yet gave what its dependents need (a registration granted with
 * a refresh interval the provider will refuse still carries the calls).
 */
export function blockedBy(
  s: AcceptanceStep,
  steps: readonly AcceptanceStep[],
  usable: ReadonlySet<string> = new Set(),
): AcceptanceStep | undefined {
  for (const id of s.dependsOn) {
    const d = steps.find((x) => x.id === id);
    if (d && d.status !== 'pass' && !(d.status === 'fail' && usable.has(id))) return d;
  }
  return undefined;
}
