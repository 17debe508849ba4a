import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createCustomerWithEmail, createSsoSession, signIn, uniqueEmail } from './portal-support';
import { expectNoAxeViolations } from './support/axe';
import { typeInto } from './support/keyboard';

// UPDATE_SCREENSHOTS=1 writes the pictures kept in docs/screenshots; otherwise they go to test-results.
const folder = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/portal-screenshots';
const widths = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } } as const;

async function capture(page: Page, name: string) {
  for (const [label, size] of Object.entries(widths)) {
    await page.setViewportSize(size);
    await page.reload();
    await expect(page.locator('main').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} scrolls sideways at ${size.width}px`).toBeLessThanOrEqual(0);
    fs.mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: path.join(folder, `portal-${name}-${label}.png`), fullPage: true });
    await expectNoAxeViolations(page, name, { widths: 'current' });
  }
}

test('every portal page fits from phone to desktop', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await page.goto(`/portal/login?cancel_url=${encodeURIComponent(`${baseURL}/`)}`);
  await capture(page, 'login');
  await page.goto('/portal/login/code?email=reader%40example.com&error=wrong');
  await capture(page, 'code');
  await page.goto('/portal/login?return_url=https%3A%2F%2Fevil.example.com%2F');
  await capture(page, 'invalid-link');

  const email = uniqueEmail('margaret');
  await createCustomerWithEmail(page.request, email);
  await signIn(page, email);
  await page.goto('/portal/account');
  await page.getByLabel('First name').fill('Margaret');
  await page.getByLabel('Last name').fill('Hamilton');
  await page.getByLabel('Company').fill('Apollo Guidance Ltd');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('form-notice')).toBeVisible();
  await page.goto('/portal');
  await capture(page, 'home');
  await page.goto('/portal/account');
  await capture(page, 'account');
  // On a phone, by keyboard: the skip link, then focus on the field an error names.
  await page.setViewportSize(widths.phone);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.screenshot({ path: path.join(folder, 'portal-skip-link-phone.png') });
  await typeInto(page, page.getByLabel('Phone'), 'call me maybe');
  await page.keyboard.press('Enter');
  await expect(page.locator('#field-phone-error')).toBeVisible();
  await expect(page.getByLabel('Phone')).toBeFocused();
  await page.screenshot({ path: path.join(folder, 'portal-focus-error-phone.png') });
  await page.goto('/portal/address');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.locator('#field-line1-error')).toBeVisible();
  await expectNoAxeViolations(page, 'address with errors');
  await page.setViewportSize(widths.desktop);
  await page.screenshot({ path: path.join(folder, 'portal-address-errors-desktop.png'), fullPage: true });
  await capture(page, 'address');
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await capture(page, 'mailbox');

  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  await page.goto(sso.accessPath);
  await page.goto(sso.accessPath);
  await expect(page).toHaveURL(/\/portal\/access-ended\?reason=used/);
  await capture(page, 'access-ended');
});
