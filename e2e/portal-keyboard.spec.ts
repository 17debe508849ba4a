import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createCustomerWithEmail, readCode, uniqueEmail } from './portal-support';

/** Presses Tab until the field is focused, as a keyboard user would; fails if it is never reached. */
async function tabTo(page: Page, target: Locator) {
  for (let press = 0; press < 40; press += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the field');
}

test('signs in and edits the account with the keyboard alone', async ({ page }) => {
  const email = uniqueEmail('e2e-keys');
  await createCustomerWithEmail(page.request, email);
  await page.goto('/portal/login');
  await tabTo(page, page.getByLabel('Email address'));
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  await tabTo(page, page.getByLabel('Sign-in code'));
  await page.keyboard.type(await readCode(page.request, email));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/portal$/);

  await page.goto('/portal/account');
  const firstName = page.getByLabel('First name');
  await tabTo(page, firstName);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Keyboard');
  await tabTo(page, page.getByRole('button', { name: 'Save changes' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Your account details are saved.')).toBeVisible();
  await page.reload();
  await expect(firstName).toHaveValue('Keyboard');
});
