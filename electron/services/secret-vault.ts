// Where target passwords live. Electron encrypts them with safeStorage (the OS keychain) in a file
// of their own; the web mode keeps them in memory only and writes nothing. Nothing else ever holds
// a password: the targets file, the trace store and every reply carry only whether one is stored.
export interface SecretVault {
  readonly kind: 'safe-storage' | 'memory';
  /** Why passwords are kept in memory when the user would expect them saved (no keychain). */
  readonly note?: string;
  get(targetId: string): string | undefined;
  set(targetId: string, password: string): void;
  delete(targetId: string): void;
}

/** The web mode's vault, and the desktop app's without a keychain: a Map, gone when the process exits. */
export function createMemoryVault(note?: string): SecretVault {
  const secrets = new Map<string, string>();
  return {
    kind: 'memory',
    ...(note === undefined ? {} : { note }),
    get: (id) => secrets.get(id),
    set: (id, password) => void secrets.set(id, password),
    delete: (id) => void secrets.delete(id),
  };
}
