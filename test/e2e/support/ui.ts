// What a technician does on each screen, as steps the specs share. Locators are data-testids
// (test/e2e and renderer agree on them); waits are Playwright's auto-waiting, never sleeps.
import type { Page } from 'playwright-core';

export interface TargetInput {
  readonly name: string;
  readonly server: string;
  readonly profile?: string;
  readonly user?: string;
  readonly password?: string;
  readonly trunkName?: string;
  readonly callerId?: string;
}

export async function createTarget(page: Page, t: TargetInput): Promise<void> {
  await page.getByTestId('nav-targets').click();
  await page.getByTestId('target-new').click();
  await page.getByTestId('target-name').fill(t.name);
  if (t.profile) await page.getByTestId('target-profile').selectOption(t.profile);
  await page.getByTestId('target-server').fill(t.server);
  if (t.user) await page.getByTestId('target-user').fill(t.user);
  if (t.password) await page.getByTestId('target-password').fill(t.password);
  if (t.trunkName) await page.getByTestId('target-trunk-name').fill(t.trunkName);
  if (t.callerId) await page.getByTestId('target-caller-id').fill(t.callerId);
  await page.getByTestId('target-save').click();
  await page.getByTestId('target-row').filter({ hasText: t.name }).waitFor();
}

/** Picks the target by its name on a screen with a target select. */
export async function chooseTarget(page: Page, name: string): Promise<void> {
  const select = page.getByTestId('target-select');
  const value = await select.locator('option', { hasText: name }).getAttribute('value');
  if (value === null) throw new Error(`no target named ${name} in the picker`);
  await select.selectOption(value);
}
