/// <reference lib="dom" />
// The Emulator screen live: the provider emulator started from the screen with a saved target's
// credentials, Debian's baresip registering to it as the customer's PBX; the binding, the 429 to
// its too-early refresh and the reg.interval finding appear while it runs, and a DID call placed
// from the screen is answered by it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip, type BaresipHandle } from '../support/baresip';
import { freeUdpPort } from '../support/ports';
import { createTarget } from './support/ui';
import { openApp, type WebApp } from './support/web-app';

const PASSWORD = 'screen-Secret-77';

describe('Emulator screen', () => {
  let app: WebApp;
  let pbx: BaresipHandle | undefined;

  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await pbx?.stop();
    await app?.close();
  });

  it('shows where to point the PBX, then its registration, the 429 and reg.interval as they happen, and calls it', async () => {
    const { page } = app;
    const port = await freeUdpPort();
    await createTarget(page, {
      name: 'Customer PBX credential',
      server: `127.0.0.1:${port}`,
      profile: 'skyetel',
      user: '1001',
      password: PASSWORD,
    });
    await page.getByTestId('nav-emulator').click();
    await page.getByTestId('emulator-profile').selectOption('skyetel');
    await page.getByTestId('emulator-listen').fill(`127.0.0.1:${port}`);
    await page
      .getByTestId('emulator-set')
      .fill(`min_register_interval=12 registrar_port=${port} registrars=[]`);
    await page.getByTestId('emulator-start').click();
    await page.locator('[data-testid="emulator-status"][data-state="running"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('emulator-instructions').textContent()).toContain(
      `point the PBX at 127.0.0.1:${port}, user 1001`,
    );
    expect(await page.getByTestId('emulator-binding').count()).toBe(0);

    pbx = await startBaresip({
      registrar: `127.0.0.1:${port}`,
      user: '1001',
      password: PASSWORD,
      // It refreshes at 90% of 12 s: 10.8 s after the last, well inside the rule's 0.5 s tolerance.
      regintS: 12,
    });
    await page.getByTestId('emulator-binding').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('emulator-binding').first().textContent()).toContain('1001');
    // An inbound DID call from the screen, while baresip (auto-answer) is registered, reaches it.
    await page.getByTestId('emulator-did').fill('+15550123456');
    await page.getByTestId('emulator-call').click();
    await page
      .locator('[data-testid="emulator-event"][data-status="429"]')
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .locator('[data-testid="emulator-finding"][data-rule="reg.interval"]')
      .waitFor({ timeout: 15_000 });
    const delivered = page.locator('[data-testid="emulator-event"][data-kind="to-pbx"][data-status="200"]');
    await delivered.first().waitFor({ timeout: 20_000 });
    expect(await delivered.first().textContent()).toMatch(/DID \+15550123456 to 1001 .* answered in/);
    await app.screenshot('emulator');
    // The password is never sent back to the screen.
    expect(await page.content()).not.toContain(PASSWORD);

    await page.getByTestId('emulator-stop').click();
    await page.locator('[data-testid="emulator-status"][data-state="stopped"]').waitFor({ timeout: 15_000 });
  });
});
