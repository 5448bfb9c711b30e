// Keep-alives in the Traces screen: an imported capture's keep-alives (nDPI's "hello" from a Huawei
// phone, ../shared/corpus-public, never copied here) form one "KEEP-ALIVE" row that the
// OPTIONS/REGISTER toggle hides, and its ladder draws each as a small dotted mark, not a message.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicCapture } from '../support/public-corpus';
import { openApp, type WebApp } from './support/web-app';

const HELLO = publicCapture('ndpi/sip_hello.pcapng');

describe.skipIf(!existsSync(HELLO))(`keep-alives on the Traces screen (skipped: ${HELLO} is absent)`, () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('hides the keep-alives with OPTIONS/REGISTER and draws them as marks when shown', async () => {
    const { page } = app;
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-file').setInputFiles(HELLO);
    await page.getByTestId('traces-screen').waitFor({ timeout: 30_000 });
    const toggle = page.getByTestId('noise-toggle');
    const keepAlives = page.locator('[data-testid="call-list-row"][data-method="KEEP-ALIVE"]');
    // This capture is all REGISTER and keep-alives: the screen opens with them shown (a hidden
    // list would be empty). Wait for that decision, then hide them: it must not be undone.
    await keepAlives.first().waitFor({ timeout: 15_000 });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await expect.poll(() => keepAlives.count(), { timeout: 15_000 }).toBe(0);

    await toggle.uncheck();
    await keepAlives.first().waitFor({ timeout: 15_000 });
    await keepAlives.first().click();
    const marks = page.locator('[data-testid="ladder-arrow"].keep-alive');
    // 22 in the flow (the ladder draws the rows in view); every one a mark, none "(unparsed)".
    await expect
      .poll(() => page.locator('.ladder-pane h2').textContent(), { timeout: 15_000 })
      .toMatch(/22 messages/);
    await expect.poll(() => marks.count(), { timeout: 15_000 }).toBeGreaterThan(5);
    const labels = await page
      .getByTestId('ladder-arrow')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('class') ?? ''}|${e.getAttribute('data-label') ?? ''}`),
      );
    expect(
      labels.every((l) => /\bkeep-alive\b/.test(l) && l.endsWith('|vendor keep-alive')),
      labels.join('\n'),
    ).toBe(true);
    await app.screenshot('keep-alive-marks');

    await toggle.check();
    await expect.poll(() => keepAlives.count(), { timeout: 15_000 }).toBe(0);
  }, 120_000);
});
