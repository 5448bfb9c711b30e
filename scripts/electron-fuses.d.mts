// Types of scripts/electron-fuses.mjs, for the unit test that checks the shipped fuses.
export type SipkitFuseName =
  | 'RunAsNode'
  | 'EnableCookieEncryption'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableEmbeddedAsarIntegrityValidation'
  | 'OnlyLoadAppFromAsar'
  | 'GrantFileProtocolExtraPrivileges';

export const SIPKIT_FUSES: Readonly<Record<SipkitFuseName, boolean>>;

export function electronBinaryPath(where: {
  readonly platform: string;
  readonly appOutDir: string;
  readonly productFilename: string;
  readonly executableName: string;
}): string;

export interface AfterPackContext {
  readonly electronPlatformName: string;
  readonly appOutDir: string;
  readonly packager: {
    readonly appInfo: { readonly productFilename: string };
    readonly executableName: string;
  };
}

export function afterPack(context: AfterPackContext): Promise<void>;
export default afterPack;
