// electron-builder afterPack hook (electron-builder.yml): flips the Electron fuses of the packaged
// binary, before it is signed. Fuses are switches compiled into the Electron binary that no
// argument or environment variable can turn back on, so a copy of the app cannot be used as a
// general-purpose Node runtime or debugged into. electron-builder 25 has no `electronFuses` option
// (it came in 26), hence this hook and @electron/fuses.
import path from 'node:path';

/** Each fuse and the value the packaged app ships with. */
export const SIPKIT_FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node.js runtime.
  RunAsNode: false,
  // Cookies (none are used today) encrypted at rest with the OS keychain key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS could --require arbitrary code into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect and friends would open a debugger port into the main process.
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash electron-builder embeds (macOS and Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // The app runs only from app.asar, never from a loose folder someone dropped beside it.
  OnlyLoadAppFromAsar: true,
  // The UI is served from app://sipkit/, so file:// pages need no privileges beyond a browser's.
  GrantFileProtocolExtraPrivileges: false,
});

/** Where electron-builder put the Electron binary (for macOS, the .app bundle @electron/fuses expects). */
export function electronBinaryPath({ platform, appOutDir, productFilename, executableName }) {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${productFilename}.exe`);
    default:
      return path.join(appOutDir, executableName);
  }
}

/** The @electron/fuses configuration for SIPKIT_FUSES. */
export function fuseConfig(FuseV1Options, FuseVersion, platform) {
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(SIPKIT_FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[index] = value;
  }
  // Apple Silicon refuses a binary whose ad-hoc signature no longer matches; signing comes later.
  if (platform === 'darwin' || platform === 'mas') config.resetAdHocDarwinSignature = true;
  return config;
}

export async function afterPack(context) {
  const { flipFuses, FuseV1Options, FuseVersion } = await import('@electron/fuses');
  const platform = context.electronPlatformName;
  const binary = electronBinaryPath({
    platform,
    appOutDir: context.appOutDir,
    productFilename: context.packager.appInfo.productFilename,
    executableName: context.packager.executableName,
  });
  await flipFuses(binary, fuseConfig(FuseV1Options, FuseVersion, platform));
}

export default afterPack;
