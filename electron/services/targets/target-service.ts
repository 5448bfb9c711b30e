// Saved test targets (targets.json in the data directory) and their passwords (the vault).
// STUB: replaced by the targets work of issue 5.
import type { RequestHandlers } from '../../../shared/ipc/contract';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';

export type TargetHandlers = Pick<
  RequestHandlers,
  'profiles.list' | 'targets.list' | 'targets.save' | 'targets.delete'
>;

export interface TargetService {
  readonly handlers: TargetHandlers;
  /** The target and its password (undefined when none is stored); throws a refusal for an unknown id. */
  resolve(targetId: string): { readonly target: TargetView; readonly password: string | undefined };
}

export function createTargetService(_ctx: ServiceContext): TargetService {
  const notYet = (): never => {
    throw refused('targets are not available yet');
  };
  return {
    handlers: {
      'profiles.list': notYet,
      'targets.list': notYet,
      'targets.save': notYet,
      'targets.delete': notYet,
    },
    resolve: notYet,
  };
}
