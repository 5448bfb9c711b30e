import { describe, expect, it } from 'vitest';
import { hasUsableKeychain } from '../../../../electron/services/targets/keychain';

describe('hasUsableKeychain', () => {
  it("Linux's basic_text backend (a key hard-coded in Chromium) is no keychain", () => {
    expect(
      hasUsableKeychain({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' }),
    ).toBe(false);
  });

  it('Linux with GNOME libsecret or KWallet is one', () => {
    for (const linuxBackend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(
        hasUsableKeychain({ platform: 'linux', encryptionAvailable: true, linuxBackend }),
        linuxBackend,
      ).toBe(true);
    }
  });

  it('an unknown or unreported Linux backend, or no encryption at all, is not trusted', () => {
    expect(hasUsableKeychain({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' })).toBe(
      false,
    );
    expect(hasUsableKeychain({ platform: 'linux', encryptionAvailable: true })).toBe(false);
    expect(
      hasUsableKeychain({ platform: 'linux', encryptionAvailable: false, linuxBackend: 'gnome_libsecret' }),
    ).toBe(false);
    expect(hasUsableKeychain({ platform: 'win32', encryptionAvailable: false })).toBe(false);
  });

  it('Windows (DPAPI) and macOS (Keychain) are keychains whenever encryption is available', () => {
    expect(hasUsableKeychain({ platform: 'win32', encryptionAvailable: true })).toBe(true);
    expect(hasUsableKeychain({ platform: 'darwin', encryptionAvailable: true })).toBe(true);
  });
});
