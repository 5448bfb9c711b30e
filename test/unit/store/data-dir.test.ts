import { describe, expect, it } from 'vitest';
import { defaultDatabaseFile, resolveDataDir } from '../../../electron/store/data-dir';

describe('resolveDataDir', () => {
  it('uses SIPKIT_DATA_DIR on every platform when it is set', () => {
    const env = { SIPKIT_DATA_DIR: '/srv/sipkit', XDG_DATA_HOME: '/x', APPDATA: 'C:\\A' };
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(resolveDataDir(env, platform, '/home/tech')).toBe('/srv/sipkit');
    }
  });

  it('ignores an empty SIPKIT_DATA_DIR', () => {
    expect(resolveDataDir({ SIPKIT_DATA_DIR: '  ' }, 'linux', '/home/tech')).toBe(
      '/home/tech/.local/share/sip-field-kit',
    );
  });

  it('uses XDG_DATA_HOME on Linux, or ~/.local/share without it', () => {
    expect(resolveDataDir({ XDG_DATA_HOME: '/data/tech' }, 'linux', '/home/tech')).toBe(
      '/data/tech/sip-field-kit',
    );
    expect(resolveDataDir({}, 'linux', '/home/tech')).toBe('/home/tech/.local/share/sip-field-kit');
  });

  it('ignores a relative XDG_DATA_HOME, as the XDG spec requires', () => {
    expect(resolveDataDir({ XDG_DATA_HOME: 'data' }, 'linux', '/home/tech')).toBe(
      '/home/tech/.local/share/sip-field-kit',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(resolveDataDir({ XDG_DATA_HOME: '/ignored' }, 'darwin', '/Users/tech')).toBe(
      '/Users/tech/Library/Application Support/SIP Field Kit',
    );
  });

  it('uses %APPDATA% on Windows, or the usual roaming folder without it', () => {
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\tech\\AppData\\Roaming' }, 'win32', 'C:\\Users\\tech')).toBe(
      'C:\\Users\\tech\\AppData\\Roaming\\SIP Field Kit',
    );
    expect(resolveDataDir({}, 'win32', 'C:\\Users\\tech')).toBe(
      'C:\\Users\\tech\\AppData\\Roaming\\SIP Field Kit',
    );
  });
});

describe('defaultDatabaseFile', () => {
  it('is sipkit.db in the data folder', () => {
    expect(defaultDatabaseFile({ SIPKIT_DATA_DIR: '/srv/sipkit' })).toBe('/srv/sipkit/sipkit.db');
    expect(defaultDatabaseFile({}, 'linux', '/home/tech')).toBe(
      '/home/tech/.local/share/sip-field-kit/sipkit.db',
    );
    expect(defaultDatabaseFile({ APPDATA: 'D:\\Roaming' }, 'win32', 'C:\\Users\\tech')).toBe(
      'D:\\Roaming\\SIP Field Kit\\sipkit.db',
    );
  });
});
