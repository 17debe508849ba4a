import { expect, test } from './fixtures';
import { fillCard, getResource } from './portal-billing-support';
import { callApi, uniqueEmail } from './portal-support';
import { expectNoAxeViolations } from './support/axe';

async function createCheckout(
  request: Parameters<typeof callApi>[0],
  urls: { redirect_url?: string; cancel_url?: string; 'subscription[trial_end]'?: string },
) {
  const email = uniqueEmail('checkout');
  const { hosted_page } = await callApi(request, 'hosted_pages/checkout_new_for_items', {
    'subscription_items[item_price_id][0]': 'patron-USD-monthly',
    'customer[email]': email,
    'customer[first_name]': 'Katherine',
    ...urls,
  });
  return { email, id: hosted_page?.id as string, url: hosted_page?.url as string };
}

test('starts a free trial through a hosted checkout and lands on redirect_url with the outcome', async ({
  page,
  baseURL,
}) => {
  const redirectUrl = `${baseURL}/?from=checkout`;
  const checkout = await createCheckout(page.request, {
    redirect_url: redirectUrl,
    cancel_url: `${baseURL}/?from=cancel`,
  });
  await page.goto(new URL(checkout.url).pathname);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscribe to Patron');
  await expect(page.getByTestId('checkout-terms')).toContainText(
    'Free for 14 days, then $20.00 a month. Your card will not be charged until',
  );
  await expect(page.getByLabel('Email')).toHaveValue(checkout.email);
  await expect(page.getByLabel('First name')).toHaveValue('Katherine');
  expect((await getResource(page.request, `hosted_pages/${checkout.id}`)).hosted_page?.state).toBe(
    'requested',
  );

  await expect(page.getByRole('button', { name: /^Pay/ })).toHaveCount(0);
  await fillCard(page, '4111 1111 1111 1111', 'Katherine Johnson');
  await page.getByRole('button', { name: 'Start free trial' }).click();
  await expect(page).toHaveURL(`${redirectUrl}&id=${checkout.id}&state=succeeded`);

  const { hosted_page } = await getResource(page.request, `hosted_pages/${checkout.id}`);
  expect(hosted_page?.state).toBe('succeeded');
  const content = hosted_page?.content as Record<string, Record<string, unknown>>;
  expect(content.invoice).toBeUndefined();
  expect(content.subscription).toMatchObject({
    status: 'in_trial',
    subscription_items: [expect.objectContaining({ item_price_id: 'patron-USD-monthly' })],
  });
  expect(content.customer).toMatchObject({ email: checkout.email });

  await page.goto(new URL(checkout.url).pathname);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment complete');
  await expectNoAxeViolations(page, 'a completed checkout');
  await expect(page.getByRole('button', { name: /^Pay/ })).toHaveCount(0);
});

test('shows a declined card beside the card number, then pays with a good card', async ({
  page,
  baseURL,
}) => {
  const redirectUrl = `${baseURL}/?from=checkout`;
  // No trial (subscription[trial_end]=0): the card is charged at once.
  const checkout = await createCheckout(page.request, {
    redirect_url: redirectUrl,
    'subscription[trial_end]': '0',
  });
  await page.goto(new URL(checkout.url).pathname);
  await expect(page.getByTestId('order-summary')).toContainText('$20.00');
  await fillCard(page, '4005 5192 0000 0004', 'Katherine Johnson');
  await page.getByText('Add a billing address').click();
  await page.getByLabel('Street address').fill('1 Langley Blvd');
  await page.getByLabel('City').fill('Hampton');
  await page.getByLabel('Postal code').fill('23681');
  await page.getByLabel('Country').selectOption('US');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();

  await expect(page.locator('#field-number-error')).toHaveText(
    'Your card was declined (insufficient funds), so nothing was charged. Try another card.',
  );
  await expect(page.getByTestId('checkout-error')).toBeVisible();
  await expectNoAxeViolations(page, 'checkout with a declined card');
  await expect(page.getByLabel('Card number')).toHaveValue('');
  await expect(page.getByLabel('Security code')).toHaveValue('');
  await expect(page.getByLabel('Name on card')).toHaveValue('Katherine Johnson');
  await expect(page.getByLabel('Email')).toHaveValue(checkout.email);
  await expect(page.getByLabel('Street address')).toHaveValue('1 Langley Blvd');
  expect((await getResource(page.request, `hosted_pages/${checkout.id}`)).hosted_page?.state).toBe(
    'requested',
  );

  await page.getByLabel('Card number').fill('5555 5555 5555 4444');
  await page.getByLabel('Security code').fill('321');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  await expect(page).toHaveURL(`${redirectUrl}&id=${checkout.id}&state=succeeded`);
  const { hosted_page } = await getResource(page.request, `hosted_pages/${checkout.id}`);
  const content = hosted_page?.content as Record<string, Record<string, unknown>>;
  expect(content.subscription?.status).toBe('active');
  const customerId = content.customer?.id as string;
  const { customer } = await getResource(page.request, `customers/${customerId}`);
  expect(customer?.billing_address).toMatchObject({
    line1: '1 Langley Blvd',
    city: 'Hampton',
    country: 'US',
  });
});

test('cancels a hosted checkout and lands on cancel_url with state=cancelled', async ({ page, baseURL }) => {
  const cancelUrl = `${baseURL}/?from=cancel`;
  const checkout = await createCheckout(page.request, { redirect_url: `${baseURL}/`, cancel_url: cancelUrl });
  await page.goto(new URL(checkout.url).pathname);
  await page.getByRole('button', { name: 'Cancel and go back' }).click();
  await expect(page).toHaveURL(`${cancelUrl}&id=${checkout.id}&state=cancelled`);
  expect((await getResource(page.request, `hosted_pages/${checkout.id}`)).hosted_page?.state).toBe(
    'cancelled',
  );
  await page.goto(new URL(checkout.url).pathname);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This checkout was cancelled');
  await expectNoAxeViolations(page, 'a cancelled checkout');
});

test('a new buyer types their email and name, pays, and becomes a new customer with the subscription', async ({
  page,
  baseURL,
}) => {
  const redirectUrl = `${baseURL}/?from=checkout`;
  const email = uniqueEmail('newbuyer');
  const { hosted_page } = await callApi(page.request, 'hosted_pages/checkout_new_for_items', {
    'subscription_items[item_price_id][0]': 'reader-USD-monthly',
    redirect_url: redirectUrl,
    pass_thru_content: 'e2e-new-buyer',
  });
  const id = hosted_page?.id as string;
  await page.goto(new URL(hosted_page?.url as string).pathname);
  await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('');

  await fillCard(page, '4111 1111 1111 1111', 'Dorothy Vaughan');
  await page.getByRole('button', { name: 'Start free trial' }).click();
  await expect(page.locator('#field-email-error')).toHaveText('Enter your email address.');
  await expectNoAxeViolations(page, 'checkout without the buyer email');
  await expect(page.getByLabel('Card number')).toHaveValue('');
  await expect(page.getByLabel('Name on card')).toHaveValue('Dorothy Vaughan');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('First name').fill('Dorothy');
  await page.getByLabel('Last name').fill('Vaughan');
  await fillCard(page, '4111 1111 1111 1111', 'Dorothy Vaughan');
  await page.getByRole('button', { name: 'Start free trial' }).click();
  await expect(page).toHaveURL(`${redirectUrl}&id=${id}&state=succeeded`);

  const done = (await getResource(page.request, `hosted_pages/${id}`)).hosted_page;
  expect(done).toMatchObject({ state: 'succeeded', pass_thru_content: 'e2e-new-buyer' });
  const content = done?.content as Record<string, Record<string, unknown>>;
  const customerId = content.customer?.id as string;
  const { customer } = await getResource(page.request, `customers/${customerId}`);
  expect(customer).toMatchObject({ email, first_name: 'Dorothy', last_name: 'Vaughan' });
  const { list } = await getResource(page.request, `subscriptions?customer_id[is]=${customerId}`);
  expect(list).toEqual([
    expect.objectContaining({
      subscription: expect.objectContaining({
        status: 'in_trial',
        customer_id: customerId,
        subscription_items: [expect.objectContaining({ item_price_id: 'reader-USD-monthly' })],
      }),
    }),
  ]);
});

test('an existing subscriber signs in instead: the checkout is cancelled back to cancel_url', async ({
  page,
  baseURL,
}) => {
  const cancelUrl = `${baseURL}/?from=signin`;
  const checkout = await createCheckout(page.request, { redirect_url: `${baseURL}/`, cancel_url: cancelUrl });
  await page.goto(new URL(checkout.url).pathname);
  await expect(page.getByTestId('existing-subscriber')).toContainText('Already a subscriber?');
  await page.getByRole('button', { name: 'Sign in instead' }).click();
  await expect(page).toHaveURL(`${cancelUrl}&id=${checkout.id}&state=cancelled`);
  expect((await getResource(page.request, `hosted_pages/${checkout.id}`)).hosted_page?.state).toBe(
    'cancelled',
  );
});

test('explains an unknown checkout page', async ({ page }) => {
  const response = await page.goto(`/pages/v3/${'Z'.repeat(32)}/`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("We can't find this checkout");
  await expect(page).toHaveTitle('Checkout not found · Secure checkout');
});
