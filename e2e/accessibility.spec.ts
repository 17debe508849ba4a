import { brand } from '@/lib/brand';
import { expect, test } from './fixtures';
import { billingCustomer, openPortal } from './portal-billing-support';
import { expectNoAxeViolations } from './support/axe';
import { tabTo } from './support/keyboard';

// What a keyboard, a phone and a browser notice beyond the forms (those are in portal-keyboard.spec.ts):
// skip links, the portal's tab strip on a phone, page titles, the focus ring, icons and robots.txt.

test('the first Tab on the site and in the portal reaches "Skip to content", which lands on the main content', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request);
  for (const path of ['/', '/pricing']) {
    await page.goto(path);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.locator('main a, main button').first()).toBeFocused();
  }
  await openPortal(page, customer.id, baseURL);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#content')).toBeFocused();
});

test('on a phone the portal tab strip shows the current tab and marks the sides that have more', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request);
  await page.setViewportSize({ width: 360, height: 740 });
  await openPortal(page, customer.id, baseURL);
  const nav = page.getByRole('navigation', { name: 'Billing portal' });
  await expect(nav.getByTestId('nav-more-end')).toBeVisible();
  await expect(nav.getByTestId('nav-more-start')).toHaveCount(0);
  for (const [path, label] of [
    ['/portal/billing-history', 'Billing history'],
    ['/portal/account', 'Account details'],
    ['/portal/address', 'Billing address'],
  ] as const) {
    await page.goto(path);
    const tab = nav.getByRole('link', { name: label });
    await expect(tab).toHaveAttribute('aria-current', 'page');
    // The whole tab is on screen (less the 1 px of its underline that overlaps the strip's border).
    const box = await tab.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360, `${label} at ${JSON.stringify(box)}`).toBe(true);
    await expect(tab).toBeInViewport({ ratio: 0.95 });
    await expect(nav.getByTestId('nav-more-start')).toBeVisible();
  }
});

test('titles name the page a visitor is on, 404s included', async ({ page, baseURL }) => {
  const customer = await billingCustomer(page.request);
  await page.goto('/no-such-page');
  await expect(page).toHaveTitle(`Page not found · ${brand.name}`);
  await expectNoAxeViolations(page, 'the site 404');
  await openPortal(page, customer.id, baseURL);
  await expect(page).toHaveTitle('Overview · Billing portal');
  const missing = await page.goto('/portal/subscriptions/sub_missing');
  expect(missing?.status()).toBe(404);
  await expect(page).toHaveTitle('Subscription not found · Billing portal');
  await expectNoAxeViolations(page, 'a portal subscription 404');
  await page.goto('/portal/subscriptions/sub_missing/change');
  await expect(page).toHaveTitle('Subscription not found · Billing portal');
});

test('a focused primary button shows its ring at once: the outline is never part of a transition', async ({
  page,
}) => {
  await page.goto('/portal/login');
  const button = page.getByRole('button', { name: 'Email me a code' });
  await tabTo(page, button);
  const style = await button.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { transition: computed.transitionProperty, outline: computed.outlineStyle };
  });
  expect(style.transition).not.toMatch(/outline|all/);
  expect(style.outline).toBe('solid');
});

test('the icon, manifest and robots.txt are served, and robots.txt keeps billing and dev pages out', async ({
  request,
}) => {
  for (const path of [
    '/favicon.ico',
    '/icon.svg',
    '/apple-icon.png',
    '/icon-192.png',
    '/manifest.webmanifest',
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
  }
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: brand.name, start_url: '/' });
  const robots = await (await request.get('/robots.txt')).text();
  for (const path of ['/portal', '/pages/', '/dev/', '/api/'])
    expect(robots).toContain(`Disallow: ${path}\n`);
  expect(robots).not.toMatch(/Disallow: \/\n/);
});
