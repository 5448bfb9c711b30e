// Packaging: electron-builder.yml loads and validates with electron-builder's own loader, every file
// it points at exists, the icons have the sizes each platform asks for (read from their headers,
// as the OS does), and the Linux menu entry says what the app is.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { icnsElements, icoEntries, pngSize } from '../../support/icon-files';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Configuration keys whose value is a file or folder of ours (not a glob of build output).
const PATH_KEYS = new Set(['buildResources', 'icon', 'afterPack', 'afterSign', 'beforeBuild', 'license']);

function referencedPaths(node: unknown, key = ''): string[] {
  if (typeof node === 'string') return PATH_KEYS.has(key) ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((v) => referencedPaths(v, key));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => referencedPaths(v, k));
  return [];
}

const read = (rel: string) => readFileSync(path.join(ROOT, rel));

describe('electron-builder.yml and resources/', () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await getConfig(ROOT, null, null);
    // Throws on a key electron-builder does not know or a value of the wrong type.
    await validateConfiguration(config, new DebugLogger(false));
  });

  it('points only at files that exist, the icons among them', () => {
    const paths = referencedPaths(config);
    expect(paths).toEqual(
      expect.arrayContaining(['resources', 'resources/icons', 'resources/icon.icns', 'resources/icon.ico']),
    );
    for (const p of paths) expect(existsSync(path.join(ROOT, p)), p).toBe(true);
  });

  it('has a Linux icon set whose file names match their sizes, 256 and 512 among them', () => {
    const files = readdirSync(path.join(ROOT, 'resources/icons'));
    expect(files).toEqual(expect.arrayContaining(['256x256.png', '512x512.png']));
    for (const f of files) {
      const [, w, h] = /^(\d+)x(\d+)\.png$/.exec(f) ?? [];
      expect(w, `${f} must be named WxH.png`).toBeDefined();
      expect(pngSize(read(`resources/icons/${f}`))).toEqual({ width: Number(w), height: Number(h) });
    }
    expect(pngSize(read('resources/icon.png'))).toEqual({ width: 512, height: 512 });
  });

  it('has a Windows .ico from 16 to 256 px, each entry a PNG of the size its directory says', () => {
    const entries = icoEntries(read('resources/icon.ico'));
    expect(entries.map((e) => e.width)).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    for (const e of entries) {
      expect(e.height).toBe(e.width);
      expect(pngSize(e.data)).toEqual({ width: e.width, height: e.height });
    }
  });

  it('has a macOS .icns up to 1024 px (512 pt @2x), each element a PNG of its type\u2019s size', () => {
    const pixels: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    const elements = icnsElements(read('resources/icon.icns'));
    expect(elements.map((e) => e.type)).toEqual(expect.arrayContaining(['ic08', 'ic09', 'ic10']));
    for (const e of elements) {
      expect(pixels[e.type], `unexpected element ${e.type}`).toBeDefined();
      expect(pngSize(e.data)).toEqual({ width: pixels[e.type], height: pixels[e.type] });
    }
  });

  it('gives the Linux menu entry a name, a comment and the Network and Telephony categories', () => {
    expect(config.linux?.desktop).toMatchObject({
      Name: 'SIP Field Kit',
      Comment: expect.stringMatching(/SIP trunk/),
      Categories: 'Network;Telephony;',
    });
  });
});
