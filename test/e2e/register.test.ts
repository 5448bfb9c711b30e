/// <reference lib="dom" />
// The technician's first minutes: add a target, register against a real Kamailio, read what the
// registrar granted and saw, stop; a wrong password reads as one plain sentence; themes switch.
// The page hides its access token, survives a dropped socket and a reload, and never trips its CSP.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { openApp, type WebApp } from './support/web-app';
import { chooseTarget, createTarget } from './support/ui';

const PASSWORD = 'e2e-Secret-7731';

describe('Targets and Register screens against Kamailio', () => {
  let k: KamailioHandle;
  let app: WebApp;

  beforeAll(async () => {
    k = await startKamailio({ users: [{ user: 'alice', password: PASSWORD }] });
    app = await openApp({ routeIpc: true });
  });

  afterAll(async () => {
    await app?.close();
    await k?.stop();
  });

  it('creates a target, registers, shows the granted expiry and public address, and stops', async () => {
    const { page } = app;
    await createTarget(page, { name: 'Lab PBX', server: k.server, user: 'alice', password: PASSWORD });
    await expect(page.getByTestId('target-password-storage').textContent()).resolves.toMatch(/memory/i);
    await app.screenshot('targets');

    await page.getByTestId('nav-register').click();
    await chooseTarget(page, 'Lab PBX');
    await page.getByTestId('register-start').click();
    const row = page.locator('[data-testid="registration-row"][data-state="registered"]');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('registration-expires').textContent()).toMatch(/^\d+ s$/);
    expect(await row.getByTestId('registration-public-address').textContent()).toContain('127.0.0.1');
    expect(await row.getByTestId('registration-countdown').textContent()).toMatch(/^in /);
    await app.screenshot('register');

    await page.getByTestId('register-stop').click();
    await page.locator('[data-testid="registration-row"][data-state="stopped"]').waitFor({ timeout: 20_000 });

    // The password went to the engine only: not into the data directory (targets, trace database).
    for (const file of await readdir(app.dataDir)) {
      const bytes = await readFile(path.join(app.dataDir, file));
      expect(bytes.includes(Buffer.from(PASSWORD)), file).toBe(false);
    }
  });

  it('says in plain words when the password is wrong', async () => {
    const { page } = app;
    await createTarget(page, { name: 'Wrong password', server: k.server, user: 'alice', password: 'not-it' });
    await page.getByTestId('nav-register').click();
    await chooseTarget(page, 'Wrong password');
    await page.getByTestId('register-start').click();
    const row = page.locator('[data-testid="registration-row"][data-state="failed"]');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('registration-message').textContent()).toMatch(/credentials|password/i);
  });

  it('switches between the light and dark themes', async () => {
    const { page } = app;
    const theme = (): Promise<string | undefined> =>
      page.evaluate(() => document.documentElement.dataset.theme);
    const before = await theme();
    const background = (): Promise<string> =>
      page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const bgBefore = await background();
    await page.getByTestId('theme-toggle').click();
    expect(await theme()).not.toBe(before);
    expect(await background()).not.toBe(bgBefore);
    await app.screenshot(`theme-${await theme()}`);
    await page.getByTestId('theme-toggle').click();
    expect(await theme()).toBe(before);
  });

  it('hides the access token from the address bar and reconnects without a reload when the socket drops', async () => {
    const { page } = app;
    // Web mode only: the desktop app has neither a token nor a socket.
    if (app.ipcSockets.length === 0) return expect(process.env.SIPKIT_E2E_ELECTRON).toBe('1');
    expect(await page.evaluate(() => location.href)).not.toContain('token');
    const token = new URL(app.ipcSockets[0]!.url()).searchParams.get('token');
    expect(token).toMatch(/^[\w-]{40,}$/);
    expect(await page.evaluate(() => location.href)).not.toContain(token!);

    const before = app.ipcSockets.length;
    await app.ipcSockets.at(-1)!.close({ code: 1001, reason: 'the test drops it' });
    await expect.poll(() => app.ipcSockets.length, { timeout: 15_000 }).toBe(before + 1);
    expect(new URL(app.ipcSockets.at(-1)!.url()).searchParams.get('token')).toBe(token);
    // The UI works through the new socket, with no "connection lost" banner.
    await createTarget(page, { name: 'After a dropped socket', server: k.server, user: 'alice' });
    expect(await page.getByTestId('app-error').count()).toBe(0);

    // A reload still finds the token (this tab's sessionStorage) and still hides it.
    await page.reload();
    await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
    await page.getByTestId('target-row').filter({ hasText: 'After a dropped socket' }).waitFor();
    expect(await page.evaluate(() => location.href)).not.toContain(token!);
  });

  it('runs every screen it visited without one Content-Security-Policy violation', async () => {
    expect(await app.cspViolations()).toEqual([]);
  });
});
