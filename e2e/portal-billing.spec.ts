import fs from 'node:fs';
import { expect, test } from './fixtures';
import { billingCustomer, expiryYear, fillCard, getResource, openPortal } from './portal-billing-support';
import { callApi } from './portal-support';
import { expectNoAxeViolations } from './support/axe';

test('adds a card (a failing test card is explained), makes another card primary and removes one', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request, { plan: null });
  await openPortal(page, customer.id, baseURL);
  await page
    .getByRole('navigation', { name: 'Billing portal' })
    .getByRole('link', { name: 'Payment methods' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment methods');
  await expect(page.getByTestId('test-cards')).toContainText('4119 8627 6033 8320');
  await expect(page.getByTestId('test-cards')).toContainText('4005 5192 0000 0004');
  const form = page.getByTestId('add-card-form');

  await fillCard(form, '4119 8627 6033 8320');
  await form.getByRole('button', { name: 'Save card' }).click();
  await expect(page.locator('#field-number-error')).toContainText('would not verify this card');
  await expect(form.getByLabel('Card number')).toHaveValue('');
  await expect(form.getByLabel('Security code')).toHaveValue('');
  await expect(form.getByLabel('Name on card')).toHaveValue('Grace Hopper');
  await expect(form.getByLabel('Expiry month')).toHaveValue('12');
  await expect(form.getByLabel('Expiry year')).toHaveValue(expiryYear);
  await expect(page.getByTestId('card-row')).toHaveCount(1);

  await fillCard(form, '5555 5555 5555 4444');
  await form.getByRole('button', { name: 'Save card' }).click();
  await expect(page.getByTestId('form-notice')).toHaveText('Mastercard •••• 4444 is saved.');
  const mastercard = page.locator('[data-testid="card-row"][data-last4="4444"]');
  const visa = page.locator('[data-testid="card-row"][data-last4="1111"]');
  await expect(visa).toContainText('Primary');
  await expect(mastercard).not.toContainText('Primary');

  await mastercard.getByRole('button', { name: 'Make primary' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('Your primary card is changed');
  await expectNoAxeViolations(page, 'payment methods with a done notice');
  await expect(mastercard).toContainText('Primary');
  await expect(visa).not.toContainText('Primary');

  await visa.getByRole('link', { name: 'Remove Visa •••• 1111' }).click();
  await expect(page.getByTestId('remove-confirm')).toContainText('Remove Visa •••• 1111?');
  await expectNoAxeViolations(page, 'payment methods asking to remove a card');
  await page.getByRole('link', { name: 'Keep it' }).click();
  await expect(page.getByTestId('remove-confirm')).toHaveCount(0);
  await expect(page.getByTestId('card-row')).toHaveCount(2);
  await visa.getByRole('link', { name: 'Remove Visa •••• 1111' }).click();
  await page.getByRole('button', { name: 'Yes, remove this card' }).click();
  await expect(page.getByTestId('done-notice')).toHaveText('The card was removed.');
  await expect(page.getByTestId('card-row')).toHaveCount(1);
  await expect(mastercard).toContainText('Primary');

  const { payment_source } = await getResource(page.request, `payment_sources/${customer.cardIds[0]}`);
  expect(payment_source?.deleted).toBe(true);
  await page.goto('/portal');
  await expect(page.getByTestId('primary-card')).toContainText('Mastercard •••• 4444');
});

test('changes plan now and at renewal, showing the cost before each confirmation', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request);
  await openPortal(page, customer.id, baseURL);
  await page.getByTestId('subscription-card').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reader Monthly');

  await page.getByRole('link', { name: 'Change plan' }).click();
  await page.getByRole('radio', { name: /Patron Monthly/ }).check();
  await page.getByRole('radio', { name: /^Now/ }).check();
  await page.getByRole('button', { name: 'Review change' }).click();
  await expect(page.getByTestId('estimate-now')).toHaveText('$11.00');
  await expect(page.getByTestId('estimate-renewal')).toContainText('$20.00 on');
  expect(
    (await getResource(page.request, `subscriptions/${customer.subscriptionId}`)).subscription,
  ).toMatchObject({ subscription_items: [expect.objectContaining({ item_price_id: 'reader-USD-monthly' })] });
  await page.getByRole('button', { name: 'Confirm change' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('Your plan is changed');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Patron Monthly');
  await expect(page.getByTestId('next-payment')).toContainText('$20.00');

  await page.getByRole('link', { name: 'Change plan' }).click();
  await page.getByRole('radio', { name: /Reader Yearly/ }).check();
  await page.getByRole('radio', { name: /^At renewal/ }).check();
  await page.getByRole('button', { name: 'Review change' }).click();
  await expect(page.getByTestId('estimate-now')).toHaveText('$0.00');
  await expect(page.getByTestId('estimate-renewal')).toContainText('$90.00 on');
  await page.getByRole('button', { name: 'Confirm change' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('Your plan change is scheduled');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Patron Monthly');
  await expect(page.getByTestId('scheduled-change')).toContainText('to Reader Yearly');
  await expect(page.getByTestId('next-payment')).toContainText('$90.00');
  const { subscription } = await getResource(page.request, `subscriptions/${customer.subscriptionId}`);
  expect(subscription).toMatchObject({
    has_scheduled_changes: true,
    subscription_items: [expect.objectContaining({ item_price_id: 'patron-USD-monthly' })],
  });

  await page.getByRole('button', { name: 'Keep my current plan' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('scheduled plan change is removed');
  await expect(page.getByTestId('scheduled-change')).toHaveCount(0);
});

test('refuses a plan change to the plan already held, beside the plan choice', async ({ page, baseURL }) => {
  const customer = await billingCustomer(page.request);
  await openPortal(page, customer.id, baseURL, `/portal/subscriptions/${customer.subscriptionId}/change`);
  await page.getByRole('button', { name: 'Review change' }).click();
  await expect(page.locator('#choice-plan-error')).toHaveText('Choose the plan you want.');
  await expect(page.locator('#choice-when-error')).toHaveText('Choose when the change happens.');
  await page.getByRole('radio', { name: /Reader Monthly/ }).check();
  await page.getByRole('radio', { name: /^Now/ }).check();
  await page.getByRole('button', { name: 'Review change' }).click();
  await expect(page.locator('#choice-plan-error')).toHaveText(
    "You're already on this plan. Choose a different one.",
  );
  await expectNoAxeViolations(page, 'change plan refused');
  await expect(page.getByRole('radio', { name: /Reader Monthly/ })).toBeChecked();
});

test('cancels at the end of the term, then removes the scheduled cancellation', async ({ page, baseURL }) => {
  const customer = await billingCustomer(page.request);
  await openPortal(page, customer.id, baseURL, `/portal/subscriptions/${customer.subscriptionId}`);
  await page.getByRole('link', { name: 'Cancel subscription' }).click();
  await page.getByRole('radio', { name: /At the end of the current term/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('cancel-consequences')).toContainText('You will not be charged again.');
  await expect(page.getByTestId('cancel-consequences')).toContainText('You can change your mind');
  await page.getByRole('button', { name: 'Yes, cancel at the end of the term' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('will end at the end of the current term');
  await expect(page.getByTestId('subscription-status')).toHaveText('Cancellation scheduled');
  await expect(page.getByTestId('ends-on')).toBeVisible();
  expect(
    (await getResource(page.request, `subscriptions/${customer.subscriptionId}`)).subscription?.status,
  ).toBe('non_renewing');
  await page.goto('/portal');
  await expect(page.getByTestId('subscription-summary')).toContainText('Ends on');

  await page.getByTestId('subscription-card').click();
  await page.getByRole('button', { name: 'Keep my subscription' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('The cancellation is removed');
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  expect(
    (await getResource(page.request, `subscriptions/${customer.subscriptionId}`)).subscription?.status,
  ).toBe('active');
});

test('cancels now, then reactivates with a new term charged to the card', async ({ page, baseURL }) => {
  const customer = await billingCustomer(page.request);
  await openPortal(page, customer.id, baseURL, `/portal/subscriptions/${customer.subscriptionId}`);
  await page.getByRole('link', { name: 'Cancel subscription' }).click();
  await page.getByRole('radio', { name: /^Now/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('cancel-consequences')).toContainText('ends right away');
  await expect(page.getByTestId('cancel-consequences')).toContainText('is not refunded');
  await page.getByRole('button', { name: 'Yes, cancel now' }).click();
  await expect(page.getByTestId('done-notice')).toHaveText('Your subscription is cancelled.');
  await expect(page.getByTestId('subscription-status')).toHaveText('Cancelled');
  await expect(page.getByTestId('ended-on')).toBeVisible();
  expect(
    (await getResource(page.request, `subscriptions/${customer.subscriptionId}`)).subscription?.status,
  ).toBe('cancelled');

  await expect(page.getByTestId('reactivate-row')).toContainText('$9.00 is charged to Visa •••• 1111 today');
  await expectNoAxeViolations(page, 'a cancelled subscription');
  await page.getByRole('button', { name: 'Reactivate subscription' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('Your subscription is active again');
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  const invoices = await getResource(page.request, `invoices?subscription_id[is]=${customer.subscriptionId}`);
  expect(invoices.list).toHaveLength(2);
});

test('asks for a card before reactivating when there is none, and links to payment methods', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request);
  await callApi(page.request, `subscriptions/${customer.subscriptionId}/cancel_for_items`, {
    cancel_option: 'immediately',
  });
  await callApi(page.request, `payment_sources/${customer.cardIds[0]}/delete`);
  await openPortal(page, customer.id, baseURL, `/portal/subscriptions/${customer.subscriptionId}`);
  await expect(page.getByTestId('reactivate-needs-card')).toContainText('you need a valid card');
  await expect(page.getByRole('button', { name: 'Reactivate subscription' })).toHaveCount(0);
  await page
    .getByTestId('reactivate-needs-card')
    .getByRole('link', { name: 'Add a card in Payment methods' })
    .click();
  await expect(page).toHaveURL(/\/portal\/payment-methods$/);
  await fillCard(page.getByTestId('add-card-form'), '4111 1111 1111 1111');
  await page.getByRole('button', { name: 'Save card' }).click();
  await expect(page.getByTestId('form-notice')).toHaveText('Visa •••• 1111 is saved.');
  await page.goto(`/portal/subscriptions/${customer.subscriptionId}`);
  await page.getByRole('button', { name: 'Reactivate subscription' }).click();
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
});

test('pauses and resumes a subscription', async ({ page, baseURL }) => {
  const customer = await billingCustomer(page.request);
  await openPortal(page, customer.id, baseURL, `/portal/subscriptions/${customer.subscriptionId}`);
  await page.getByRole('button', { name: 'Pause subscription' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('Your subscription is paused');
  await expect(page.getByTestId('subscription-status')).toHaveText('Paused');
  await expect(page.getByTestId('resume-row')).toContainText('nothing is charged today');
  await expectNoAxeViolations(page, 'a paused subscription');
  expect(
    (await getResource(page.request, `subscriptions/${customer.subscriptionId}`)).subscription?.status,
  ).toBe('paused');
  await page.getByRole('button', { name: 'Resume subscription' }).click();
  await expect(page.getByTestId('done-notice')).toHaveText('Your subscription is running again.');
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  expect(
    (await getResource(page.request, `subscriptions/${customer.subscriptionId}`)).subscription?.status,
  ).toBe('active');
});

test('shows the overview and billing history, and downloads an invoice as a PDF', async ({
  page,
  baseURL,
}) => {
  const customer = await billingCustomer(page.request);
  for (const plan of ['patron-USD-monthly', 'reader-USD-yearly', 'patron-USD-yearly']) {
    await callApi(page.request, `subscriptions/${customer.subscriptionId}/update_for_items`, {
      'subscription_items[item_price_id][0]': plan,
      change_option: 'immediately',
    });
  }
  const { list } = await getResource(page.request, `invoices?customer_id[is]=${customer.id}`);
  const invoiceIds = (list as { invoice: { id: string } }[]).map(({ invoice }) => invoice.id);
  expect(invoiceIds).toHaveLength(4);

  await openPortal(page, customer.id, baseURL);
  await expect(page.getByTestId('subscription-summary')).toContainText('Next payment: $200.00 on');
  await expect(page.getByTestId('primary-card')).toContainText('Visa •••• 1111');
  await expect(page.getByTestId('primary-card')).toContainText(
    `Expires 12/${new Date().getUTCFullYear() + 3}`,
  );
  const recent = page.getByTestId('recent-invoices').getByRole('listitem');
  await expect(recent).toHaveCount(3);
  await expect(recent.first()).toContainText(`#${invoiceIds[0]}`);
  await page.getByRole('link', { name: 'Billing history' }).first().click();
  await expect(page).toHaveURL(/\/portal\/billing-history$/);
  await expect(page.getByTestId('invoice-row')).toHaveCount(4);

  const newest = invoiceIds[0] as string;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `Download PDF of invoice ${newest}` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`invoice-${newest}.pdf`);
  expect(
    fs
      .readFileSync(await download.path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');
  const response = await page.request.get(`/portal/invoices/${newest}/pdf`);
  expect(response.headers()['content-type']).toBe('application/pdf');
});
