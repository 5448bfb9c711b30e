// Saved test targets (targets.json in the data directory) and their passwords (the vault). A
// password goes only into the vault: targets.json, replies and logs say only whether one is stored.
import type { RequestHandlers } from '../../../shared/ipc/contract';
import type { TargetFields, TargetView } from '../../../shared/ipc/schemas/targets';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import { checkTargetFields } from './check-target-fields';
import { profileSummaries } from './profile-summaries';
import { openTargetFile, type StoredTarget } from '../../store/target-file';
import { newTargetId } from '../../store/target-id';

export type TargetHandlers = Pick<
  RequestHandlers,
  'profiles.list' | 'targets.list' | 'targets.save' | 'targets.delete'
>;

export interface TargetService {
  readonly handlers: TargetHandlers;
  /** The target and its password (undefined when none is stored); throws a refusal for an unknown id. */
  resolve(targetId: string): { readonly target: TargetView; readonly password: string | undefined };
  /** Every stored password, so exports can mask them wherever they might appear. */
  knownPasswords(): string[];
}

export function createTargetService(ctx: ServiceContext): TargetService {
  const file = openTargetFile(ctx.dataDir, (line) => ctx.log(line));
  // Read on first use, not at start-up: a shell that never opens the Targets screen never reads it.
  let cache: StoredTarget[] | undefined;
  const all = (): StoredTarget[] => (cache ??= file.load());

  const write = (next: StoredTarget[]): void => {
    try {
      file.save(next);
    } catch (error) {
      throw refused((error as Error).message);
    }
    cache = next;
  };

  const find = (id: string): StoredTarget => {
    const target = all().find((t) => t.id === id);
    if (!target) throw refused(`there is no target with id "${id}" (it may have been deleted)`);
    return target;
  };

  const passwordOf = (id: string): string | undefined => {
    try {
      return ctx.vault.get(id);
    } catch (error) {
      // An unreadable vault is as good as no password: the user types it again.
      ctx.log(`could not read the stored password of target ${id}`, error);
      return undefined;
    }
  };

  const view = (t: StoredTarget): TargetView => ({
    ...t,
    passwordStorage: passwordOf(t.id) !== undefined ? ctx.vault.kind : 'none',
  });

  const storePassword = (id: string, change: { password?: string; clearPassword: boolean }): void => {
    try {
      if (change.password !== undefined) ctx.vault.set(id, change.password);
      else if (change.clearPassword) ctx.vault.delete(id);
    } catch {
      // The error may quote what it was given; never pass it on.
      throw refused('the target was saved, but its password could not be stored; type it again');
    }
  };

  return {
    handlers: {
      'profiles.list': () => ({ profiles: profileSummaries() }),
      'targets.list': () => ({
        targets: [...all()].sort((a, b) => a.name.localeCompare(b.name)).map(view),
        passwordStorage: ctx.vault.kind,
        ...(ctx.vault.note === undefined ? {} : { passwordStorageNote: ctx.vault.note }),
      }),
      'targets.save': (request) => {
        if (request.password !== undefined && request.clearPassword) {
          throw refused('give a new password or clear it, not both');
        }
        const fields: TargetFields = checkTargetFields(request.fields);
        const current = all();
        let saved: StoredTarget;
        if (request.id === undefined) {
          saved = { ...fields, id: newTargetId(fields.name, new Set(current.map((t) => t.id))) };
          write([...current, saved]);
        } else {
          find(request.id);
          saved = { ...fields, id: request.id };
          write(current.map((t) => (t.id === saved.id ? saved : t)));
        }
        storePassword(saved.id, request);
        return { target: view(saved) };
      },
      'targets.delete': (request) => {
        find(request.id);
        write(all().filter((t) => t.id !== request.id));
        try {
          ctx.vault.delete(request.id);
        } catch (error) {
          ctx.log(`could not delete the stored password of target ${request.id}`, error);
        }
        return {};
      },
    },
    resolve(targetId) {
      const target = find(targetId);
      return { target: view(target), password: passwordOf(targetId) };
    },
    knownPasswords: () => all().flatMap((t) => passwordOf(t.id) ?? []),
  };
}
