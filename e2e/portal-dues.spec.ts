import { expect, test } from '@playwright/test';
import type Chargebee from 'chargebee';
import { formatDate } from '@/lib/portal/billing-format';
import type { TestServer } from '@/tests/support/server';
import { fillCard } from './portal-billing-support';
import { uniqueEmail } from './portal-support';
import { captureWidths } from './screenshot-support';
import { expectNoAxeViolations } from './support/axe';
import {
  day,
  portalAccessPath,
  readerWhoseRenewalWillDecline,
  realNow,
  startMachineAt,
  timeTravelServer,
  travelTo,
} from './time-travel-support';

let server: TestServer;
let cb: Chargebee;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, cb } = await timeTravelServer());
});
test.afterAll(async () => {
  await server?.close();
});

test('a reader whose renewal declined sees what is due and when we retry, then pays it with a new card', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const genesis = realNow() - 40 * day;
  await startMachineAt(cb, genesis);
  const { customer, subscription } = await readerWhoseRenewalWillDecline(cb, uniqueEmail('dues'));
  const renewal = subscription.current_term_end as number;
  await travelTo(cb, renewal + day);

  const invoiceOf = async () =>
    (await cb.invoice.list({ subscription_id: { is: subscription.id } })).list
      .map((entry) => entry.invoice)
      .find((invoice) => invoice.date === renewal);
  const declined = await invoiceOf();
  expect(declined).toMatchObject({ status: 'payment_due', dunning_status: 'in_progress', amount_due: 900 });
  const retryOn = formatDate(declined?.next_retry_at as number);
  const lastTry = formatDate(renewal + 7 * day);

  await page.goto(`${server.url}${await portalAccessPath(cb, customer.id, server.url)}`);
  await expect(page).toHaveURL(/\/portal$/);
  const dues = page.getByTestId('dues');
  await expect(dues.getByTestId('dues-total')).toHaveText('$9.00');
  await expect(dues).toContainText(
    `Payment failed on ${formatDate(renewal)}; we will try again on ${retryOn}.`,
  );
  await expect(dues).toContainText(`If the last try on ${lastTry} fails too, your subscription is cancelled`);
  await expect(page.getByTestId('subscription-dues')).toHaveText('A payment failed: $9.00 is due.');
  await captureWidths(page, 'portal-dues-overview');
  await expectNoAxeViolations(page, 'portal overview with dues');
  await expect(dues.getByRole('link', { name: 'Pay $9.00 now' })).toHaveAttribute(
    'href',
    '/portal/payment-methods#pay',
  );
  // The subscription's own page says the same, and pays from the same place.
  await page.getByTestId('subscription-card').click();
  await expect(page).toHaveURL(new RegExp(`/portal/subscriptions/${subscription.id}$`));
  await expect(page.getByTestId('dues')).toContainText(`we will try again on ${retryOn}`);
  await page.getByTestId('dues').getByRole('link', { name: 'Pay $9.00 now' }).click();
  await expect(page).toHaveURL(/\/portal\/payment-methods#pay$/);

  // The site's "update your card" button: SSO with a deep link to the payment sources section.
  const forward = `${server.url}/portal/v2/login?forward=portal_payment_methods`;
  await page.goto(`${server.url}${await portalAccessPath(cb, customer.id, server.url, forward)}`);
  await expect(page).toHaveURL(/\/portal\/payment-methods$/);
  await expect(page.getByTestId('dues-total')).toHaveText('$9.00');
  // The card on file that declined the renewal declines again: still due, the retry date unchanged.
  await page.getByRole('button', { name: 'Pay $9.00 now with Visa ending 0004' }).click();
  await expect(page.getByTestId('action-error')).toHaveText(
    `The payment was declined. $9.00 is still due; we will try again on ${retryOn}.`,
  );
  const form = page.getByTestId('add-card-form');
  await expect(form.getByTestId('pay-now-note')).toContainText('also pays the $9.00 that is due');
  await captureWidths(page, 'portal-dues-add-card');
  await expectNoAxeViolations(page, 'payment methods with dues and a declined payment');

  await fillCard(form, '5555555555554444');
  await form.getByRole('button', { name: 'Save card and pay $9.00 now' }).click();
  await expect(form.getByTestId('form-notice')).toHaveText(
    'Mastercard •••• 4444 is saved, and $9.00 is paid with it. Nothing is due now.',
  );
  await expect(page.getByTestId('dues')).toHaveCount(0);
  expect(await invoiceOf()).toMatchObject({ status: 'paid', amount_due: 0, dunning_status: 'success' });

  await page.goto(`${server.url}/portal/billing-history`);
  const row = page.getByTestId('invoice-row').filter({ hasText: String(declined?.id) });
  await expect(row).toContainText('Paid');
});
