#!/usr/bin/env node
// Renders the app icon (resources/icon.svg) into what electron-builder.yml points at: the Linux
// set (resources/icons/NxN.png), resources/icon.png (512 px), resources/icon.ico (Windows) and
// resources/icon.icns (macOS). The results are committed, so packaging needs none of this; run
// `node scripts/build-icons.mjs` after changing the SVG. Needs rsvg-convert (Debian librsvg2-bin).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICNS_TYPES, icnsFrom, icoFrom } from './icon-containers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resources = path.join(root, 'resources');
const SVG = path.join(resources, 'icon.svg');
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function render(size) {
  const res = spawnSync('rsvg-convert', ['-w', String(size), '-h', String(size), SVG], {
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error || res.status !== 0) {
    const why = res.error ? 'rsvg-convert is not installed' : String(res.stderr).trim();
    console.error(`build-icons: ${why}; apt-get install -y --no-install-recommends librsvg2-bin`);
    process.exit(1);
  }
  return res.stdout;
}

const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map((t) => t.pixels)])];
const png = new Map(sizes.map((s) => [s, render(s)]));
mkdirSync(path.join(resources, 'icons'), { recursive: true });
for (const s of LINUX_SIZES) writeFileSync(path.join(resources, 'icons', `${s}x${s}.png`), png.get(s));
writeFileSync(path.join(resources, 'icon.png'), png.get(512));
writeFileSync(
  path.join(resources, 'icon.ico'),
  icoFrom(ICO_SIZES.map((s) => ({ size: s, data: png.get(s) }))),
);
writeFileSync(path.join(resources, 'icon.icns'), icnsFrom(png));
console.log(`build-icons: resources/ from icon.svg (${sizes.join(', ')} px)`);
