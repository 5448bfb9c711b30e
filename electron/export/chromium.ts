// Debian's Chromium, headless, as the PDF printer and PNG renderer of the exports: the same engine
// that shows the HTML report prints it, so the PDF is that page. Each job gets its own throw-away
// profile folder; only the process started here (and its process group) is ever stopped. It runs
// sandboxed where the OS allows it, with no network, on a page no script can run in
// (chromium-flags.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExportStage } from '../../shared/ipc/schemas/export';
import { chromiumArgs, readSandboxFacts, withNoScriptPolicy } from './chromium-flags';
import { svgPage } from './svg-page';

export const CHROMIUM_PATH = process.env.SIPKIT_CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT_MS = 90_000;

export class ChromiumError extends Error {
  override readonly name = 'ChromiumError';
}

/** The HTML page printed to PDF (A4, backgrounds on, no header/footer lines). */
export async function htmlToPdf(pageHtml: string, onStage?: (s: ExportStage) => void): Promise<Uint8Array> {
  return withPage(
    pageHtml,
    'report.pdf',
    (out) => [`--print-to-pdf=${out}`, '--no-pdf-header-footer'],
    onStage,
  );
}

/** Pixels per CSS pixel of the PNG ladder: sharp on a high-DPI screen and when zoomed in a ticket. */
const PNG_SCALE = 2;

/** A screenshot of a standalone SVG at twice its natural size, white background. */
export async function svgToPng(
  svg: string,
  width: number,
  height: number,
  onStage?: (s: ExportStage) => void,
): Promise<Uint8Array> {
  const page = svgPage(svg, width, height);
  return withPage(
    page.html,
    'ladder.png',
    (out) => [
      `--screenshot=${out}`,
      `--window-size=${page.width},${page.height}`,
      `--force-device-scale-factor=${PNG_SCALE}`,
    ],
    onStage,
  );
}

/** How often the profile folder is looked at to tell that the browser is up. */
const STARTED_POLL_MS = 100;

async function withPage(
  pageHtml: string,
  outName: string,
  args: (out: string) => string[],
  onStage: (s: ExportStage) => void = () => undefined,
): Promise<Uint8Array> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ChromiumError(
      `Chromium is not installed at ${CHROMIUM_PATH} (apt install chromium): PDF and PNG exports need it`,
    );
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'sipkit-chromium-'));
  try {
    const input = path.join(dir, 'page.html');
    const out = path.join(dir, outName);
    const profile = path.join(dir, 'profile');
    await writeFile(input, withNoScriptPolicy(pageHtml), 'utf8');
    onStage('starting-chromium');
    // Chromium says nothing on its own while it works; the browser has started once it has made
    // its profile (the Default folder), and it loads and prints the page after that.
    let printing = false;
    const toPrinting = (): void => {
      clearInterval(started);
      if (!printing) onStage('printing');
      printing = true;
    };
    const started = setInterval(() => {
      if (existsSync(path.join(profile, 'Default'))) toPrinting();
    }, STARTED_POLL_MS);
    try {
      await run([
        ...chromiumArgs(readSandboxFacts(CHROMIUM_PATH)),
        `--user-data-dir=${profile}`,
        ...args(out),
        pathToFileURL(input).href,
      ]);
      // Faster than one look at the folder: it has printed all the same.
      toPrinting();
    } finally {
      clearInterval(started);
    }
    if (!existsSync(out)) throw new ChromiumError(`Chromium did not write ${outName}`);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its own process group: on a timeout the browser and the helpers it forked stop together.
    const child = spawn(CHROMIUM_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 8000) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      reject(new ChromiumError(`Chromium did not finish within ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new ChromiumError(`Chromium could not start: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else {
        const last =
          stderr
            .trim()
            .split('\n')
            .filter((l) => !/^\[|^$/.test(l))
            .at(-1) ?? '';
        reject(new ChromiumError(`Chromium exited with code ${code}${last ? `: ${last}` : ''}`));
      }
    });
  });
}
