import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { billingCustomer, fillCard } from './portal-billing-support';
import { callApi, readCode, uniqueEmail } from './portal-support';
import { expectNoAxeViolations } from './support/axe';

// The front door as a new reader meets it: the portal login admits only existing customers (as
// Chargebee's does), so a new reader subscribes first and the checkout makes their account.
const slug = 'the-boring-database-wins';
const membersOnly = 'This single habit will teach you more about the durability of your system';

/** On /pricing, signed out: Subscribe to Reader monthly, type the buyer's details, pay. */
async function subscribeAsNewReader(page: Page, email: string, firstName = 'Nell') {
  await page.goto('/pricing');
  await expect(page.getByTestId('two-doors')).toContainText('Already a subscriber?');
  await page.getByRole('button', { name: 'Start free trial of Reader Monthly' }).click();
  await expect(page).toHaveURL(/\/pages\/v3\/[A-Za-z0-9_-]+\/?$/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill('Reader');
  await fillCard(page, '4111 1111 1111 1111', `${firstName} Reader`);
  // Reader Monthly starts with a 14-day free trial: the card is stored, not charged.
  await page.getByRole('button', { name: 'Start free trial' }).click();
}

/** Through /login and the portal's email-code login, back to `next` on the site. */
async function signInThroughPortal(page: Page, email: string) {
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await expect(page).toHaveURL(/\/portal\/login\?/);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await page.getByLabel('Sign-in code').fill(await readCode(page.request, email));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a brand-new reader subscribes without signing in, reads, signs out and signs back in by email', async ({
  page,
}) => {
  const email = uniqueEmail('front-door');
  await subscribeAsNewReader(page, email);
  await expect(page).toHaveURL(/\/members\?welcome=1$/);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }),
  ).toBeVisible();
  await expectNoAxeViolations(page, 'members welcome');

  await page.goto(`/members/${slug}`);
  await expect(page.getByText(membersOnly)).toBeVisible();

  await page.goto('/account');
  await expect(page.getByTestId('account-identity')).toContainText(email);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/\?signed_out=1$/);

  await page.goto('/pricing');
  await signInThroughPortal(page, email);
  await expect(page).toHaveURL(/\/members$/);
  await page.goto(`/members/${slug}`);
  await expect(page.getByText(membersOnly)).toBeVisible();
});

test('an existing subscriber signs in from /pricing and is not offered a second purchase', async ({
  page,
}) => {
  const subscriber = await billingCustomer(page.request);
  await page.goto('/pricing');
  await signInThroughPortal(page, subscriber.email);
  await expect(page).toHaveURL(/\/members$/);
  await page.goto('/pricing');
  await expect(page.getByTestId('already-member')).toBeVisible();
  await expect(page.getByTestId('two-doors')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^(Subscribe to|Start free trial of)/ })).toHaveCount(0);
});

test('a second customer made by checkout with the same email signs in as the one that pays', async ({
  page,
}) => {
  const email = uniqueEmail('two-accounts');
  const { customer } = await callApi(page.request, 'customers', { email, first_name: 'Old' });
  const unpaidId = customer?.id as string;

  await subscribeAsNewReader(page, email, 'New');
  await expect(page).toHaveURL(/\/members\?welcome=1$/);
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto('/pricing');
  await signInThroughPortal(page, email);
  await expect(page).toHaveURL(/\/members$/);
  await page.goto(`/members/${slug}`);
  await expect(page.getByText(membersOnly)).toBeVisible();
  await page.goto('/account');
  await expect(page.getByTestId('account-identity')).not.toContainText(unpaidId);
  await expect(page.getByTestId('linked-accounts')).toContainText(unpaidId);
  // The one that pays is in its 14-day trial (Reader Monthly), which the site shows as such.
  await expect(page.getByTestId('account-status')).toContainText('Free trial');

  await page.getByRole('button', { name: `Use this account ${unpaidId}` }).click();
  await expect(page.getByTestId('account-notice')).toContainText('Switched account.');
  await expectNoAxeViolations(page, 'account after switching');
  await expect(page.getByTestId('account-identity')).toContainText(unpaidId);
  await expect(page.getByRole('link', { name: 'Choose a plan' })).toBeVisible();
});
