// PDF and PNG exports drawn by Electron itself (printToPDF, capturePage) in a hidden, sandboxed
// window with JavaScript off: the report is static HTML, so nothing in it can run. The page is a
// temporary file removed right after; the window never shows and is destroyed after each job.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { PageRenderer } from '../export/export-run';
import { svgPage } from '../export/svg-page';

async function withHiddenPage<T>(
  pageHtml: string,
  size: { width: number; height: number },
  job: (win: BrowserWindow) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sipkit-export-'));
  const win = new BrowserWindow({
    show: false,
    width: size.width,
    height: size.height,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    const file = path.join(dir, 'page.html');
    await writeFile(file, pageHtml, 'utf8');
    await win.loadFile(file);
    return await job(win);
  } finally {
    if (!win.isDestroyed()) win.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

export const electronPageRenderer: PageRenderer = {
  // Electron's own engine is already running: no Chromium to start, straight to printing.
  pdf: (html, onStage) => {
    onStage?.('printing');
    return withHiddenPage(html, { width: 1200, height: 900 }, (win) =>
      win.webContents.printToPDF({ printBackground: true, pageSize: 'A4', displayHeaderFooter: false }),
    );
  },
  png: (svg, width, height, onStage) => {
    onStage?.('printing');
    const page = svgPage(svg, width, height);
    return withHiddenPage(page.html, page, async (win) => {
      win.setContentSize(page.width, page.height);
      return (await win.webContents.capturePage()).toPNG();
    });
  },
};
