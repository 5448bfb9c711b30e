/// <reference lib="dom" />
// A test call and its ladder: call a SIPp UAS, see the media verdict, open the ladder; call
// through a Kamailio trunk with the wrong From host and see the trunk.from-host badge on the
// INVITE; import a capture and land in Traces; the noise toggle hides OPTIONS/REGISTER.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailioTrunk, type KamailioTrunkHandle } from '../support/kamailio-relay';
import { startSipp, type SippHandle } from '../support/sipp';
import { openApp, type WebApp } from './support/web-app';
import { chooseTarget, createTarget } from './support/ui';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
// The skyswitch profile's trunk name: the From host its trunks accept.
const TRUNK_NAME = 'trunking-customer.15611.service';

describe('Call, Traces, Findings and Import screens', () => {
  let sipp: SippHandle;
  let trunk: KamailioTrunkHandle;
  let app: WebApp;

  beforeAll(async () => {
    sipp = await startSipp({ scenario: 'uas-answer', rtpEcho: true });
    trunk = await startKamailioTrunk({ trunkName: TRUNK_NAME, forwardTo: sipp.address });
    app = await openApp();
  });

  afterAll(async () => {
    await app?.close();
    await trunk?.stop();
    await sipp?.stop();
  });

  it('places a test call, shows its media verdict, and opens its ladder', async () => {
    const { page } = app;
    await createTarget(page, { name: 'SIPp', server: sipp.address, callerId: '2035550100' });
    await page.getByTestId('nav-call').click();
    await chooseTarget(page, 'SIPp');
    await page.getByTestId('call-to').fill('15551230000');
    await page.getByTestId('call-hold').fill('2');
    await page.getByTestId('call-start').click();
    const row = page.locator('[data-testid="call-row"][data-state="ended"]').first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('call-media-verdict').textContent()).toBe('two-way');
    expect(await row.getByTestId('call-packets').textContent()).toMatch(
      /[1-9]\d* packets sent, [1-9]\d* received/,
    );
    expect(await row.getByTestId('call-progress').textContent()).toContain('200');
    await app.screenshot('call');

    await row.getByTestId('call-open-trace').click();
    await page.getByTestId('ladder').waitFor();
    const labels = await page
      .getByTestId('ladder-arrow')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    expect(labels.slice(0, 1)).toEqual(['INVITE']);
    expect(labels).toContain('200 OK');
    expect(labels).toContain('ACK');
    expect(labels).toContain('BYE');

    // Clicking an arrow shows that message's raw text.
    await page.locator('[data-testid="ladder-arrow"][data-label="INVITE"]').first().click();
    await expect(page.getByTestId('raw-message').textContent()).resolves.toMatch(
      /^\s*1?\s*INVITE sip:15551230000@/,
    );
    await app.screenshot('traces');
  });

  it('marks the INVITE whose From host is not the trunk name with a trunk.from-host badge', async () => {
    const { page } = app;
    await createTarget(page, {
      name: 'Skyswitch trunk, wrong From host',
      server: trunk.server,
      profile: 'skyswitch',
      trunkName: 'pbx.customer.example',
      callerId: '2035550100',
    });
    await page.getByTestId('nav-call').click();
    await chooseTarget(page, 'Skyswitch trunk, wrong From host');
    await page.getByTestId('call-to').fill('15551230000');
    await page.getByTestId('call-start').click();
    const row = page.locator('[data-testid="call-row"][data-state="failed"]').first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('call-message').textContent()).toContain('403');

    await row.getByTestId('call-open-trace').click();
    const badge = page.locator('[data-testid="ladder-badge"][data-rule="trunk.from-host"]');
    await badge.first().waitFor({ timeout: 20_000 });
    // The badge sits on the INVITE, the message that proves it.
    const arrow = page.locator('[data-testid="ladder-arrow"]', { has: badge }).first();
    expect(await arrow.getAttribute('data-label')).toBe('INVITE');
    await app.screenshot('traces-finding');

    await page.getByTestId('nav-findings').click();
    const finding = page.locator('[data-testid="finding"][data-rule="trunk.from-host"]');
    await finding.waitFor();
    expect(await finding.textContent()).toContain(TRUNK_NAME);
    await app.screenshot('findings');
    await finding.getByTestId('finding-jump').click();
    // Its raw text opens with the offending From line highlighted (other findings on the same
    // INVITE may highlight more lines).
    await page.getByTestId('raw-highlight').first().waitFor();
    const highlighted = await page.getByTestId('raw-highlight').allTextContents();
    expect(highlighted.some((line) => /From:.*pbx\.customer\.example/i.test(line))).toBe(true);
  });

  it('puts the fix under the refused call, and its button sets the From host so the next call goes through', async () => {
    const { page } = app;
    await page.getByTestId('nav-call').click();
    const failed = page.locator('[data-testid="call-row"][data-state="failed"]').first();
    await failed.waitFor();
    const fix = failed.locator('[data-testid="call-fixes"] [data-rule="trunk.from-host"]');
    await fix.waitFor({ timeout: 10_000 });
    expect(await fix.getByTestId('call-fix').textContent()).toMatch(/^Fix:/);
    const apply = fix.getByTestId('call-fix-apply');
    expect(await apply.textContent()).toBe(`Set the From host to ${TRUNK_NAME}`);
    await app.screenshot('call-fix');
    await apply.click();
    await failed.getByTestId('call-fix-applied').waitFor();

    await chooseTarget(page, 'Skyswitch trunk, wrong From host');
    await page.getByTestId('call-to').fill('15551230000');
    await page.getByTestId('call-hold').fill('1');
    await page.getByTestId('call-start').click();
    // The newest call is listed first: the trunk now knows the From host and lets it through.
    const next = page.getByTestId('call-row').first();
    await expect
      .poll(() => next.getAttribute('data-state'), { timeout: 30_000 })
      .toMatch(/^(answered|ended)$/);
  });

  it('imports a capture, lands in Traces, and the noise toggle hides OPTIONS and REGISTER', async () => {
    const { page } = app;
    await page.getByTestId('nav-import').click();
    await page
      .getByTestId('import-file')
      .setInputFiles(path.join(FIXTURES, 'text', 'plain-register-call.txt'));
    await page.getByTestId('traces-screen').waitFor({ timeout: 20_000 });
    await app.screenshot('import-traces');
    const methods = async (): Promise<string[]> => {
      await page.getByTestId('call-list-row').first().waitFor();
      return page
        .getByTestId('call-list-row')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-method') ?? ''));
    };
    const toggle = page.getByTestId('noise-toggle');
    if (!(await toggle.isChecked())) await toggle.check();
    const quiet = await methods();
    expect(quiet).not.toContain('REGISTER');
    await toggle.uncheck();
    await page.locator('[data-testid="call-list-row"][data-method="REGISTER"]').first().waitFor();
    const all = await methods();
    expect(all.length).toBeGreaterThan(quiet.length);
  });
});
