import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { billingCustomer, fillCard, openPortal } from './portal-billing-support';
import { callApi } from './portal-support';
import { expectNoAxeViolations } from './support/axe';

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
    await page.screenshot({ path: path.join(folder, `${name}-${label}.png`), fullPage: true });
    await expectNoAxeViolations(page, name, { widths: 'current' });
  }
}

test('every billing page and the hosted checkout fit from phone to desktop', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const customer = await billingCustomer(page.request, {
    cards: ['4111111111111111', '5555555555554444'],
    firstName: 'Margaret',
    lastName: 'Hamilton',
  });
  await callApi(page.request, `customers/${customer.id}/update_billing_info`, {
    'billing_address[line1]': '1 Apollo Way',
    'billing_address[city]': 'Cambridge',
    'billing_address[zip]': '02139',
    'billing_address[country]': 'US',
  });
  for (const plan of ['patron-USD-monthly', 'reader-USD-monthly']) {
    await callApi(page.request, `subscriptions/${customer.subscriptionId}/update_for_items`, {
      'subscription_items[item_price_id][0]': plan,
      change_option: 'immediately',
    });
  }
  await callApi(page.request, `subscriptions/${customer.subscriptionId}/update_for_items`, {
    'subscription_items[item_price_id][0]': 'reader-USD-yearly',
    change_option: 'end_of_term',
  });
  const subscription = `/portal/subscriptions/${customer.subscriptionId}`;

  await openPortal(page, customer.id, baseURL);
  await capture(page, 'portal-overview');
  await page.goto('/portal/subscriptions');
  await capture(page, 'portal-subscriptions');
  await page.goto(subscription);
  await capture(page, 'portal-subscription');
  await page.goto(`${subscription}/change`);
  await capture(page, 'portal-change-plan');
  await page.goto(`${subscription}/change?step=review&plan=patron-USD-monthly&when=now`);
  await expect(page.getByTestId('estimate-now')).toBeVisible();
  await capture(page, 'portal-change-plan-review');
  await page.goto(`${subscription}/cancel?step=review&when=now`);
  await capture(page, 'portal-cancel');
  await page.goto('/portal/payment-methods');
  await fillCard(page.getByTestId('add-card-form'), '4119 8627 6033 8320');
  await page.getByRole('button', { name: 'Save card' }).click();
  await expect(page.locator('#field-number-error')).toBeVisible();
  await expectNoAxeViolations(page, 'payment methods with a refused card');
  await page.setViewportSize(widths.desktop);
  fs.mkdirSync(folder, { recursive: true });
  await page.screenshot({
    path: path.join(folder, 'portal-payment-methods-errors-desktop.png'),
    fullPage: true,
  });
  await capture(page, 'portal-payment-methods');
  await page.goto('/portal/billing-history');
  await capture(page, 'portal-billing-history');

  const { hosted_page } = await callApi(page.request, 'hosted_pages/checkout_new_for_items', {
    'subscription_items[item_price_id][0]': 'reader-USD-monthly',
    'customer[id]': customer.id,
    redirect_url: `${baseURL}/?from=checkout`,
  });
  await page.goto(new URL(hosted_page?.url as string).pathname);
  await capture(page, 'checkout');
  await fillCard(page, '4005 5192 0000 0004', 'Margaret Hamilton');
  await page.getByRole('button', { name: /^(Pay|Start free trial)/ }).click();
  await expect(page.locator('#field-number-error')).toBeVisible();
  await capture(page, 'checkout-declined');
  const fresh = await callApi(page.request, 'hosted_pages/checkout_new_for_items', {
    'subscription_items[item_price_id][0]': 'patron-USD-monthly',
    redirect_url: `${baseURL}/?from=checkout`,
    cancel_url: `${baseURL}/?from=cancel`,
  });
  await page.goto(new URL(fresh.hosted_page?.url as string).pathname);
  await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await capture(page, 'checkout-new-customer');
  await page.goto(`/pages/v3/${'Z'.repeat(32)}`);
  await capture(page, 'checkout-not-found');
});
