// The packaged app's Electron fuses: the hook electron-builder runs after packing, applied to a
// binary carrying an Electron fuse wire, leaves each fuse the way the security review asked.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
import { afterPack, electronBinaryPath, SIPKIT_FUSES } from '../../../scripts/electron-fuses.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults, as its binaries ship: run-as-Node, NODE_OPTIONS, --inspect and file://
// privileges on; cookie encryption, asar integrity, asar-only off; one fuse newer than the library.
const SHIPPED_WIRE = '101100011';

/** Bytes shaped like an Electron binary around its fuse wire (version 1). */
function fakeElectron(): Buffer {
  return Buffer.concat([
    Buffer.from('\x7fELF…machine code…'),
    Buffer.from(SENTINEL),
    Buffer.from([1, SHIPPED_WIRE.length]),
    Buffer.from(SHIPPED_WIRE),
    Buffer.from('…more machine code'),
  ]);
}

describe('Electron fuses of the packaged app', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('is wired into electron-builder as its afterPack hook', async () => {
    const yml = await readFile(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^afterPack: \.\/scripts\/electron-fuses\.mjs$/m);
  });

  it('asks for each fuse the hardening needs', () => {
    expect(SIPKIT_FUSES.RunAsNode).toBe(false);
    expect(SIPKIT_FUSES.EnableNodeOptionsEnvironmentVariable).toBe(false);
    expect(SIPKIT_FUSES.EnableNodeCliInspectArguments).toBe(false);
    expect(SIPKIT_FUSES.EnableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(SIPKIT_FUSES.OnlyLoadAppFromAsar).toBe(true);
    expect(SIPKIT_FUSES.EnableCookieEncryption).toBe(true);
    expect(SIPKIT_FUSES.GrantFileProtocolExtraPrivileges).toBe(false);
  });

  it('flips them in the binary electron-builder packed, leaving unknown fuses alone', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-fuses-'));
    const binary = path.join(dir, 'sip-field-kit');
    await writeFile(binary, fakeElectron());
    await afterPack({
      electronPlatformName: 'linux',
      appOutDir: dir,
      packager: { appInfo: { productFilename: 'SIP Field Kit' }, executableName: 'sip-field-kit' },
    });
    const wire = await getCurrentFuseWire(binary);
    const on = (fuse: FuseV1Options): boolean | string => {
      // The wire holds ASCII '1' (on) and '0' (off).
      const state = Number(wire[fuse]);
      return state === 0x31 ? true : state === 0x30 ? false : String(state);
    };
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(false);
    // The V8 snapshot fuse and the one this library does not know keep Electron's value.
    expect(on(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(false);
    expect((await readFile(binary)).includes(Buffer.from(`${SENTINEL}\x01\x09010011001`))).toBe(true);
  });

  it('finds the binary where electron-builder puts it on each platform', () => {
    const where = { appOutDir: '/out', productFilename: 'SIP Field Kit', executableName: 'sip-field-kit' };
    expect(electronBinaryPath({ ...where, platform: 'linux' })).toBe('/out/sip-field-kit');
    expect(electronBinaryPath({ ...where, platform: 'win32' })).toBe('/out/SIP Field Kit.exe');
    expect(electronBinaryPath({ ...where, platform: 'darwin' })).toBe('/out/SIP Field Kit.app');
  });
});
