/// <reference lib="dom" />
// The Load test form as a technician reads it (issue 18): a refusal names the form's own fields
// and the CPS it shows, a result keeps the settings that produced it when the screen is left and
// opened again, and an aborted run's summary agrees with its chart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailioLimits, type KamailioLimitsHandle } from '../support/kamailio-limits';
import { startSipp, type SippHandle } from '../support/sipp';
import { openApp, type WebApp } from './support/web-app';
import { chooseTarget, createTarget } from './support/ui';

describe('Load test form', () => {
  let sipp: SippHandle;
  let edge: KamailioLimitsHandle;
  let app: WebApp;

  beforeAll(async () => {
    sipp = await startSipp({ scenario: 'uas-answer', traceMessages: false, keys: { ring_ms: 20 } });
    edge = await startKamailioLimits({ forwardTo: sipp.address, cpsLimit: 50 });
    app = await openApp();
    await createTarget(app.page, { name: 'Form edge', server: edge.server });
  });

  afterAll(async () => {
    await app?.close();
    await edge?.stop();
    await sipp?.stop();
  });

  const fill = async (values: Record<string, string>): Promise<void> => {
    for (const [key, value] of Object.entries(values)) await app.page.getByTestId(`load-${key}`).fill(value);
  };

  it('refuses a channel ramp over the CPS cap in the form’s words, and keeps the ramp beside its result', async () => {
    const { page } = app;
    await page.getByTestId('nav-load').click();
    await chooseTarget(page, 'Form edge');
    await page.getByTestId('load-mode').selectOption('ramp-channels');
    await fill({
      to: '15551230000',
      rampStart: '1',
      rampStep: '1',
      rampStepSeconds: '1',
      rampMax: '2',
      hold: '0',
    });
    await fill({ maxCps: '5' });
    // Bug 2: the CPS channels are opened at is a field of the form…
    const cps = page.getByTestId('load-cps');
    await cps.waitFor({ timeout: 2_000 });
    const shown = await cps.inputValue();
    await cps.fill('10');
    await page.getByTestId('load-start').click();
    const error = page.getByTestId('load-error');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    // …and the refusal names it and the cap by their labels, never a command-line flag.
    expect(text).not.toMatch(/--[a-z]/);
    expect(text).toContain('Cap CPS');
    expect(text).toMatch(/Opened at/);
    expect(text).toContain('10');
    await app.screenshot('load-refused');

    await cps.fill(shown === '' ? '2' : shown);
    await fill({ maxCps: '' });
    await page.getByTestId('load-start').click();
    await page.locator('[data-testid="load-status"][data-state="done"]').waitFor({ timeout: 60_000 });

    // Bug 11: back on the screen, the form and the result still say which ramp it was.
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('nav-load').click();
    await page.locator('[data-testid="load-status"][data-state="done"]').waitFor();
    expect(await page.getByTestId('load-mode').inputValue()).toBe('ramp-channels');
    expect(await page.getByTestId('load-rampMax').inputValue()).toBe('2');
    expect(await page.getByTestId('load-settings').textContent()).toMatch(/Ramp channels to failure/);
    await app.screenshot('load-ramp-channels');
  });

  it('says an aborted run was aborted, without empty brackets, and its peak agrees with the chart', async () => {
    const { page } = app;
    await chooseTarget(page, 'Form edge');
    await page.getByTestId('load-mode').selectOption('channels');
    await fill({ to: '15551230000', channels: '4', cps: '2', durationS: '60', hold: '0' });
    await page.getByTestId('load-start').click();
    await page.locator('[data-testid="load-status"][data-state="running"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => edge.activeDialogs(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('load-abort').click();
    await page.locator('[data-testid="load-status"][data-state="done"]').waitFor({ timeout: 10_000 });
    // Bug 8: "aborted", not "done · … aborted", and no "0 failed ()".
    const message = (await page.getByTestId('load-message').textContent()) ?? '';
    expect(message).toMatch(/^aborted/i);
    expect(message).not.toContain('()');
    const verdict = (await page.getByTestId('load-result').textContent()) ?? '';
    const said = Number(/at most (\d+) up at once/.exec(verdict)?.[1]);
    const drawn = Number(await page.getByTestId('chart-concurrent').getAttribute('data-peak'));
    expect(said).toBeGreaterThan(0);
    expect(drawn).toBe(said);
    await app.screenshot('load-aborted-summary');
  });
});
