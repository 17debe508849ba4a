import { expect, type Page, test } from '@playwright/test';
import { decode } from 'next-auth/jwt';
import { startTestServer, type TestServer } from '@/tests/support/server';
import { fillCard } from './portal-billing-support';
import { billingApi, signInOnPortal } from './support/own-server';

// This spec runs its own server so it knows AUTH_SECRET and can read which portal sessions the
// visitor's token holds, then check each one through the billing API after sign-out.
const authSecret = 'site-e2e-secret-0123456789abcdefghijkl';
const slug = 'the-boring-database-wins';
const membersOnly = 'This single habit will teach you more about the durability of your system';
let server: TestServer;
let counter = 0;

const billing: ReturnType<typeof billingApi> = (...args) => billingApi(server.url)(...args);

async function newSubscriber() {
  counter += 1;
  const id = `e2e_${Date.now().toString(36)}_${counter}`;
  const email = `${id}@example.com`;
  await billing('POST', 'customers', { id, email, first_name: 'Sam', last_name: 'Reader' });
  await billing('POST', 'payment_sources/create_card', {
    customer_id: id,
    'card[number]': '4111111111111111',
    'card[expiry_month]': '12',
    'card[expiry_year]': '2035',
    'card[cvv]': '123',
  });
  await billing('POST', `customers/${id}/subscription_for_items`, {
    'subscription_items[item_price_id][0]': 'reader-USD-monthly',
    trial_end: '0', // a paying subscriber (no trial); the checkout test below starts a trial
  });
  return { id, email };
}

async function heldPortalSessions(page: Page): Promise<string[]> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'authjs.session-token');
  if (!cookie) throw new Error('The browser holds no session cookie.');
  const token = await decode({ token: cookie.value, secret: authSecret, salt: 'authjs.session-token' });
  return (token?.portalSessionIds as string[] | undefined) ?? [];
}

test.describe('subscriber website', () => {
  // biome-ignore lint/correctness/noEmptyPattern: Playwright passes the fixtures object first
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    server = await startTestServer({ AUTH_SECRET: authSecret });
  });

  test.afterAll(async () => {
    await server?.close();
  });

  test('a members link sends a visitor through portal sign-in and back to the article', async ({ page }) => {
    const subscriber = await newSubscriber();
    await page.goto(`${server.url}/members/${slug}`);
    await signInOnPortal(page, server.url, subscriber.email);
    await expect(page).toHaveURL(`${server.url}/members/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('The boring database wins');
    await expect(page.getByTestId('article-body')).toContainText(membersOnly);
    expect(page.url()).not.toContain('auth_session');
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }),
    ).toBeVisible();
  });

  test('Manage billing lands in the portal, and sign-out logs out every portal session', async ({ page }) => {
    const subscriber = await newSubscriber();
    await page.goto(`${server.url}/account`);
    await signInOnPortal(page, server.url, subscriber.email);
    await expect(page).toHaveURL(`${server.url}/account`);
    await expect(page.getByTestId('account-plan')).toHaveText('Reader Monthly');
    await expect(page.getByTestId('account-status')).toContainText('Active');

    await page.getByRole('link', { name: 'Manage billing' }).click();
    await expect(page).toHaveURL(`${server.url}/portal`);
    await expect(page.getByRole('heading', { name: 'Hello, Sam' })).toBeVisible();

    await page.goto(`${server.url}/account`);
    const held = await heldPortalSessions(page);
    expect(held).toHaveLength(2);
    const before = await Promise.all(held.map((id) => billing('GET', `portal_sessions/${id}`)));
    expect(before.map((answer) => answer.portal_session?.status)).toEqual(['activated', 'logged_in']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${server.url}/?signed_out=1`);
    await expect(page.getByTestId('signed-out')).toBeVisible();
    for (const id of held) {
      expect((await billing('GET', `portal_sessions/${id}`)).portal_session?.status).toBe('logged_out');
    }
    await page.goto(`${server.url}/members`);
    await expect(page).toHaveURL(/\/portal\/login\?/);
  });

  test('a customer without a subscription subscribes through hosted checkout and reads members content', async ({
    page,
  }) => {
    counter += 1;
    const email = `e2e_free_${Date.now().toString(36)}_${counter}@example.com`;
    await billing('POST', 'customers', { email, first_name: 'Sam' });
    await page.goto(`${server.url}/members/${slug}`);
    await signInOnPortal(page, server.url, email);
    await expect(page).toHaveURL(`${server.url}/pricing?reason=no_subscription`);
    await expect(page.getByTestId('pricing-reason')).toContainText('Members articles need a subscription');
    await page.getByRole('button', { name: 'Start free trial of Reader Monthly' }).click();
    await expect(page).toHaveURL(/\/pages\/v3\/[A-Za-z0-9]+\/?$/);
    const hostedPageId = new URL(page.url()).pathname.split('/')[3] ?? '';

    await fillCard(page, '4111 1111 1111 1111', 'Sam Reader');
    // Reader Monthly starts with its 14-day trial: the card is stored, access is immediate.
    await page.getByRole('button', { name: 'Start free trial' }).click();
    await expect(page).toHaveURL(`${server.url}/members?welcome=1`);
    await expect(page.getByTestId('welcome')).toBeVisible();
    const hosted = await billing('GET', `hosted_pages/${hostedPageId}`);
    expect(hosted.hosted_page).toMatchObject({ type: 'checkout_new', state: 'acknowledged' });

    await page.goto(`${server.url}/members/${slug}`);
    await expect(page.getByTestId('article-body')).toContainText(membersOnly);
  });

  test('Log out in the portal lands back on the site, and that portal session is logged out', async ({
    page,
  }) => {
    const subscriber = await newSubscriber();
    await page.goto(`${server.url}/account`);
    await signInOnPortal(page, server.url, subscriber.email);
    await page.getByRole('link', { name: 'Manage billing' }).click();
    await expect(page).toHaveURL(`${server.url}/portal`);
    const held = await heldPortalSessions(page);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(`${server.url}/account`);
    const sso = held[held.length - 1] ?? '';
    expect((await billing('GET', `portal_sessions/${sso}`)).portal_session?.status).toBe('logged_out');
    await page.goto(`${server.url}/portal`);
    await expect(page).toHaveURL(/\/portal\/login/);
  });
});

test.describe('the paywall in a real browser, against hostile visitors', () => {
  // biome-ignore lint/correctness/noEmptyPattern: Playwright passes the fixtures object first
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    server = await startTestServer({ AUTH_SECRET: authSecret });
  });

  test.afterAll(async () => {
    await server?.close();
  });

  test('a return link carrying someone else’s auth session signs nobody in', async ({ browser }) => {
    const victim = await newSubscriber();
    // The victim signs in; the link the portal sends them back with is then leaked (history, logs).
    const victimContext = await browser.newContext();
    const victimPage = await victimContext.newPage();
    let stolen = '';
    victimPage.on('request', (request) => {
      if (request.url().includes('/auth/portal/return')) stolen = request.url();
    });
    await victimPage.goto(`${server.url}/members/${slug}`);
    await signInOnPortal(victimPage, server.url, victim.email);
    await expect(victimPage).toHaveURL(`${server.url}/members/${slug}`);
    expect(stolen).toContain('auth_session_token=');
    await victimContext.close();

    const attacker = await browser.newPage();
    await attacker.goto(stolen);
    await expect(attacker).toHaveURL(/\/auth\/problem/);
    const cookies = await attacker.context().cookies();
    expect(cookies.some((cookie) => cookie.name === 'authjs.session-token')).toBe(false);
    await attacker.goto(`${server.url}/members/${slug}`);
    await expect(attacker).toHaveURL(/\/portal\/login\?/);
  });

  const probes: [string, string, Record<string, string>][] = [
    ['.rsc suffix', `/members/${slug}.rsc`, {}],
    ['RSC header', `/members/${slug}`, { RSC: '1' }],
    ['prefetch headers', `/members/${slug}`, { RSC: '1', 'Next-Router-Prefetch': '1' }],
    [
      'middleware subrequest',
      `/members/${slug}`,
      { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
    ],
    ['proxy subrequest', `/members/${slug}`, { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' }],
  ];
  for (const [name, path, headers] of probes) {
    test(`a visitor without a session never sees members content (${name})`, async ({ browser }) => {
      const context = await browser.newContext({ extraHTTPHeaders: headers });
      const page = await context.newPage();
      const response = await page.goto(`${server.url}${path}`);
      expect(await response?.text()).not.toContain(membersOnly);
      expect(await page.content()).not.toContain(membersOnly);
      await context.close();
    });
  }
});
