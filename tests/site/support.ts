import { expect, inject } from 'vitest';
import { api } from '../support/api';
import { SiteBrowser, signInThroughPortal } from '../support/site-http';

/** A customer made on the billing server, with a subscription to `plan` when given. */
export async function createReader(plan?: string): Promise<string> {
  const email = `site-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const options = { baseUrl: inject('billingUrl'), key: inject('billingKey') };
  const created = await api('POST', 'customers', { email, first_name: 'Nell' }, options);
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  if (plan) {
    const id = (created.body.customer as { id: string }).id;
    const subscribed = await api(
      'POST',
      `customers/${id}/subscription_for_items`,
      { subscription_items: { item_price_id: [plan] } },
      options,
    );
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(200);
  }
  return email;
}

/** A browser of the site signed in as `email` through the billing server's portal login. */
export async function signedIn(email: string): Promise<SiteBrowser> {
  const reader = new SiteBrowser(inject('siteUrl'));
  expect((await signInThroughPortal(reader, email)).status).toBe(303);
  expect(reader.signedIn).toBe(true);
  return reader;
}
