/// <reference lib="dom" />
// The Load test screen against a provider edge with an exact limit (Kamailio, 3 CPS) relaying to a
// SIPp UAS: a CPS ramp finds the cap (3 clean, 4 failing) with live charts; a run above the
// provider profile asks for confirmation first; abort ends every call and leaves no dialog up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailioLimits, type KamailioLimitsHandle } from '../support/kamailio-limits';
import { startSipp, type SippHandle } from '../support/sipp';
import { openApp, type WebApp } from './support/web-app';
import { chooseTarget, createTarget } from './support/ui';

describe('Load test screen', () => {
  let sipp: SippHandle;
  let edge: KamailioLimitsHandle;
  let app: WebApp;

  beforeAll(async () => {
    sipp = await startSipp({ scenario: 'uas-answer', traceMessages: false, keys: { ring_ms: 20 } });
    edge = await startKamailioLimits({ forwardTo: sipp.address, cpsLimit: 3 });
    app = await openApp();
    await createTarget(app.page, { name: 'Edge 3 CPS', server: edge.server });
    await createTarget(app.page, { name: 'Skyetel edge', server: edge.server, profile: 'skyetel' });
  });

  afterAll(async () => {
    await app?.close();
    await edge?.stop();
    await sipp?.stop();
  });

  const fill = async (values: Record<string, string>): Promise<void> => {
    for (const [key, value] of Object.entries(values)) await app.page.getByTestId(`load-${key}`).fill(value);
  };

  it('ramps CPS until the edge rejects, shows the cap found and the charts', async () => {
    const { page } = app;
    await page.getByTestId('nav-load').click();
    await chooseTarget(page, 'Edge 3 CPS');
    await page.getByTestId('load-mode').selectOption('ramp-cps');
    await fill({
      to: '15551230000',
      rampStart: '2',
      rampStep: '1',
      rampStepSeconds: '2',
      rampMax: '6',
      hold: '0',
    });
    await page.getByTestId('load-start').click();
    await page.locator('[data-testid="load-status"][data-state="running"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('chart-cps').waitFor();
    await page.locator('[data-testid="load-status"][data-state="done"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('load-last-clean').textContent()).toBe('3');
    expect(await page.getByTestId('load-first-failing').textContent()).toBe('4');
    expect(await page.getByTestId('load-result').textContent()).toMatch(/503/);
    // recharts drew bars (counts per second, not a smoothed curve) from the per-second rows.
    expect(await page.locator('[data-testid="chart-cps"] path.recharts-rectangle').count()).toBeGreaterThan(
      0,
    );
    expect(await page.locator('[data-testid="chart-cps"] path.recharts-curve').count()).toBe(0);
    await app.screenshot('load-ramp');
    expect(await edge.activeDialogs()).toBe(0);
  });

  it('with the inbound side on the same edge, finds the total cap of both directions', async () => {
    const { page } = app;
    await chooseTarget(page, 'Edge 3 CPS');
    await page.getByTestId('load-mode').selectOption('ramp-cps');
    await fill({
      to: '15551230000',
      rampStart: '1',
      rampStep: '1',
      rampStepSeconds: '2',
      rampMax: '4',
      hold: '0',
    });
    await page.getByTestId('load-inboundServer').fill(edge.server);
    await page.getByTestId('load-inboundTo').fill('200');
    await page.getByTestId('load-start').click();
    await page.locator('[data-testid="load-status"][data-state="running"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="load-status"][data-state="done"]').waitFor({ timeout: 60_000 });
    // 1 + 1 CPS fits the edge's 3; 2 + 2 does not.
    expect(await page.getByTestId('load-last-clean').textContent()).toBe('2');
    expect(await page.getByTestId('load-first-failing').textContent()).toBe('4');
    expect(await page.getByTestId('load-result').textContent()).toContain(
      'total: 2 clean (1 each way), 4 failing (2 each way)',
    );
    await app.screenshot('load-both-ways');
    await page.getByTestId('load-inboundServer').fill('');
  });

  it('asks before going above the provider profile, and abort leaves no call up', async () => {
    const { page } = app;
    await chooseTarget(page, 'Skyetel edge');
    await page.getByTestId('load-mode').selectOption('channels');
    // The form starts from the profile's limits: Skyetel documents 1 CPS.
    expect(await page.getByTestId('load-cps').inputValue()).toBe('1');
    // Skyetel allows 1 CPS: opening channels at 2 CPS is above it.
    await fill({ to: '15551230000', channels: '3', cps: '2', durationS: '60', hold: '0' });
    await page.getByTestId('load-start').click();
    await page.getByTestId('load-confirm').waitFor();
    expect(await page.getByTestId('load-confirm').textContent()).toMatch(/cps_limit of 1/);
    await page.getByTestId('load-confirm-yes').click();
    await page.locator('[data-testid="load-status"][data-state="running"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => edge.activeDialogs(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('load-abort').click();
    await page.locator('[data-testid="load-status"][data-state="done"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('load-message').textContent()).toContain('aborted');
    await expect.poll(() => edge.activeDialogs(), { timeout: 5_000 }).toBe(0);
    await app.screenshot('load-aborted');
  });
});
