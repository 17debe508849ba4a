import { expect, type Page, test } from '@playwright/test';
import { testApiKey } from '@/tests/support/constants';
import { startTestServer, type TestServer } from '@/tests/support/server';
import { expectNoAxeViolations } from './support/axe';
import { tabTo } from './support/keyboard';

// Renders every site page at desktop and phone widths and checks nothing scrolls sideways on a phone.
// UPDATE_SCREENSHOTS=1 writes the pictures kept in docs/screenshots; otherwise they go to test-results.
const folder = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/site-screenshots';
let server: TestServer;

async function billing(path: string, params: Record<string, string>) {
  const response = await fetch(`${server.url}/api/v2/${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${testApiKey}:`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params).toString(),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

async function signInAsSubscriber(page: Page) {
  const id = `shots_${Date.now().toString(36)}`;
  const email = `${id}@example.com`;
  // An older account under the same email, without a subscription: /account offers it.
  await billing('customers', { id: `${id}_old`, email, first_name: 'Ada' });
  await billing('customers', { id, email, first_name: 'Ada', last_name: 'Lovelace' });
  await billing('payment_sources/create_card', {
    customer_id: id,
    'card[number]': '4111111111111111',
    'card[expiry_month]': '12',
    'card[expiry_year]': '2035',
  });
  await billing(`customers/${id}/subscription_for_items`, {
    'subscription_items[item_price_id][0]': 'patron-USD-yearly',
  });
  await page.goto(`${server.url}/login?next=%2Faccount`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  let code = '';
  for (let attempt = 0; attempt < 50 && !code; attempt += 1) {
    const answer = await fetch(`${server.url}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    const { messages } = (await answer.json()) as { messages: { text: string }[] };
    code = /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1] ?? '';
    if (!code) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await page.getByLabel('Sign-in code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${server.url}/account`);
}

const visitorPages = [
  ['home', '/'],
  ['pricing', '/pricing'],
  ['pricing-checkout-elsewhere', '/pricing?reason=checkout_other_browser'],
  ['sign-in-problem', '/auth/problem?reason=state'],
] as const;
const memberPages = [
  ['members', '/members'],
  ['article', '/members/pricing-is-a-promise'],
  ['account', '/account'],
  ['pricing-member', '/pricing'],
] as const;

const widths = [
  ['desktop', 1280, 900],
  ['phone', 360, 740],
] as const;

test.describe('site pages at desktop and phone widths', () => {
  // biome-ignore lint/correctness/noEmptyPattern: Playwright passes the fixtures object first
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    server = await startTestServer();
  });

  test.afterAll(async () => {
    await server?.close();
  });

  for (const [device, width, height] of widths) {
    test(`every page fits a ${width} px screen (${device})`, async ({ page }) => {
      test.setTimeout(90_000);
      await page.setViewportSize({ width, height });
      const capture = async (name: string, path: string) => {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${folder}/site-${name}-${device}.png`, fullPage: true });
        await expectNoAxeViolations(page, name, { widths: 'current' });
      };
      for (const [name, path] of visitorPages) await capture(name, path);
      if (device === 'phone') {
        // What a keyboard user sees: the skip link first, then a focused button with its ring.
        await page.goto(`${server.url}/`);
        await page.keyboard.press('Tab');
        await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
        await page.screenshot({ path: `${folder}/site-skip-link-phone.png` });
        await page.goto(`${server.url}/pricing`);
        const subscribe = page.getByRole('button', { name: 'Subscribe to Reader Yearly' });
        await tabTo(page, subscribe);
        await expect(subscribe).toBeFocused();
        await page.screenshot({ path: `${folder}/site-focus-phone.png` });
      }
      await signInAsSubscriber(page);
      for (const [name, path] of memberPages) await capture(name, path);
    });
  }
});
