// The app as a user opens it in e2e tests: the web mode started as its own process (the real
// engine, a fresh data directory) and Debian's Chromium driven by playwright-core. Everything
// started here is stopped by pid in close().
//
// Where the Electron runtime is installed (a developer's desktop), SIPKIT_E2E_ELECTRON=1 runs the
// same specs in the desktop app through Playwright's Electron launcher instead; the specs only
// see a Page either way.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  _electron,
  chromium,
  type Browser,
  type ElectronApplication,
  type Page,
  type WebSocketRoute,
} from 'playwright-core';
import { startProcess, type ManagedProcess } from '../../support/child-process';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'e2e');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface WebApp {
  readonly page: Page;
  readonly dataDir: string;
  /** Web mode with `routeIpc`: every /ipc WebSocket the page opened, in order (Playwright relays them). */
  readonly ipcSockets: readonly WebSocketRoute[];
  /** Every Content-Security-Policy violation the page reported so far (console and events). */
  cspViolations(): Promise<string[]>;
  /** Saves test-results/e2e/NAME.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Relay the page's /ipc WebSockets through Playwright, so a test can see and drop them. */
  readonly routeIpc?: boolean;
  /** Fills the fresh data directory before the app opens it (a stored run for a bench). */
  readonly seed?: (dataDir: string) => void | Promise<void>;
}

export async function openApp(opts: OpenOptions = {}): Promise<WebApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-e2e-'));
  await opts.seed?.(dataDir);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const electron = process.env.SIPKIT_E2E_ELECTRON === '1' ? electronBinary() : undefined;
  const ipcSockets: WebSocketRoute[] = [];
  const consoleViolations: string[] = [];
  const beforeLoad = async (page: Page): Promise<void> => {
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        consoleViolations.push(message.text());
      }
    });
    // Runs in every document before the page's own scripts (Playwright injects it past the CSP).
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.defineProperty(window, '__sipkitCspViolations', { value: seen });
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.effectiveDirective} blocked ${event.blockedURI}`),
      );
    });
    if (opts.routeIpc) {
      await page.routeWebSocket(/\/ipc(\?|$)/, (ws) => {
        ipcSockets.push(ws);
        ws.connectToServer();
      });
    }
  };
  const app = electron ? await openElectron(electron, dataDir) : await openWeb(dataDir, beforeLoad);
  const { page } = app;
  await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  return {
    page,
    dataDir,
    ipcSockets,
    async cspViolations() {
      const events = await page.evaluate(
        () => (Reflect.get(window, '__sipkitCspViolations') as string[] | undefined) ?? [],
      );
      return [...consoleViolations, ...events];
    },
    async screenshot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      try {
        await app.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function openWeb(
  dataDir: string,
  beforeLoad: (page: Page) => Promise<void>,
): Promise<{ page: Page; close(): Promise<void> }> {
  let server: ManagedProcess | undefined;
  let browser: Browser | undefined;
  try {
    server = startProcess({
      name: 'sipkit web',
      command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'electron', 'web', 'main.ts')],
      cwd: ROOT,
      env: { ...process.env, SIPKIT_DATA_DIR: dataDir, SIPKIT_WEB_PORT: '0' },
    });
    const line = await server.waitForLine(/SIP Field Kit UI: http:\/\/127\.0\.0\.1:\d+\/\S*/, 30_000);
    const url = /http:\/\/\S+/.exec(line)![0];
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await beforeLoad(page);
    await page.goto(url);
    const opened = { server, browser };
    return {
      page,
      async close() {
        await opened.browser.close().catch(() => undefined);
        await opened.server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    throw error;
  }
}

async function openElectron(
  executablePath: string,
  dataDir: string,
): Promise<{ page: Page; close(): Promise<void> }> {
  const app: ElectronApplication = await _electron.launch({
    executablePath,
    args: [path.join(ROOT, 'dist-electron', 'main.js')],
    env: { ...process.env, SIPKIT_DATA_DIR: dataDir },
  });
  const page = await app.firstWindow();
  await page.setViewportSize({ width: 1280, height: 800 });
  return { page, close: () => app.close() };
}

/** The electron package's binary, when it is installed (an optional dependency). */
function electronBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return require('electron') as unknown as string;
  } catch {
    throw new Error(
      'SIPKIT_E2E_ELECTRON=1 but the electron package is not installed; run npm install on a machine that can download it, and npm run build:electron',
    );
  }
}
