/// <reference lib="dom" />
// The Capture screen live: capture on lo (the web mode runs as root here, so dumpcap may capture)
// while SIPp places calls; the counters, the call list and the ladder update as the packets
// arrive, and Stop saves the run with as many messages as SIPp exchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../support/binaries';
import { runProcess } from '../support/child-process';
import type { KamailioInstance } from '../support/kamailio';
import { startKamailioSiptrace } from '../support/kamailio-siptrace';
import { freeUdpPort } from '../support/ports';
import { startSipp, type SippHandle } from '../support/sipp';
import { openApp, type WebApp } from './support/web-app';

describe('Capture screen', () => {
  let app: WebApp;
  let uas: SippHandle | undefined;
  let kamailio: KamailioInstance | undefined;

  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await uas?.stop();
    await kamailio?.stop();
    await app?.close();
  });

  it('shows calls and their ladder while a real peer talks, and stores every message', async () => {
    const { page } = app;
    const port = await freeUdpPort();
    await page.getByTestId('nav-capture').click();
    const iface = page.getByTestId('capture-iface');
    await expect.poll(() => iface.locator('option[value="lo"]').count(), { timeout: 10_000 }).toBe(1);
    // The default filter is there to keep (SIP and RTP ports); this test narrows it to its own SIPp.
    expect(await page.getByTestId('capture-filter').inputValue()).toContain('port 5060');
    await iface.selectOption('lo');
    await page.getByTestId('capture-filter').fill(`udp port ${port}`);
    await page.getByTestId('capture-start').click();
    await page.locator('[data-testid="capture-status"][data-state="running"]').waitFor({ timeout: 15_000 });

    uas = await startSipp({ scenario: 'uas', localPort: port });
    const uac = await startSipp({ scenario: 'uac', remote: uas.address, calls: 3, rate: 2 });
    // While SIPp is still calling, the first call is already listed and drawn.
    await page.getByTestId('call-list-row').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('ladder').waitFor({ timeout: 15_000 });
    await uac.waitForExit(30_000);
    const exchanged = uac.messages().length;
    expect(exchanged).toBe(18);
    await expect
      .poll(() => page.getByTestId('capture-status-messages').textContent(), { timeout: 15_000 })
      .toBe(String(exchanged));
    // The analysis of a run still capturing is paced (analysis-cache.ts): the list catches up within seconds.
    await expect.poll(() => page.getByTestId('call-list-row').count(), { timeout: 40_000 }).toBe(3);
    const labels = await page
      .getByTestId('ladder-arrow')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    expect(labels.slice(0, 1)).toEqual(['INVITE']);
    expect(labels).toContain('BYE');
    await app.screenshot('capture');

    await page.getByTestId('capture-stop').click();
    await page.locator('[data-testid="capture-status"][data-state="stopped"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('capture-status').textContent()).toContain(
      `captured ${exchanged} SIP message(s)`,
    );
  });

  it('listens for HEP from Kamailio\u2019s siptrace and counts what arrives', async () => {
    const { page } = app;
    const hepPort = await freeUdpPort();
    await page.getByTestId('hep-listen').fill(`127.0.0.1:${hepPort}`);
    await page.getByTestId('hep-start').click();
    await page.locator('[data-testid="hep-status"][data-state="running"]').waitFor({ timeout: 15_000 });
    kamailio = await startKamailioSiptrace({ hepPort });
    const sipsak = requireBinary('sipsak', 'sipsak');
    for (let i = 0; i < 2; i++)
      await runProcess({
        name: 'sipsak',
        command: sipsak,
        args: ['-s', `sip:x@${kamailio.server}`],
        timeoutMs: 10_000,
      });
    // Kamailio's readiness probes are traced too: at least sipsak's two OPTIONS and their 200s.
    await expect
      .poll(async () => Number(await page.getByTestId('hep-status-messages').textContent()), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(4);
    await page.getByTestId('hep-stop').click();
    await page.locator('[data-testid="hep-status"][data-state="stopped"]').waitFor({ timeout: 15_000 });
  });
});
