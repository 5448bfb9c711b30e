// Where SIP Field Kit keeps its data when the user has not said otherwise. Pure: the environment,
// platform and home folder are parameters so every platform can be tested from any machine.
import os from 'node:os';
import path from 'node:path';

const APP_FOLDER_LINUX = 'sip-field-kit';
const APP_FOLDER_DESKTOP = 'SIP Field Kit';
const DATABASE_FILE_NAME = 'sipkit.db';

export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.SIPKIT_DATA_DIR?.trim();
  if (override) return override;

  switch (platform) {
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER_DESKTOP);
    case 'win32': {
      // %APPDATA% is the roaming profile folder; fall back to its usual location when it is unset
      // (e.g. a stripped-down service environment).
      const appData = env.APPDATA?.trim() || path.win32.join(home, 'AppData', 'Roaming');
      return path.win32.join(appData, APP_FOLDER_DESKTOP);
    }
    default: {
      // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
      const xdg = env.XDG_DATA_HOME?.trim();
      const dataHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share');
      return path.posix.join(dataHome, APP_FOLDER_LINUX);
    }
  }
}

export function defaultDatabaseFile(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(resolveDataDir(env, platform, home), DATABASE_FILE_NAME);
}
