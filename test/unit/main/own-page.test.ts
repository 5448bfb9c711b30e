import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOwnPageUrl } from '../../../electron/main/own-page';

// The Electron IPC handlers answer only our own page. Electron itself is not installed on every
// machine, so the rule is checked here on the URLs Electron would report.

const own = pathToFileURL('/opt/SIP Field Kit/resources/app.asar/dist/renderer/index.html').href;

describe('isOwnPageUrl', () => {
  it('accepts our index.html, however Chromium encodes the path, with or without a hash or query', () => {
    expect(isOwnPageUrl(own, own)).toBe(true);
    expect(
      isOwnPageUrl('file:///opt/SIP%20Field%20Kit/resources/app.asar/dist/renderer/index.html#/runs', own),
    ).toBe(true);
    expect(isOwnPageUrl(`${own}?x=1`, own)).toBe(true);
  });

  it('refuses any other page: web sites, other local files, look-alike paths, garbage', () => {
    for (const url of [
      'https://evil.example/index.html',
      'http://127.0.0.1:5173/index.html',
      'file:///tmp/index.html',
      'file:///opt/SIP%20Field%20Kit/resources/app.asar/dist/renderer/index.html.evil',
      'file://remote-host/opt/SIP%20Field%20Kit/resources/app.asar/dist/renderer/index.html',
      'file:///opt/SIP%20Field%20Kit/resources/app.asar/dist/renderer/%E0%A4%A.html',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isOwnPageUrl(url, own), url).toBe(false);
    }
  });
});
