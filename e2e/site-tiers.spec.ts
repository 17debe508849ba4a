import { expect, type Page, test } from '@playwright/test';
import type Chargebee from 'chargebee';
import type { TestServer } from '@/tests/support/server';
import { captureWidths } from './screenshot-support';
import { expectNoAxeViolations } from './support/axe';
import { signInOnPortal } from './support/own-server';
import { day, realNow, startMachineAt, timeTravelServer, travelTo } from './time-travel-support';

// Access by plan, in Chromium: a long read needs the `long-reads` feature, which the Patron plan's
// Chargebee entitlements grant and Reader's do not. On a server of its own whose time machine starts
// 60 days back, so a downgrade scheduled for the renewal can be travelled past. Tests run in order.
const longRead = '/members/the-migration-that-took-a-year';
const longReadText = 'It is a story about why the honest estimate was never six weeks';
const upgradePath = `/upgrade?feature=long-reads&next=${encodeURIComponent(longRead)}`;
let server: TestServer;
let cb: Chargebee;
let counter = 0;

async function subscriberOn(itemPriceId: string, name: string) {
  counter += 1;
  const email = `e2e_tier_${Date.now().toString(36)}_${counter}@example.com`;
  const { customer } = await cb.customer.create({ email, first_name: name, last_name: 'Tier' });
  await cb.paymentSource.createCard({
    customer_id: customer.id,
    card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
  });
  const { subscription } = await cb.subscription.createWithItems(customer.id, {
    subscription_items: [{ item_price_id: itemPriceId }],
    trial_end: 0,
  });
  return { email, subscription };
}

/** Opens `path` signed out, signs in on the portal's login page, and lands back where the gate sends. */
async function signInAt(page: Page, path: string, email: string) {
  await page.goto(`${server.url}${path}`);
  await signInOnPortal(page, server.url, email);
}

test.describe
  .serial('plans that mean something', () => {
    let genesis = 0;

    // biome-ignore lint/correctness/noEmptyPattern: Playwright passes the fixtures object first
    test.beforeAll(async ({}, testInfo) => {
      testInfo.setTimeout(120_000);
      ({ server, cb } = await timeTravelServer());
      genesis = realNow() - 60 * day;
      await startMachineAt(cb, genesis);
    });

    test.afterAll(async () => {
      await server?.close();
    });

    test('a Reader is offered the upgrade, upgrades in the portal, and comes back to the long read', async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const reader = await subscriberOn('reader-USD-monthly', 'Rhea');
      await signInAt(page, longRead, reader.email);
      await expect(page).toHaveURL(`${server.url}${upgradePath}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        'Long-read magazine is not in your plan',
      );
      await expect(page.getByTestId('upgrade-reason')).toContainText('Your Reader plan does not include it.');
      await expect(page.getByText(longReadText)).toHaveCount(0);
      await captureWidths(page, 'site-upgrade');
      await expectNoAxeViolations(page, 'the upgrade page');

      await page.getByRole('link', { name: 'Upgrade to Patron' }).click();
      // Straight to this reader's own subscription's change-plan page (the SSO deep link).
      await expect(page).toHaveURL(`${server.url}/portal/subscriptions/${reader.subscription.id}/change`);
      await page.getByRole('radio', { name: /Patron Monthly/ }).check();
      await page.getByRole('radio', { name: /^Now/ }).check();
      await page.getByRole('button', { name: 'Review change' }).click();
      await page.getByRole('button', { name: 'Confirm change' }).click();
      await expect(page.getByTestId('done-notice')).toContainText('Your plan is changed');
      await expectNoAxeViolations(page, 'the portal after the upgrade, with the way back');
      await page.getByTestId('back-to-site').click();

      await expect(page).toHaveURL(`${server.url}${longRead}`);
      await expect(page.getByTestId('article-body')).toContainText(longReadText);
    });

    test('a Patron reads the long read directly, and the library says which plan opens it', async ({
      page,
    }) => {
      test.setTimeout(60_000);
      const patron = await subscriberOn('patron-USD-monthly', 'Pia');
      await signInAt(page, longRead, patron.email);
      await expect(page).toHaveURL(`${server.url}${longRead}`);
      await expect(page.getByTestId('article-body')).toContainText(longReadText);
      const download = await page.request.get(`${server.url}${longRead}/text`);
      expect(download.status()).toBe(200);
      expect(await download.text()).toContain(longReadText);

      await page.goto(`${server.url}/members`);
      const teaser = page.getByRole('article').filter({ hasText: 'The migration that took a year' });
      await expect(teaser.getByTestId('requires-feature')).toHaveText('Long read · Patron');
    });

    test('a Patron who downgrades at renewal keeps the long reads until then, and loses them after', async ({
      page,
    }) => {
      test.setTimeout(120_000);
      const patron = await subscriberOn('patron-USD-monthly', 'Dov');
      await signInAt(page, '/account', patron.email);
      await expect(page).toHaveURL(`${server.url}/account`);
      await page.getByRole('link', { name: 'Manage billing' }).click();
      await page.getByTestId('subscription-card').click();
      await page.getByRole('link', { name: 'Change plan' }).click();
      await page.getByRole('radio', { name: /Reader Monthly/ }).check();
      await page.getByRole('radio', { name: /^At renewal/ }).check();
      await page.getByRole('button', { name: 'Review change' }).click();
      await page.getByRole('button', { name: 'Confirm change' }).click();
      await expect(page.getByTestId('done-notice')).toContainText('Your plan change is scheduled');

      await page.goto(`${server.url}${longRead}`);
      await expect(page.getByTestId('article-body')).toContainText(longReadText);

      await travelTo(cb, (patron.subscription.current_term_end ?? 0) + day);
      // The site hears of the renewal by webhook (subscription_changed, entitlements updated).
      await expect(async () => {
        await page.goto(`${server.url}${longRead}`);
        await expect(page).toHaveURL(`${server.url}${upgradePath}`);
      }).toPass({ timeout: 30_000 });
      await expect(page.getByText(longReadText)).toHaveCount(0);
      await expect(page.getByTestId('upgrade-reason')).toContainText('Your Reader plan does not include it.');
      // Still a member: the base tier's articles open.
      await page.goto(`${server.url}/members/the-boring-database-wins`);
      await expect(page.getByTestId('article-body')).toBeVisible();
    });

    test('a Reader never sees long-read text through the router, prefetches or the download', async ({
      page,
    }) => {
      test.setTimeout(60_000);
      const reader = await subscriberOn('reader-USD-monthly', 'Bea');
      await signInAt(page, '/members', reader.email);
      await expect(page).toHaveURL(`${server.url}/members`);

      // A click in the library is a client-side navigation: the router's own request meets the gate.
      await page.getByRole('link', { name: 'The migration that took a year' }).click();
      await expect(page).toHaveURL(`${server.url}${upgradePath}`);
      await expect(page.getByText(longReadText)).toHaveCount(0);

      const attempts: [string, Record<string, string>][] = [
        [longRead, { RSC: '1' }],
        [longRead, { RSC: '1', 'Next-Router-Prefetch': '1' }],
        [longRead, { RSC: '1', 'Next-Router-Prefetch': '1', 'Next-Router-Segment-Prefetch': '/_tree' }],
        [`${longRead}.rsc`, { RSC: '1' }],
        [`${longRead}?_rsc=abc12`, { RSC: '1' }],
        [`${longRead}/text`, {}],
        [`${longRead}/text`, { RSC: '1' }],
      ];
      // From inside the page, with the reader's cookies, as a script on the site could.
      const answers = await page.evaluate(
        async (list) =>
          Promise.all(
            list.map(async ([path, headers]) => {
              const response = await fetch(path, { headers, redirect: 'follow' });
              return { path, url: response.url, body: await response.text() };
            }),
          ),
        attempts,
      );
      for (const answer of answers) {
        expect(answer.body, `${answer.path} → ${answer.url}`).not.toContain(longReadText);
      }
    });
  });
