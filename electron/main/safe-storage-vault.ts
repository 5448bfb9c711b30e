// Target passwords encrypted with Electron safeStorage (DPAPI, Keychain, libsecret/kwallet) and kept
// in a file of their own beside the targets, as base64 ciphertext per target id. Where the OS offers
// no keychain (no encryption, or Linux's 'basic_text' fallback: see services/targets/keychain.ts),
// nothing is written: the password is kept for this session only (memory), and the UI is told so,
// rather than saving it in plain text or under a key anyone can read.
import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { createMemoryVault, type SecretVault } from '../services/secret-vault';
import { hasUsableKeychain, NO_KEYCHAIN_NOTE } from '../services/targets/keychain';

/** Call once the app is ready: before, Linux cannot tell which backend it will use. */
export function createSafeStorageVault(
  safeStorage: SafeStorage,
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): SecretVault {
  const encryptionAvailable = safeStorage.isEncryptionAvailable();
  const facts = {
    platform,
    encryptionAvailable,
    linuxBackend:
      platform === 'linux' && encryptionAvailable ? safeStorage.getSelectedStorageBackend() : undefined,
  };
  if (!hasUsableKeychain(facts)) return createMemoryVault(NO_KEYCHAIN_NOTE);
  const file = path.join(dataDir, 'target-secrets.json');
  const read = (): Record<string, string> => {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const write = (all: Record<string, string>): void => {
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    kind: 'safe-storage',
    get(id) {
      const sealed = read()[id];
      if (sealed === undefined) return undefined;
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        // Encrypted by another user or machine: as good as absent; the user types it again.
        return undefined;
      }
    },
    set(id, password) {
      write({ ...read(), [id]: safeStorage.encryptString(password).toString('base64') });
    },
    delete(id) {
      const all = read();
      delete all[id];
      write(all);
    },
  };
}
