import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from '../../../electron/main/app-origin';
import { isOwnPageUrl } from '../../../electron/main/own-page';

// The Electron IPC handlers answer only our own page, app://sipkit/index.html. Electron itself is
// not installed on every machine, so the rule is checked here on the URLs Electron would report.

describe('isOwnPageUrl', () => {
  it('accepts our index.html on app://sipkit, with or without a hash or query', () => {
    expect(isOwnPageUrl(APP_INDEX_URL)).toBe(true);
    expect(isOwnPageUrl('app://sipkit/index.html#/runs')).toBe(true);
    expect(isOwnPageUrl('app://sipkit/index.html?x=1')).toBe(true);
    expect(isOwnPageUrl('app://sipkit/%69ndex.html')).toBe(true);
  });

  it('refuses any other page: web sites, file:// pages, other hosts of the scheme, look-alikes, garbage', () => {
    for (const url of [
      'https://evil.example/index.html',
      'http://127.0.0.1:5173/index.html',
      'file:///tmp/index.html',
      'file:///opt/SIP%20Field%20Kit/resources/app.asar/dist/renderer/index.html',
      'app://evil/index.html',
      'app://sipkit.evil/index.html',
      'app://sipkit/index.html.evil',
      'app://sipkit/assets/index.html',
      'sipkit://sipkit/index.html',
      'app://sipkit/%E0%A4%A.html',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isOwnPageUrl(url), url).toBe(false);
    }
  });
});
