/// <reference lib="dom" />
// The Acceptance screen at the end of a site visit: the provider emulator (test/support/
// acceptance-provider.ts) plays the provider on loopback, registrar and trunk, ringing a DID back to
// our registration. A correct set-up fills the checklist live and ends "Ready for cut-over", and its
// report carries the verdict and the lines to sign; Abort while a DID call is awaited ends the run
// incomplete; an IP-authenticated trunk called with the wrong From host fails its outbound call,
// with the fix on screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '../../shared/profiles/resolve-profile';
import { startAcceptanceProvider, type AcceptanceProvider } from '../support/acceptance-provider';
import { createTarget } from './support/ui';
import { openApp, type WebApp } from './support/web-app';

const PASSWORD = 'accept-Screen-55';
const DID = '+15557654321';
const ECHO = '+15551230000';

describe('Acceptance screen', () => {
  let app: WebApp;
  const providers: AcceptanceProvider[] = [];

  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await Promise.allSettled(providers.map((p) => p.stop()));
    await app?.close();
  });

  it('runs the checklist live to "Ready for cut-over", and its report opens with the verdict and the lines to sign', async () => {
    const provider = await startAcceptanceProvider({
      // The provider's rules, on one loopback region; the saved target's profile is the plain one.
      profile: resolveProfile({ name: 'skyetel', set: ['registrars=[]', 'min_register_interval=6'] }),
      passwords: new Map([['1001', PASSWORD]]),
      loopDids: [DID],
    });
    providers.push(provider);
    const { page } = app;
    await createTarget(page, {
      name: 'Acme via emulated trunk',
      server: `127.0.0.1:${provider.port}`,
      profile: 'generic',
      user: '1001',
      password: PASSWORD,
      callerId: '+15551112222',
    });
    await page.getByTestId('nav-acceptance').click();
    await page
      .getByTestId('target-select')
      .selectOption({ label: `Acme via emulated trunk (127.0.0.1:${provider.port})` });
    await page.getByTestId('acceptance-to').fill(ECHO);
    await page.getByTestId('acceptance-did').fill(DID);
    await page.getByTestId('acceptance-site').fill('Acme HQ, 3rd floor');
    await page.getByTestId('acceptance-note').fill('Fax line to be ported next week.');
    await page.getByTestId('acceptance-start').click();

    // Live: the run is shown while it goes, then the verdict.
    await page
      .locator('[data-testid="acceptance-status"][data-state="running"]')
      .waitFor({ timeout: 15_000 });
    const verdict = page.getByTestId('acceptance-verdict');
    await verdict.waitFor({ timeout: 80_000 });
    const steps = await page
      .getByTestId('acceptance-step')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-step'), r.getAttribute('data-status')]));
    expect(await verdict.textContent(), JSON.stringify(steps)).toContain('Ready for cut-over');
    expect(await verdict.getAttribute('data-verdict')).toBe('ready');
    expect(Object.fromEntries(steps)).toMatchObject({
      dns: 'pass',
      'register:1': 'pass',
      'call-out': 'pass',
      'call-in': 'pass',
      caps: 'skipped',
    });
    await app.screenshot('acceptance-ready');
    expect(await page.content()).not.toContain(PASSWORD);

    // The report the customer signs, from the same screen.
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-format').selectOption('html');
    await page.getByTestId('export-preview').click();
    const report = page.frameLocator('[data-testid="export-preview-frame"]');
    await report.locator('#verdict').waitFor({ timeout: 30_000 });
    expect(await report.locator('#verdict').textContent()).toContain('Ready for cut-over');
    const signatures = (await report.locator('#signatures').textContent()) ?? '';
    expect(signatures).toContain('Technician (name)');
    expect(signatures).toContain('Customer (name)');
    expect(signatures).toContain('Date');
    expect(await report.locator('#tested').textContent()).toContain('Acme HQ, 3rd floor');
    expect(await report.locator('#note').textContent()).toContain('Fax line to be ported next week.');
    // The outbound call and both legs of the DID loop, each with its ladder.
    expect(await report.locator('#calls svg').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('export-close').click();

    // The evidence of a step opens its call's ladder in Traces.
    await page
      .locator('[data-testid="acceptance-step"][data-step="call-out"] [data-testid="acceptance-evidence"]')
      .first()
      .click();
    await page.getByTestId('ladder-arrow').filter({ hasText: 'INVITE' }).first().waitFor({ timeout: 20_000 });
    // And the whole run from the screen's button.
    await page.getByTestId('nav-acceptance').click();
    await page.getByTestId('acceptance-open-trace').click();
    await page.getByTestId('call-list-row').first().waitFor({ timeout: 20_000 });
  });

  it('Abort while the DID call is awaited ends the run incomplete, naming the steps it never finished', async () => {
    const { page } = app;
    await page.getByTestId('nav-acceptance').click();
    await page.getByTestId('target-select').selectOption({ index: 0 });
    await page.getByTestId('acceptance-to').fill(ECHO);
    // A DID the provider routes elsewhere: the call back never comes.
    await page.getByTestId('acceptance-did').fill('+15550009999');
    await page.getByTestId('acceptance-start').click();
    await page
      .locator('[data-testid="acceptance-step"][data-step="call-in"][data-status="running"]')
      .waitFor({ timeout: 40_000 });
    await page.getByTestId('acceptance-abort').click();
    const verdict = page.locator('[data-testid="acceptance-verdict"][data-verdict="incomplete"]');
    await verdict.waitFor({ timeout: 20_000 });
    expect(await verdict.textContent()).toContain('Incomplete: aborted before the end');
    expect(await verdict.textContent()).toContain('Inbound call to the DID');
    expect(
      await page.locator('[data-testid="acceptance-step"][data-step="call-out"]').getAttribute('data-status'),
    ).toBe('pass');
    expect(await page.getByTestId('acceptance-abort').isDisabled()).toBe(true);
  });

  it('fails the outbound call of an IP-authenticated trunk sent with the wrong From host, and shows the fix', async () => {
    const provider = await startAcceptanceProvider({
      profile: resolveProfile({ name: 'skyswitch', set: ['pbx_ip=127.0.0.1'] }),
    });
    providers.push(provider);
    const { page } = app;
    await createTarget(page, {
      name: 'Acme via IP trunk',
      server: `127.0.0.1:${provider.port}`,
      profile: 'skyswitch',
      trunkName: 'wrong.example.com',
      callerId: '+15551112222',
    });
    await page.getByTestId('nav-acceptance').click();
    await page
      .getByTestId('target-select')
      .selectOption({ label: `Acme via IP trunk (127.0.0.1:${provider.port})` });
    await page.getByTestId('acceptance-to').fill(ECHO);
    await page.getByTestId('acceptance-did').fill('');
    // The caps ramp calls until the trunk refuses: asked first, as on the Load screen; Cancel sends nothing.
    await page.getByTestId('acceptance-caps').check();
    await page.getByTestId('acceptance-start').click();
    expect(await page.getByTestId('acceptance-confirm').textContent()).toContain('caps ramp');
    await page.getByTestId('acceptance-confirm-no').click();
    expect(await page.getByTestId('acceptance-confirm').count()).toBe(0);
    await page.getByTestId('acceptance-caps').uncheck();
    await page.getByTestId('acceptance-start').click();

    const verdict = page.locator('[data-testid="acceptance-verdict"][data-verdict="not-ready"]');
    await verdict.waitFor({ timeout: 80_000 });
    expect(await verdict.textContent()).toContain('Not ready for cut-over: 1 step failed');
    const out = page.locator('[data-testid="acceptance-step"][data-step="call-out"]');
    expect(await out.getAttribute('data-status')).toBe('fail');
    // The fix names the trunk name the provider expects in the From host.
    expect(await out.getByTestId('acceptance-fix').textContent()).toContain(
      'trunking-customer.15611.service',
    );
    expect(await page.locator('[data-testid="acceptance-step"][data-status="fail"]').count()).toBe(1);
    await app.screenshot('acceptance-not-ready');
  });
});
