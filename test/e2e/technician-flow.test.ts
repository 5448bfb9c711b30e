/// <reference lib="dom" />
// The rough edges a technician with a customer waiting trips over (issue 18), each as the user
// meets it: a registration's card and trace, a call counted live in the call list, pills that keep
// their row height, a Shift-click that selects calls and not text, and a run picker newest first.
import dgram from 'node:dgram';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { startSipp, type SippHandle } from '../support/sipp';
import { openApp, type WebApp } from './support/web-app';
import { chooseTarget, createTarget } from './support/ui';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const PASSWORD = 'e2e-Flow-5521';

describe('The technician’s flow (issue 18)', () => {
  let k: KamailioHandle;
  let sipp: SippHandle;
  let app: WebApp;

  beforeAll(async () => {
    k = await startKamailio({ users: [{ user: 'bob', password: PASSWORD }] });
    sipp = await startSipp({ scenario: 'uas-answer', rtpEcho: true });
    app = await openApp();
  });

  afterAll(async () => {
    await app?.close();
    await sipp?.stop();
    await k?.stop();
  });

  it('a registered target: Register is not offered again, the refresh time ticks, the trace shows the REGISTER, the last status after un-register is 200', async () => {
    const { page } = app;
    await createTarget(page, { name: 'Flow PBX', server: k.server, user: 'bob', password: PASSWORD });
    await page.getByTestId('nav-register').click();
    await chooseTarget(page, 'Flow PBX');
    await page.getByTestId('register-start').click();
    const row = page.locator('[data-testid="registration-row"][data-state="registered"]');
    await row.waitFor({ timeout: 20_000 });

    // Bug 6: registered already, so Register is not offered (no "already registering" error to earn).
    expect(await page.getByTestId('register-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('register-error').count()).toBe(0);

    // Bug 5: the only refresh time on the card is one that counts down.
    const refreshTimes = async (): Promise<string[]> =>
      [...((await row.textContent()) ?? '').matchAll(/refresh\D{0,20}?(\d+(?: m \d+)? s)/gi)].map(
        (m) => m[1]!,
      );
    const before = await refreshTimes();
    expect(before.length).toBeGreaterThan(0);
    await expect
      .poll(async () => (await refreshTimes()).filter((t) => before.includes(t)), { timeout: 5_000 })
      .toEqual([]);
    await app.screenshot('register-registered');

    // Bug 3: "Open trace" shows the registration it promised, not an empty call list.
    await row.getByTestId('registration-open-trace').click();
    await page.getByTestId('traces-screen').waitFor();
    await page
      .locator('[data-testid="call-list-row"][data-method="REGISTER"]')
      .first()
      .waitFor({ timeout: 10_000 });
    await page.getByTestId('ladder').waitFor();
    const labels = await page
      .getByTestId('ladder-arrow')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    expect(labels).toContain('REGISTER');
    expect(labels).toContain('200 OK');
    await app.screenshot('register-trace');

    // Bug 4: after un-registering (a 401, then 200 OK), the card's last status is the 200.
    await page.getByTestId('nav-register').click();
    await chooseTarget(page, 'Flow PBX');
    await page.getByTestId('register-stop').click();
    const stopped = page.locator('[data-testid="registration-row"][data-state="stopped"]');
    await stopped.waitFor({ timeout: 20_000 });
    expect(await stopped.getByTestId('registration-last-status').textContent()).toMatch(/^200\b/);
    expect(await page.getByTestId('register-start').isDisabled()).toBe(false);
  });

  it('counts an answered call’s duration live in the call list, with its state', async () => {
    const { page } = app;
    await createTarget(page, { name: 'Flow SIPp', server: sipp.address, callerId: '2035550100' });
    await page.getByTestId('nav-call').click();
    await chooseTarget(page, 'Flow SIPp');
    await page.getByTestId('call-to').fill('15551230000');
    await page.getByTestId('call-hold').fill('8');
    await page.getByTestId('call-start').click();
    const up = page.locator('[data-testid="call-row"][data-state="answered"]').first();
    await up.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => up.getByTestId('call-clock').textContent(), { timeout: 5_000 })
      .toMatch(/^Up [1-9]\d* s$/);
    await up.getByTestId('call-open-trace').click();
    const callRow = page.locator('[data-testid="call-list-row"][data-method="INVITE"]').first();
    await callRow.waitFor({ timeout: 10_000 });
    const seconds = async (): Promise<number> => {
      const text = (await callRow.getByTestId('call-duration').textContent()) ?? '';
      const m = /^([\d.]+) (ms|s)$/.exec(text);
      if (!m) return Number.NaN;
      return m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1]);
    };
    // Bug 12: while the call is up, its duration grows.
    await expect.poll(seconds, { timeout: 6_000 }).toBeGreaterThanOrEqual(2);
    expect(await callRow.getByTestId('call-state').textContent()).toBe('in call');
    // The ladder spreads its two life lines over the pane, so labels get the room it has.
    const lifelines = await page
      .locator('[data-testid="ladder"] line.ladder-lifeline')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('x1'))));
    const pane = (await page.getByTestId('ladder').boundingBox())!.width;
    expect(lifelines).toHaveLength(2);
    expect(Math.abs(lifelines[1]! - lifelines[0]!)).toBeGreaterThan(pane / 3);
    await app.screenshot('traces-call-up');
    await expect
      .poll(() => callRow.getByTestId('call-state').textContent(), { timeout: 20_000 })
      .toBe('completed');
  });

  it('keeps a call row one line high with error and warning pills, on Traces and Findings', async () => {
    const { page } = app;
    await page.getByTestId('nav-import').click();
    await page
      .getByTestId('import-file')
      .setInputFiles(path.join(FIXTURES, 'text', 'seed-000-sample-invite.txt'));
    await page.getByTestId('traces-screen').waitFor({ timeout: 20_000 });
    const row = page.locator('[data-testid="call-list-row"]', { has: page.locator('.count.error') }).first();
    await row.waitFor();
    await row.locator('.count.warning').waitFor();
    // Bug 1: the pills are chips, not alert boxes: no 8px 12px padding, the row stays ~24 px.
    const pills = await row
      .locator('.count')
      .evaluateAll((els) =>
        els.map((e) => ({ pad: getComputedStyle(e).paddingTop, height: e.getBoundingClientRect().height })),
      );
    for (const pill of pills) {
      expect(pill.pad).toBe('0px');
      expect(pill.height).toBeLessThan(20);
    }
    expect((await row.boundingBox())!.height).toBeLessThanOrEqual(28);
    await app.screenshot('traces-pills');

    await page.getByTestId('nav-findings').click();
    const chip = page.locator('[data-testid="finding"] .sev-chip.error').first();
    await chip.waitFor();
    expect(await chip.evaluate((e) => getComputedStyle(e).paddingTop)).toBe('0px');
    expect((await chip.boundingBox())!.height).toBeLessThan(20);
    await app.screenshot('findings-chips');
  });

  it('Shift-click selects a range of calls without selecting the page’s text', async () => {
    const { page } = app;
    await page.getByTestId('nav-import').click();
    await page
      .getByTestId('import-file')
      .setInputFiles(path.join(FIXTURES, 'text', 'plain-register-call.txt'));
    await page.getByTestId('traces-screen').waitFor({ timeout: 20_000 });
    const toggle = page.getByTestId('noise-toggle');
    if (await toggle.isChecked()) await toggle.uncheck();
    const rows = page.getByTestId('call-list-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    await rows.nth(0).click();
    await rows.nth(2).click({ modifiers: ['Shift'] });
    // Bug 7: the range is selected, the page's text is not.
    await expect
      .poll(() => page.locator('[data-testid="call-list-row"][aria-selected="true"]').count())
      .toBe(3);
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
  });

  it('puts a message’s findings and their fix above its raw text, and wraps its long lines', async () => {
    const { page } = app;
    // Still on the plain-register-call import, OPTIONS/REGISTER shown: the REGISTER with credentials.
    await page.locator('[data-testid="call-list-row"][data-method="REGISTER"]').first().click();
    await page.locator('[data-testid="ladder-arrow"][data-label="REGISTER"]').nth(1).click();
    const raw = page.getByTestId('raw-message');
    const findings = page.getByTestId('raw-findings');
    await raw.waitFor();
    await findings.waitFor();
    expect(await raw.textContent()).toContain('Authorization: Digest');
    // Fix first, raw second.
    expect((await findings.boundingBox())!.y).toBeLessThan((await raw.boundingBox())!.y);
    // The 239-character Authorization line wraps inside the panel instead of running off its edge.
    const overflow = await raw.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await app.screenshot('traces-raw-fix-first');
  });

  it('lists a run imported now first in the run picker, whatever its capture date', async () => {
    const { page } = app;
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-file').setInputFiles(path.join(FIXTURES, 'text', 'sngrep-call.txt'));
    await page.getByTestId('traces-screen').waitFor({ timeout: 20_000 });
    const runs = async (): Promise<string[]> =>
      page
        .locator('[data-testid="run-select"] option')
        .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    // Bug 10: the sngrep capture is from 2024, yet it was imported last: it comes first.
    await expect.poll(async () => (await runs())[0] ?? '', { timeout: 10_000 }).toMatch(/import/);
    const list = await runs();
    const ids = list.map((label) => Number(/^#(\d+)/.exec(label)?.[1] ?? '0'));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(Math.max(...ids)).toBe(ids[0]);
  });

  it('says when a target is saved that its port breaks its profile, not after a registration', async () => {
    const { page } = app;
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('target-new').click();
    await page.getByTestId('target-name').fill('Skyetel on 5080');
    await page.getByTestId('target-profile').selectOption('skyetel');
    await page.getByTestId('target-server').fill('127.0.0.1:5080');
    await expect
      .poll(() => page.getByTestId('target-profile-problems').textContent())
      .toContain('port 5060 only, not 5080');
    await page.getByTestId('target-save').click();
    await page.getByTestId('target-row').filter({ hasText: 'Skyetel on 5080' }).waitFor();
    expect(await page.getByTestId('target-status').textContent()).toMatch(/^Saved .*port 5060 only/);
    await app.screenshot('targets-profile-check');
  });

  it('gives every screen a title', async () => {
    const { page } = app;
    const screens: ReadonlyArray<readonly [string, RegExp]> = [
      ['targets', /^Targets$/],
      ['register', /^Register$/],
      ['call', /^Call$/],
      ['traces', /^Traces$/],
      ['findings', /^Findings$/],
      ['import', /^Import/],
      ['load', /^Load test$/],
    ];
    for (const [nav, title] of screens) {
      await page.getByTestId(`nav-${nav}`).click();
      await expect
        .poll(() => page.locator('main h2').first().textContent(), { timeout: 5_000 })
        .toMatch(title);
    }
    // Labels in one style: Traces' "Run" reads like Load test's "Mode", above its control, left-aligned.
    const labelStyle = (control: string) =>
      page.getByTestId(control).evaluate((el) => {
        const label = el.closest('label')!.querySelector('span')!;
        const s = getComputedStyle(label);
        const left = Math.round(label.getBoundingClientRect().left - el.getBoundingClientRect().left);
        const above = label.getBoundingClientRect().bottom <= el.getBoundingClientRect().top + 1;
        return { weight: s.fontWeight, size: s.fontSize, left, above };
      });
    await page.getByTestId('nav-load').click();
    const mode = await labelStyle('load-mode');
    await page.getByTestId('nav-traces').click();
    expect(await labelStyle('run-select')).toEqual(mode);
  });

  it('says how long an INVITE to a silent server has left before it is given up', async () => {
    const { page } = app;
    // A server that reads every datagram and answers none.
    const silent = dgram.createSocket('udp4');
    let invites = 0;
    silent.on('message', (m) => {
      if (m.subarray(0, 7).toString('latin1') === 'INVITE ') invites++;
    });
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      await createTarget(page, { name: 'Silent', server: `127.0.0.1:${silent.address().port}` });
      await page.getByTestId('nav-call').click();
      await chooseTarget(page, 'Silent');
      await page.getByTestId('call-to').fill('15551230000');
      await page.getByTestId('call-start').click();
      const row = page.locator('[data-testid="call-row"][data-state="calling"]').first();
      await row.waitFor({ timeout: 10_000 });
      // RFC 3261 §17.1.1.2: timer A doubles from T1 = 500 ms, so the INVITE goes out at 0, 0.5,
      // 1.5, 3.5 and 7.5 s; timer B gives up 32 s after the first send.
      const clock = async (): Promise<{ sent: number; left: number }> => {
        const text = (await row.getByTestId('call-clock').textContent()) ?? '';
        const m = /INVITE sent (\d+)×, giving up in (\d+) s/.exec(text);
        return { sent: Number(m?.[1]), left: Number(m?.[2]) };
      };
      await expect.poll(async () => (await clock()).sent, { timeout: 10_000 }).toBe(4);
      // Sent the 4th time 3.5 s in: 28.5 s left, rounded up.
      expect((await clock()).left).toBeGreaterThanOrEqual(27);
      expect((await clock()).left).toBeLessThanOrEqual(29);
      await expect.poll(async () => (await clock()).sent, { timeout: 10_000 }).toBe(5);
      expect((await clock()).left).toBeGreaterThanOrEqual(23);
      expect((await clock()).left).toBeLessThanOrEqual(25);
      // The count is the engine's: the server has received exactly that many INVITEs.
      expect(invites).toBe(5);
      await app.screenshot('call-silent-server');
      await row.getByTestId('call-hangup').click();
    } finally {
      silent.close();
    }
  });
});
