import { type APIRequestContext, expect, type Page } from '@playwright/test';
import { apiAuth, callApi, createCustomerWithEmail, uniqueEmail } from './portal-support';

export const expiryYear = String(new Date().getUTCFullYear() + 3);

export type BillingCustomer = { id: string; email: string; subscriptionId: string; cardIds: string[] };

/** A customer made over the API as the website would: cards first (the first is primary), then a plan. */
export async function billingCustomer(
  request: APIRequestContext,
  options: { cards?: string[]; plan?: string | null; firstName?: string; lastName?: string } = {},
): Promise<BillingCustomer> {
  const email = uniqueEmail('billing');
  const id = await createCustomerWithEmail(request, email, {
    firstName: options.firstName ?? 'Grace',
    lastName: options.lastName ?? 'Hopper',
  });
  const cardIds: string[] = [];
  for (const number of options.cards ?? ['4111111111111111']) {
    const { payment_source } = await callApi(request, 'payment_sources/create_card', {
      customer_id: id,
      'card[number]': number,
      'card[expiry_month]': '12',
      'card[expiry_year]': expiryYear,
      'card[cvv]': '123',
    });
    cardIds.push(payment_source?.id as string);
  }
  let subscriptionId = '';
  const plan = options.plan === undefined ? 'reader-USD-monthly' : options.plan;
  if (plan) {
    const { subscription } = await callApi(request, `customers/${id}/subscription_for_items`, {
      'subscription_items[item_price_id][0]': plan,
      trial_end: '0',
    });
    subscriptionId = subscription?.id as string;
  }
  return { id, email, subscriptionId, cardIds };
}

/** Opens the portal as the customer through an SSO access URL, as "Manage billing" on the site does. */
export async function openPortal(
  page: Page,
  customerId: string,
  baseURL: string | undefined,
  path = '/portal',
) {
  const { portal_session } = await callApi(page.request, 'portal_sessions', {
    'customer[id]': customerId,
    redirect_url: `${baseURL}/`,
  });
  await page.goto(new URL(portal_session?.access_url as string).pathname);
  await expect(page).toHaveURL(/\/portal$/);
  if (path !== '/portal') await page.goto(path);
}

export async function getResource(request: APIRequestContext, path: string) {
  const response = await request.get(`/api/v2/${path}`, { headers: apiAuth });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Record<string, Record<string, unknown>> & { list?: unknown[] };
}

/** Fills the card form inside `scope` (the portal's add-card form or the checkout page). */
export async function fillCard(
  scope: Page | ReturnType<Page['locator']>,
  number: string,
  name = 'Grace Hopper',
) {
  await scope.getByLabel('Card number').fill(number);
  await scope.getByLabel('Expiry month').selectOption('12');
  await scope.getByLabel('Expiry year').selectOption(expiryYear);
  await scope.getByLabel('Security code').fill('123');
  await scope.getByLabel('Name on card').fill(name);
}
