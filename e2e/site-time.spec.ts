import { expect, type Page, test } from '@playwright/test';
import type Chargebee from 'chargebee';
import type { TestServer } from '@/tests/support/server';
import { fillCard } from './portal-billing-support';
import { captureWidths } from './screenshot-support';
import { expectNoAxeViolations } from './support/axe';
import { signInOnPortal } from './support/own-server';
import {
  day,
  readerWhoseRenewalWillDecline,
  realNow,
  startMachineAt,
  timeTravelServer,
  travelTo,
} from './time-travel-support';

// A month and more of subscription life, on a server of its own whose time machine starts 100 days
// back: a trial that turns into a paid month, a renewal that declines and is paid from the portal, and
// one that is never paid and ends. Time only moves forward, so the tests run in order.
// UPDATE_SCREENSHOTS=1 keeps the pictures in docs/screenshots; otherwise they go to test-results.
const slug = 'the-boring-database-wins';
const membersOnly = 'This single habit will teach you more about the durability of your system';
let server: TestServer;
let cb: Chargebee;
let counter = 0;

/** A paying customer (no trial) whose card declines from the next charge on, and when that is. */
async function customerWhoseRenewalDeclines() {
  counter += 1;
  const email = `e2e_time_${Date.now().toString(36)}_${counter}@example.com`;
  const { customer, subscription } = await readerWhoseRenewalWillDecline(cb, email);
  return { id: customer.id, email, renewal: subscription.current_term_end as number };
}

/** Reloads `path` until `check` passes: the site learns of billing changes by webhook, a moment later. */
async function eventually(page: Page, path: string, check: () => Promise<void>) {
  await expect(async () => {
    await page.goto(`${server.url}${path}`);
    await check();
  }).toPass({ timeout: 30_000 });
}

test.describe
  .serial('a subscription as time passes', () => {
    let genesis = 0;
    let declining: Awaited<ReturnType<typeof customerWhoseRenewalDeclines>>;
    let neverPays: Awaited<ReturnType<typeof customerWhoseRenewalDeclines>>;

    // biome-ignore lint/correctness/noEmptyPattern: Playwright passes the fixtures object first
    test.beforeAll(async ({}, testInfo) => {
      testInfo.setTimeout(120_000);
      ({ server, cb } = await timeTravelServer());
      genesis = realNow() - 100 * day;
      await startMachineAt(cb, genesis);
    });

    test.afterAll(async () => {
      await server?.close();
    });

    test('a new reader starts a free trial from /pricing, reads, and is charged when it ends', async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const email = `e2e_trial_${Date.now().toString(36)}@example.com`;
      await page.goto(`${server.url}/pricing`);
      await expect(page.getByTestId('trial-offer').first()).toHaveText('Start your 14-day free trial');
      await page.getByRole('button', { name: 'Start free trial of Reader Monthly' }).click();
      await expect(page).toHaveURL(/\/pages\/v3\/[A-Za-z0-9_-]+\/?$/);
      await expect(page.getByText('Your card will not be charged until')).toBeVisible();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('First name').fill('Tess');
      await page.getByLabel('Last name').fill('Trial');
      await fillCard(page, '4111 1111 1111 1111', 'Tess Trial');
      await page.getByRole('button', { name: 'Start free trial' }).click();
      await expect(page).toHaveURL(`${server.url}/members?welcome=1`);
      await page.goto(`${server.url}/members/${slug}`);
      await expect(page.getByTestId('article-body')).toContainText(membersOnly);

      await page.goto(`${server.url}/account`);
      await expect(page.getByTestId('account-status')).toContainText('Free trial');
      await expect(page.getByTestId('account-standing')).toHaveText(
        /^Free trial until \d{1,2} \w+ \d{4}; then \$9 a month\.$/,
      );
      await captureWidths(page, 'site-account-trial');
      await expectNoAxeViolations(page, 'account in a trial');

      await travelTo(cb, genesis + 15 * day);
      await eventually(page, '/account', async () => {
        await expect(page.getByTestId('account-status')).toContainText('Active');
        await expect(page.getByTestId('account-standing')).toHaveText(/^Renews on .+ for \$9\.$/);
      });
      await page.getByRole('link', { name: 'Manage billing' }).click();
      await expect(page).toHaveURL(new RegExp(`^${server.url}/portal`));
      await page.getByRole('link', { name: 'Billing history' }).first().click();
      const rows = page.getByRole('row');
      await expect(rows.filter({ hasText: '$9.00' }).first()).toContainText('Paid');
    });

    test('a declined renewal shows on the site; the reader pays with a new card in the portal', async ({
      page,
    }) => {
      test.setTimeout(90_000);
      declining = await customerWhoseRenewalDeclines();
      neverPays = await customerWhoseRenewalDeclines();
      await travelTo(cb, declining.renewal + day);

      await page.goto(`${server.url}/members`);
      await signInOnPortal(page, server.url, declining.email);
      await expect(page).toHaveURL(`${server.url}/members`);
      const notice = page.getByTestId('payment-due-notice');
      await expect(notice).toContainText('Your payment of $9 did not go through');
      await expect(notice).toContainText('we will try your card again on');
      await expect(page.getByTestId('members-library')).toBeVisible();
      await captureWidths(page, 'site-payment-due');
      await expectNoAxeViolations(page, 'members library with a failed payment');
      await page.goto(`${server.url}/members/${slug}`);
      await expect(page.getByTestId('payment-due-notice')).toBeVisible();
      await expect(page.getByTestId('article-body')).toContainText(membersOnly);
      await page.goto(`${server.url}/account`);
      await expect(page.getByTestId('account-status')).toContainText('Payment failed');
      await expect(page.getByTestId('account-standing')).toContainText('Payment of $9 failed on');
      await captureWidths(page, 'site-account-dunning');
      await expectNoAxeViolations(page, 'account in dunning');

      await page.getByTestId('payment-due-action').click();
      await expect(page).toHaveURL(`${server.url}/portal/payment-methods`);
      const form = page.getByTestId('add-card-form');
      await fillCard(form, '5555 5555 5555 4444', 'Dana Decline');
      await form.getByRole('button', { name: /^(Save card|Pay)/ }).click();
      await expect(page.getByTestId('form-notice')).toContainText('Mastercard •••• 4444');

      const { list } = await cb.invoice.list({ customer_id: { is: declining.id } });
      const invoices = list.map((entry) => entry.invoice);
      expect(invoices.find((invoice) => invoice.date === declining.renewal)?.status).toBe('paid');
      await eventually(page, '/members', async () => {
        await expect(page.getByTestId('members-library')).toBeVisible();
        await expect(page.getByTestId('payment-due-notice')).toHaveCount(0);
      });
    });

    test('a reader who never pays is travelled through dunning and ends on /pricing, told why', async ({
      page,
    }) => {
      test.setTimeout(90_000);
      await page.goto(`${server.url}/members`);
      await signInOnPortal(page, server.url, neverPays.email);
      await expect(page.getByTestId('payment-due-notice')).toBeVisible();

      await travelTo(cb, neverPays.renewal + 8 * day);
      await eventually(page, `/members/${slug}`, async () => {
        await expect(page).toHaveURL(`${server.url}/pricing?reason=not_paid`);
      });
      await expect(page.getByTestId('pricing-reason')).toContainText(
        'Your subscription ended because payments failed.',
      );
      await expect(page.getByText(membersOnly)).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Subscribe to Reader Monthly' })).toBeVisible();
      await expectNoAxeViolations(page, 'pricing after a cancellation for non-payment');
      await page.goto(`${server.url}/account`);
      await expect(page.getByTestId('account-standing')).toHaveText(
        /^Cancelled on .+ because payments failed\./,
      );
      await page.goto(`${server.url}/members`);
      await expect(page).toHaveURL(`${server.url}/pricing?reason=not_paid`);
    });
  });
