import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createSsoSession } from './portal-support';

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
      violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const holder = window as unknown as { __csp?: string[] };
      holder.__csp = [...(holder.__csp ?? []), `${event.violatedDirective} ${event.blockedURI}`];
    });
  });
  return async () => [
    ...violations,
    ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])) as string[]),
  ];
}

/** Next's inline bootstrap scripts ran (by nonce, or by hash on the cached pages) and React hydrated. */
async function expectHydrated(page: Page) {
  await expect
    .poll(() => page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown }).__next_f)))
    .toBe(true);
  await expect
    .poll(() =>
      page.evaluate(() => {
        const root = document.body as unknown as Record<string, unknown>;
        return Object.keys(root).some((key) => key.startsWith('__react'));
      }),
    )
    .toBe(true);
}

for (const path of ['/', '/pricing', '/portal/login', '/no-such-page', '/pages/v3/unknown_page/']) {
  test(`${path} hydrates under the Content-Security-Policy with no violation`, async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto(path);
    await expectHydrated(page);
    await expect(page.locator('body')).not.toHaveCSS('font-family', /Times/);
    expect(await violations()).toEqual([]);
  });
}

test('the cached home page navigates client-side to the cached pricing page with no violation', async ({
  page,
}) => {
  const violations = await watchCsp(page);
  await page.goto('/');
  await expectHydrated(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pricing' }).click();
  await expect(page).toHaveURL(/\/pricing$/);
  await expect(page.getByTestId('two-doors')).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('the portal, signed in, hydrates and navigates client-side with no violation', async ({
  page,
  baseURL,
}) => {
  const violations = await watchCsp(page);
  const sso = await createSsoSession(page.request, { redirectUrl: `${baseURL}/` });
  await page.goto(sso.accessPath);
  await expect(page).toHaveURL(/\/portal$/);
  await expectHydrated(page);
  await page.getByRole('link', { name: 'Account details' }).first().click();
  await expect(page).toHaveURL(/\/portal\/account$/);
  expect(await violations()).toEqual([]);
});
