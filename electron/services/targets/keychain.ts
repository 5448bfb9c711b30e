// Whether the desktop app may write target passwords to disk, encrypted by Electron safeStorage.
// Only when a real keychain holds the key: on Linux without a secret service (no GNOME keyring,
// no KWallet) Chromium falls back to its 'basic_text' backend, which encrypts with a key hard-coded
// in the browser itself, so the file would be as good as plain text. Then, as where no encryption
// is available at all, passwords stay in memory and the Targets screen says why.

export const NO_KEYCHAIN_NOTE = 'This system has no keychain: passwords are kept until the app quits.';

export interface SafeStorageFacts {
  readonly platform: NodeJS.Platform;
  /** safeStorage.isEncryptionAvailable() */
  readonly encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend(), Linux only (after the app is ready). */
  readonly linuxBackend?: string;
}

export function hasUsableKeychain(facts: SafeStorageFacts): boolean {
  if (!facts.encryptionAvailable) return false;
  if (facts.platform !== 'linux') return true; // DPAPI on Windows, the Keychain on macOS
  // 'unknown' means it was asked before the app was ready; refuse rather than guess.
  return facts.linuxBackend !== undefined && !['basic_text', 'unknown'].includes(facts.linuxBackend);
}
