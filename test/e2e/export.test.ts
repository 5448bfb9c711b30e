/// <reference lib="dom" />
// The Export menu on Traces: a preview of exactly the file that will be saved (the HTML report in
// a sandboxed frame, the ladder as an image), saving a pcap a user opens in Wireshark, and sending
// the run to a HEP collector listening on loopback.
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type WebApp } from './support/web-app';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

describe('Export menu', () => {
  let app: WebApp;
  let collector: dgram.Socket;
  const received: Buffer[] = [];

  beforeAll(async () => {
    collector = dgram.createSocket('udp4');
    collector.on('message', (m) => received.push(m));
    await new Promise<void>((resolve) => collector.bind(0, '127.0.0.1', resolve));
    app = await openApp();
  });

  afterAll(async () => {
    await app?.close();
    collector?.close();
  });

  it('previews the report and the ladder, saves a pcap, and sends the run to Homer', async () => {
    const { page } = app;
    await page.getByTestId('nav-import').click();
    await page
      .getByTestId('import-file')
      .setInputFiles(path.join(FIXTURES, 'text', 'plain-register-call.txt'));
    await page.getByTestId('traces-screen').waitFor({ timeout: 20_000 });
    await page.getByTestId('call-list-row').first().waitFor();

    await page.getByTestId('export-open').click();
    const panel = page.getByTestId('export-panel');
    await panel.waitFor();
    const onlySelected = page.getByTestId('export-only-selected');
    if ((await onlySelected.count()) > 0) await onlySelected.uncheck();
    await page.getByTestId('export-preview').click();
    const frame = page.frameLocator('[data-testid="export-preview-frame"]');
    await frame.locator('#ladder svg').waitFor({ timeout: 30_000 });
    expect(await frame.locator('#messages details').count()).toBe(12);
    await expect
      .poll(() => page.getByTestId('export-redacted').textContent())
      .toContain('digest responses (1)');
    await app.screenshot('export-html-preview');

    await page.getByTestId('export-format').selectOption('svg');
    await page.getByTestId('export-preview').click();
    await page.getByTestId('export-preview-image').waitFor();
    const width = await page
      .getByTestId('export-preview-image')
      .evaluate((img) => (img as HTMLImageElement).naturalWidth);
    expect(width).toBeGreaterThan(100);

    // A PNG takes a headless Chromium several seconds: the menu says what it is doing meanwhile.
    await page.getByTestId('export-format').selectOption('png');
    await page.getByTestId('export-preview').click();
    // The stage comes from the back end as it goes: Chromium starting, then drawing the PNG.
    await expect
      .poll(() => page.getByTestId('export-progress').textContent(), { timeout: 10_000 })
      .toMatch(/Step [34] of 5: (Starting headless Chromium|Chromium is drawing the PNG)… \d+ s/);
    await app.screenshot('export-progress');
    const stages: string[] = [];
    while ((await page.getByTestId('export-preview-image').count()) === 0) {
      const stage = await page
        .getByTestId('export-progress')
        .getAttribute('data-stage', { timeout: 500 })
        .catch(() => null);
      if (stage && stages.at(-1) !== stage) stages.push(stage);
      await page.waitForTimeout(100);
    }
    // Seen in the order they happen, and the file is saved only after them.
    const order = ['collecting', 'rendering', 'starting-chromium', 'printing', 'writing'];
    expect(stages.map((s) => order.indexOf(s))).toEqual(
      [...stages.map((s) => order.indexOf(s))].sort((a, b) => a - b),
    );
    expect(stages.some((s) => s === 'starting-chromium' || s === 'printing')).toBe(true);
    expect(await page.getByTestId('export-progress').count()).toBe(0);

    await page.getByTestId('export-format').selectOption('pcap');
    await page.getByTestId('export-preview').click();
    await page.getByTestId('export-preview-note').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-save').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sipkit-run-\d+-import\.pcap$/);
    const saved = await readFile((await download.path())!);
    // libpcap magic, little-endian microseconds.
    expect(saved.readUInt32LE(0)).toBe(0xa1b2c3d4);

    await page.getByTestId('hep-to').fill(`127.0.0.1:${collector.address().port}`);
    await page.getByTestId('hep-send').click();
    await expect.poll(() => page.getByTestId('hep-result').textContent()).toContain('12 messages sent');
    await expect.poll(() => received.length).toBe(12);
    expect(received.every((b) => b.toString('ascii', 0, 4) === 'HEP3')).toBe(true);
    await app.screenshot('export-menu');

    await page.getByTestId('hep-to').fill('127.0.0.1:99999');
    await page.getByTestId('hep-send').click();
    await expect
      .poll(() => page.getByTestId('hep-error').textContent())
      .toContain('the port must be 1-65535');
  });
});
