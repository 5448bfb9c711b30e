// The desktop vault over a real data directory, with safeStorage reporting what Electron reports on
// each kind of system (Electron itself is not installed everywhere; its encryption is reversible
// here, which is all the vault relies on).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageVault } from '../../../electron/main/safe-storage-vault';
import { NO_KEYCHAIN_NOTE } from '../../../electron/services/targets/keychain';

const PASSWORD = 'hunter2-very-secret';
let dir: string;

function safeStorageOn(backend: ReturnType<SafeStorage['getSelectedStorageBackend']>): SafeStorage {
  const flip = (b: Buffer): Buffer => Buffer.from(b.map((byte) => byte ^ 0x5a));
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => flip(Buffer.from(text, 'utf8')),
    decryptString: (sealed) => flip(sealed).toString('utf8'),
  };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-vault-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('createSafeStorageVault', () => {
  it('on Linux with basic_text keeps passwords in memory, writes nothing, and says there is no keychain', () => {
    const vault = createSafeStorageVault(safeStorageOn('basic_text'), dir, 'linux');
    vault.set('t1', PASSWORD);
    expect(vault.kind).toBe('memory');
    expect(vault.note).toBe(NO_KEYCHAIN_NOTE);
    expect(vault.get('t1')).toBe(PASSWORD);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('on Linux with a keyring stores them encrypted in the data directory', () => {
    const vault = createSafeStorageVault(safeStorageOn('gnome_libsecret'), dir, 'linux');
    vault.set('t1', PASSWORD);
    expect(vault.kind).toBe('safe-storage');
    expect(vault.note).toBeUndefined();
    const file = fs.readFileSync(path.join(dir, 'target-secrets.json'));
    expect(file.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(createSafeStorageVault(safeStorageOn('gnome_libsecret'), dir, 'linux').get('t1')).toBe(PASSWORD);
  });
});
